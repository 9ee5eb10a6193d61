// `k6 run` on this runtime: a TestRun (run/test-run.ts) per call. This module is what the CLI and embedders import.
import { TestRun } from './run/test-run.js';
import type { RunFlags } from './run/flags.js';

export { EXIT } from './run/exit.js';
export type { RunFlags } from './run/flags.js';

/** Runs the test; resolves with the process exit code (never calls process.exit itself, but on a second signal). */
export function runTest(flags: RunFlags): Promise<number> {
  return new TestRun(flags).execute();
}
