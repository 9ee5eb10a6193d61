// k6's exit codes (errext/exitcodes) and how a run's failure maps to one.
import { ScriptError } from '../loader.js';
import { ConfigError } from '../metrics/engine.js';
import { InitError, AbortedInInit } from '../executors/pool.js';

export const EXIT = {
  OK: 0,
  THRESHOLDS: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  INVALID_CONFIG: 104,
  EXTERNAL_ABORT: 105,
  SCRIPT_EXCEPTION: 107,
  SCRIPT_ABORTED: 108,
  MARKED_FAILED: 110,
} as const;

/** A failure that ends the run with its own exit code. */
export class RunFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The exit code an error carries, or undefined for an unexpected one (a bug: rethrown). */
export function exitCodeOf(e: unknown): number | undefined {
  if (e instanceof RunFailure) return e.exitCode;
  if (e instanceof ConfigError) return EXIT.INVALID_CONFIG;
  if (e instanceof ScriptError || e instanceof InitError) return EXIT.SCRIPT_EXCEPTION;
  if (e instanceof AbortedInInit) return EXIT.SCRIPT_ABORTED;
  const code = (e as { exitCode?: unknown })?.exitCode;
  return typeof code === 'number' ? code : undefined;
}
