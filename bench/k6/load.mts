// k6 bench entry (bundled by bench/lib/bundle.ts the way build/bundles.mjs bundles src/k6/entry.ts): the
// bundles' own load iteration, alone, at a constant VU count — no chaos, probes or verification, so
// the rows/s it reaches is the harness's write path and nothing else. The scenario (with the write
// mix and think time the bench wants) is define'd as __CHAOS_SCENARIO__, exactly as for a bundle.
//
// `.mts`, not `.ts`: tsconfig.json type-checks bench/**/*.ts in the Node world, where k6 modules do
// not exist; bench/tsconfig.k6.json checks these files in the k6 world instead.
import { loadIteration } from '../../src/k6/load.js';
import type { RunData } from '../../src/k6/config.js';
import { openHistory } from '../../src/k6/history-store.js';
import { benchRunData } from './run-data.mjs';

export const options = {
  scenarios: {
    load: {
      executor: 'constant-vus',
      vus: Number(__ENV.BENCH_VUS),
      duration: __ENV.BENCH_DURATION,
      exec: 'load',
      gracefulStop: '5s',
    },
  },
  summaryTrendStats: ['avg', 'med', 'p(99)', 'max'],
};

export function setup(): RunData {
  // The load records every write's outcome in the run's history, as in a bundle (whose setup creates its table).
  openHistory();
  return benchRunData(1);
}

export function load(data: RunData): void {
  loadIteration(data);
}
