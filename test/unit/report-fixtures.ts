// A realistic finished run of the mongodb-failure scenario: k6 summary data (one failing
// threshold), and the probe/verification records, for the report tests.
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import type { RunRecord } from '../../src/k6/report/run-record.js';
import type { SummaryData } from '../../src/k6/report/summary-data.js';
import type { ReportContext } from '../../src/k6/report/text.js';

export function scenario(id = 'mongodb-failure'): ScenarioSpec {
  const r = loadScenarioFile(new URL(`../../scenarios/${id}.yml`, import.meta.url).pathname);
  if (!r.scenario) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

export const SCALE = 0.1;

export function context(): ReportContext {
  return { scenario: scenario(), scale: SCALE, delivery: 'at-least-once' };
}

const counter = (count: number, thresholds?: Record<string, { ok: boolean }>) => ({
  type: 'counter' as const,
  contains: 'default' as const,
  values: { count, rate: count / 40 },
  ...(thresholds ? { thresholds } : {}),
});

export function summary(): SummaryData {
  return {
    metrics: {
      cdc_lost: counter(2, { 'count==0': { ok: false } }),
      cdc_stale: counter(0, { 'count==0': { ok: true } }),
      cdc_resurrected: counter(1, { 'count==0': { ok: false } }),
      cdc_phantom: counter(0, { 'count==0': { ok: true } }),
      cdc_duplicates: counter(0, { 'count==0': { ok: true } }),
      cdc_out_of_order: counter(3, { 'count==0': { ok: false } }),
      cdc_redeliveries: counter(17),
      cdc_rows_verified: counter(1234),
      cdc_writes: counter(5678),
      cdc_success_rate: {
        type: 'rate',
        contains: 'default',
        values: { rate: 0.995, passes: 5678, fails: 29 },
        thresholds: { 'rate>0.99': { ok: true } },
      },
      chaos_recovery_time: {
        type: 'trend',
        contains: 'time',
        values: { avg: 4200, min: 4200, med: 4200, max: 4200, 'p(90)': 4200, 'p(95)': 4200, 'p(99)': 4200 },
        thresholds: { 'p(95)<30000': { ok: true } },
      },
      cdc_e2e_latency: {
        type: 'trend',
        contains: 'time',
        values: { avg: 812.5, min: 40, med: 95, max: 9876, 'p(90)': 2500, 'p(95)': 4321, 'p(99)': 9000 },
      },
      chaos_baseline_quiet: {
        type: 'rate',
        contains: 'default',
        values: { rate: 1, passes: 1, fails: 0 },
        thresholds: { 'rate==1': { ok: true } },
      },
    },
    setup_data: { runId: 'run-test-1', seed: 42 },
    state: { testRunDurationMs: 41_000 },
  };
}

export function record(): RunRecord {
  // Timeline at scale 0.1: baseline 0–6 s, crash at 6 s, outage 6–12 s, recovery at 12 s, catchup 12–30 s.
  const writes: [number, number][] = [];
  const processed: [number, number][] = [];
  const lag: [number, number][] = [];
  const health: [number, number][] = [];
  for (let t = 0; t <= 32_000; t += 1000) {
    writes.push([t, t / 10]);
    const down = t >= 6000 && t < 14_000;
    processed.push([t, down ? 600 : t < 6000 ? t / 10 : 600 + (t - 14_000) / 5]);
    lag.push([t, down ? (t - 6000) / 10 : Math.max(0, 800 - (t - 14_000) / 5)]);
    health.push([t, down ? 0 : 1]);
  }
  const canaries: [number, number | null][] = [];
  for (let t = 0; t < 30_000; t += 1000)
    canaries.push([t, t >= 6000 && t < 12_000 ? 14_000 - t : t === 29_000 ? null : 80]);
  return {
    probe: {
      series: {
        writes,
        processed,
        lag,
        health,
        alerts: [
          [0, 0],
          [5000, 0],
          [10_000, 1],
          [15_000, 1],
          [20_000, 0],
        ],
        'alert:CdcMongoUnreachable': [
          [10_000, 1],
          [15_000, 1],
          [20_000, 0],
        ],
        'container:cdc-mongodb': health,
      },
      canaries,
      timings: [
        {
          faultId: 'crash.0.kill.cdc-mongodb',
          action: 'kill',
          target: 'cdc-mongodb',
          detectMs: 1000,
          recoveryMs: 4200,
          recoveryLowerBoundMs: 20_000,
          lagRecoveryMs: 9000,
        },
      ],
      orderExamples: ['run-test-1-hot-3'],
      rules: [
        {
          rule: 'cdc_mongodb_healthy_within_30s_after_recovery',
          pass: true,
          detail: 'cdc-mongodb healthy 2s after window start',
        },
        { rule: 'baseline_no_alerts', pass: true, detail: 'no alert fired in phase baseline (2 observations)' },
      ],
      untilMs: 32_000,
    },
    verify: {
      tables: {
        customers: {
          keys: 700,
          counts: { ok: 697, lost: 2, stale: 0, resurrected: 1, phantom: 0, duplicated: 0 },
          examples: {
            ok: [],
            lost: ['run-test-1-c-1-7', 'run-test-1-c-2-9'],
            stale: [],
            resurrected: ['run-test-1-c-4-1'],
            phantom: [],
            duplicated: [],
          },
        },
        orders: {
          keys: 534,
          counts: { ok: 534, lost: 0, stale: 0, resurrected: 0, phantom: 0, duplicated: 0 },
          examples: { ok: [], lost: [], stale: [], resurrected: [], phantom: [], duplicated: [] },
        },
      },
      rules: [{ rule: 'verify_no_duplicates_customers', pass: true, detail: '0 duplicated key(s) in customers' }],
      quiescent: true,
    },
  };
}
