// k6 options of a bundle: four scenarios on one clock — load (ramping VUs), chaos (one VU walking
// the fault plan), probes (one VU observing until every rule window closes), verification (after
// the timeline) — and the thresholds generated from the scenario. A dry run has one no-op scenario.

import { formatDuration } from '../experiment/duration.js';
import { loadStages } from '../experiment/load-profile.js';
import { observationEndMs } from '../experiment/rules.js';
import { SETTLE_CAP_FACTOR } from '../experiment/steady-state.js';
import { buildThresholds } from '../experiment/thresholds.js';
import { CONFIG, JUDGED_RULES, PLAN, SCENARIO } from './config.js';

// Verification starts once the load's last iterations had time to finish.
const LOAD_GRACE_MS = 2000;

export function buildOptions(): Record<string, unknown> {
  const total = PLAN.timeline.totalMs;
  const trendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];
  if (CONFIG.dryRun) {
    return {
      scenarios: { dry_run: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'dryRun' } },
      summaryTrendStats: trendStats,
    };
  }
  const observe = observationEndMs(
    JUDGED_RULES.map((p) => p.rule),
    PLAN.timeline,
  );
  const scenarios = {
    load: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: loadStages(SCENARIO.load, PLAN.timeline, CONFIG.vus),
      exec: 'load',
      gracefulRampDown: '2s',
      gracefulStop: '2s',
    },
    chaos: {
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      exec: 'chaos',
      maxDuration: formatDuration(total + 60_000),
    },
    probes: {
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      exec: 'probe',
      maxDuration: formatDuration(observe + 60_000),
    },
    verify: {
      executor: 'per-vu-iterations',
      // Readers of their own shards at once (src/k6/verify.ts); setup may ask fewer of them to read.
      vus: CONFIG.verifyReaders,
      iterations: 1,
      exec: 'verify',
      startTime: formatDuration(total + LOAD_GRACE_MS),
      maxDuration: formatDuration(CONFIG.quiescenceTimeoutMs + 600_000),
    },
  };
  return {
    // CHAOS_ONLY (`cdc-chaos inject`): only the fault walk; load and verdicts belong to the user's own script.
    scenarios: CONFIG.chaosOnly ? { chaos: scenarios.chaos } : scenarios,
    // Without load or verdicts, a fault that failed or did not take effect still fails the run.
    thresholds: CONFIG.chaosOnly
      ? { chaos_action_errors: ['count==0'] }
      : buildThresholds(SCENARIO, CONFIG.delivery, CONFIG.scale),
    // preflight + hot rows take seconds; the rest is the steady-state wait (at most SETTLE_CAP_FACTOR × its timeout)
    setupTimeout: formatDuration(CONFIG.settleTimeoutMs * SETTLE_CAP_FACTOR + 60_000),
    teardownTimeout: '300s',
    summaryTrendStats: trendStats,
    tags: { cdc_scenario: SCENARIO.id },
  };
}
