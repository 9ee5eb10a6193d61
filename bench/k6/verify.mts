// k6 bench entry (bundled by bench/lib/bundle.ts): the bundles' verification readers (CHAOS_VERIFY_READERS
// VUs, as in an experiment), once, over rows the bench loaded straight into PostgreSQL and MongoDB under one run
// id — the same quiescence check, the same one-scan-per-side reads, the same classification
// (src/experiment/verdict.ts) and the same merge of the readers' parts as in an experiment. The run's timings
// come out as the bundle's own metrics (cdc_verification_time, cdc_convergence_time).
// `.mts`: see bench/k6/load.mts.
import { verifyVu } from '../../src/k6/verify.js';
import { CONFIG, type RunData } from '../../src/k6/config.js';
import { planVerifyReaders } from '../../src/k6/verify-parts.js';
import { openHistory } from '../../src/k6/history-store.js';
import { benchRunData } from './run-data.mjs';
import { WHOLE_TEST } from '../../src/experiment/instance.js';

export const options = {
  scenarios: {
    verify: {
      executor: 'per-vu-iterations',
      vus: CONFIG.verifyReaders,
      iterations: 1,
      exec: 'verify',
      maxDuration: '30m',
    },
  },
  summaryTrendStats: ['avg', 'med', 'max'],
};

export function setup(): RunData {
  openHistory(); // as the bundles' setup does: the verification reads the (empty) history
  // epochMs: the fault windows of the scenario sit at the start of the timeline; the rows were
  // written before it, so none counts as "changed during a fault" (the filter still runs).
  return benchRunData(planVerifyReaders(WHOLE_TEST));
}

export function verify(data: RunData): void {
  verifyVu(data);
}
