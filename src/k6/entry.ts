// The k6 script of one experiment. The build (src/bundle/k6-bundle.ts) bundles this file once per scenario with the
// scenario embedded: `k6 run dist/chaos-<name>.js` (or `cdc-chaos run`) loads, injects faults on
// the phase boundaries, heals, verifies PostgreSQL = MongoDB and gates with thresholds (exit 99).

import { textSummary as k6TextSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';
import { chaosVu } from './chaos.js';
import { CONFIG, SCENARIO, type RunData } from './config.js';
import { dryRun as printDryRun, setupRun, teardownRun } from './lifecycle.js';
import { loadIteration } from './load.js';
import type { HistoryEvent } from '../experiment/history.js';
import { takeHistory } from './history-store.js';
import { buildOptions } from './options.js';
import { probeVu } from './probes.js';
import { summaryOutputs } from './report/outputs.js';
import type { SummaryData } from './report/summary-data.js';
import { verifyVu } from './verify.js';

export const options = buildOptions();

export function setup(): RunData {
  return setupRun();
}

export function load(data: RunData): void {
  loadIteration(data);
}

/** @alias k6 runs a script's default function when no scenario names an exec; ours is the load. */
export default load;

export function chaos(data: RunData): void {
  chaosVu(data);
}

export function probe(data: RunData): void {
  probeVu(data);
}

export function verify(data: RunData): void {
  verifyVu(data);
}

export function dryRun(data: RunData): void {
  printDryRun(data);
}

export function teardown(data: RunData): void {
  teardownRun(data);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  // CHAOS_ONLY (`cdc-chaos inject`): no load, no verdict to report; the fault journal is the record.
  if (CONFIG.chaosOnly) return { stdout: '' };
  // The run's history: every report file is read off it (and k6's summary data); without it the report still
  // renders from the summary alone and says what is missing.
  let history: HistoryEvent[] = [];
  const runId = data.setup_data?.runId;
  // The history is the run's: the verifying instance takes it, an instance that only loads leaves it.
  if (runId && !data.setup_data?.dryRun && data.setup_data?.instance?.verifier !== false) {
    try {
      history = takeHistory(runId);
    } catch (e) {
      console.error(
        `cdc-chaos: could not read the run's history for its history and journal files: ${(e as Error).message}`,
      );
    }
  }
  // k6's standard summary after the verdict, coloured when k6 would colour its own (a terminal, no --no-color)
  const standard = (d: SummaryData): string =>
    k6TextSummary(d, { indent: '', enableColors: d.state?.isStdOutTTY === true && d.options?.noColor !== true });
  return summaryOutputs(
    data,
    { scenario: SCENARIO, scale: CONFIG.scale, delivery: CONFIG.delivery },
    CONFIG.reportDir,
    standard,
    history,
  );
}
