// Where option tiers come from (pure): K6_* environment variables and CLI flags. Consolidation
// (CLI > env > script) is in options.ts.
import { ConfigError } from '../metrics/types.js';
import { ALL_SYSTEM_TAGS } from '../vu/state.js';

/** The CLI flags that set options. */
export interface CliExecFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: Array<{ duration: string; target: number }>;
  noThresholds: boolean;
  noSetup: boolean;
  noTeardown: boolean;
  summaryTrendStats?: string[];
  /** --tag */
  tags?: Record<string, string>;
  /** further options set by flags (k6 getOptions), as option keys */
  options?: Record<string, unknown>;
}

/** K6_* environment variables that set options (k6: CLI > env > script). */
export function envOptions(env: Record<string, string | undefined>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const bool = (v: string) => v === 'true' || v === '1';
  if (env.K6_VUS) o.vus = Number(env.K6_VUS);
  if (env.K6_DURATION) o.duration = env.K6_DURATION;
  if (env.K6_ITERATIONS) o.iterations = Number(env.K6_ITERATIONS);
  if (env.K6_STAGES) {
    o.stages = env.K6_STAGES.split(',').map((p) => {
      const [d, t] = p.split(':');
      return { duration: d, target: Number(t) };
    });
  }
  if (env.K6_NO_THRESHOLDS) o.noThresholds = bool(env.K6_NO_THRESHOLDS);
  if (env.K6_NO_SETUP) o.noSetup = bool(env.K6_NO_SETUP);
  if (env.K6_NO_TEARDOWN) o.noTeardown = bool(env.K6_NO_TEARDOWN);
  if (env.K6_SUMMARY_TREND_STATS) o.summaryTrendStats = env.K6_SUMMARY_TREND_STATS.split(',');
  if (env.K6_SETUP_TIMEOUT) o.setupTimeout = env.K6_SETUP_TIMEOUT;
  if (env.K6_TEARDOWN_TIMEOUT) o.teardownTimeout = env.K6_TEARDOWN_TIMEOUT;
  if (env.K6_THROW) o.throw = bool(env.K6_THROW);
  // the rest of lib.Options' envconfig names that this runtime implements (durations are checked on consolidation)
  for (const [name, key] of STRING_OPTIONS) if (env[name]) o[key] = env[name];
  for (const [name, key] of NUMBER_OPTIONS) if (env[name]) o[key] = Number(env[name]);
  for (const [name, key] of BOOL_OPTIONS) if (env[name]) o[key] = bool(env[name]);
  // metrics.SystemTagSet.UnmarshalText: names trimmed, unknown ones dropped
  if (env.K6_SYSTEM_TAGS)
    o.systemTags = env.K6_SYSTEM_TAGS.split(',')
      .map((t) => t.trim())
      .filter((t) => ALL_SYSTEM_TAGS.has(t));
  if (env.K6_TAGS) o.tags = envMap('K6_TAGS', 'RunTags', env.K6_TAGS);
  return o;
}

const STRING_OPTIONS = [
  ['K6_USER_AGENT', 'userAgent'],
  ['K6_MIN_ITERATION_DURATION', 'minIterationDuration'],
  ['K6_HANDLE_SUMMARY_TIMEOUT', 'handleSummaryTimeout'],
  ['K6_SUMMARY_TIME_UNIT', 'summaryTimeUnit'],
  ['K6_HTTP_DEBUG', 'httpDebug'],
] as const;
const NUMBER_OPTIONS = [
  ['K6_MAX_REDIRECTS', 'maxRedirects'],
  ['K6_BATCH', 'batch'],
  ['K6_BATCH_PER_HOST', 'batchPerHost'],
] as const;
const BOOL_OPTIONS = [
  ['K6_INSECURE_SKIP_TLS_VERIFY', 'insecureSkipTLSVerify'],
  ['K6_NO_CONNECTION_REUSE', 'noConnectionReuse'],
  ['K6_NO_VU_CONNECTION_REUSE', 'noVUConnectionReuse'],
  ['K6_DISCARD_RESPONSE_BODIES', 'discardResponseBodies'],
] as const;

/** envconfig's map syntax (github.com/mstoykov/envconfig): `key:value` pairs separated by commas; a bad item fails
 *  the run as k6's readEnvConfig does (InvalidConfig, 104), with envconfig's ParseError text. */
function envMap(name: string, field: string, value: string): Record<string, string> {
  const m: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const kv = pair.split(':');
    if (kv.length !== 2)
      throw new ConfigError(
        `envconfig.Process: assigning ${name} to ${field}: converting '${value}' to type map[string]string. details: invalid map item: ${JSON.stringify(pair)}`,
      );
    m[kv[0]] = kv[1];
  }
  return m;
}

export function cliOptions(f: CliExecFlags): Record<string, unknown> {
  const o: Record<string, unknown> = { ...f.options };
  if (f.vus !== undefined) o.vus = f.vus;
  if (f.duration !== undefined) o.duration = f.duration;
  if (f.iterations !== undefined) o.iterations = f.iterations;
  if (f.stages?.length) o.stages = f.stages;
  if (f.noThresholds) o.noThresholds = true;
  if (f.noSetup) o.noSetup = true;
  if (f.noTeardown) o.noTeardown = true;
  if (f.summaryTrendStats) o.summaryTrendStats = f.summaryTrendStats;
  // k6 replaces the script's tags with the command line's (lib.Options.Apply copies non-empty RunTags)
  if (f.tags && Object.keys(f.tags).length > 0) o.tags = f.tags;
  return o;
}
