// `-o/--out TYPE[=ARG]` (k6 `internal/cmd/outputs.go`): one Output per spec.
import { JsonOutput } from './json.js';
import { PrometheusRWOutput } from './prometheus-rw.js';
import type { Output, OutputContext } from './types.js';

export type { Output, OutputContext } from './types.js';
export { JsonOutput } from './json.js';

export const SUPPORTED_OUTPUTS = ['json', 'experimental-prometheus-rw'] as const;

export class OutputConfigError extends Error {
  override name = 'OutputConfigError';
  /** k6 fails invalid output configuration as InvalidConfig */
  readonly exitCode = 104;
}

/** Splits `type=arg` at the first '='. */
export function parseOutputSpec(spec: string): { type: string; arg: string } {
  const i = spec.indexOf('=');
  return i === -1 ? { type: spec, arg: '' } : { type: spec.slice(0, i), arg: spec.slice(i + 1) };
}

/**
 * Creates the outputs for the `-o` specs (K6_OUT is the caller's business). `env` is the process environment as
 * k6 sees it (K6_PROMETHEUS_RW_*). Pass `ctx.engine` (the run's MetricsEngine) so custom metrics have their types.
 * Throws OutputConfigError (exit 104) for an unknown output type, listing the supported ones, or a bad config.
 */
export function createOutputs(
  specs: string[],
  env: Record<string, string | undefined>,
  ctx: OutputContext = {},
): Output[] {
  return specs.map((spec) => {
    const { type, arg } = parseOutputSpec(spec);
    try {
      switch (type) {
        case 'json':
          return new JsonOutput(arg, ctx);
        case 'experimental-prometheus-rw':
          // k6 ignores the argument of this output (configuration comes from K6_PROMETHEUS_RW_* only)
          return new PrometheusRWOutput(env, ctx);
      }
    } catch (e) {
      throw new OutputConfigError(`could not create the '${type}' output: ${(e as Error).message}`);
    }
    throw new OutputConfigError(`invalid output type '${type}', available types are: ${SUPPORTED_OUTPUTS.join(', ')}`);
  });
}
