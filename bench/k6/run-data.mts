// The setup data of a bench bundle: one run id from the bench (BENCH_RUN_ID), the whole test, no hot rows.
// `.mts`: see bench/k6/load.mts.
import type { RunData } from '../../src/k6/config.js';
import { WHOLE_TEST } from '../../src/experiment/instance.js';

export function benchRunData(verifyReaders: number): RunData {
  return {
    runId: __ENV.BENCH_RUN_ID,
    seed: 1,
    epochMs: Date.now(),
    hotKeys: [],
    dryRun: false,
    instance: WHOLE_TEST,
    verifyReaders,
  };
}
