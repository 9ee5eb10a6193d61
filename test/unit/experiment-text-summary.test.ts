import { describe, expect, it } from 'vitest';
import { textSummary } from '../../src/k6/report/text.js';
import type { SummaryData } from '../../src/k6/report/summary-data.js';
import { shippedScenario } from './helpers-scenarios.js';

const ctx = { scenario: shippedScenario('mongodb-failure'), scale: 0.1, delivery: 'at-least-once' };

function data(lost: number): SummaryData {
  return {
    setup_data: { runId: 'run-x', seed: 42 },
    metrics: {
      cdc_lost: {
        type: 'counter',
        contains: 'default',
        values: { count: lost, rate: 0 },
        thresholds: { 'count==0': { ok: lost === 0 } },
      },
      cdc_rows_verified: { type: 'counter', contains: 'default', values: { count: 1200, rate: 0 } },
      chaos_recovery_time: {
        type: 'trend',
        contains: 'time',
        values: { avg: 4200, med: 4000, 'p(95)': 6100, max: 6500 },
        thresholds: { 'p(95)<30000': { ok: true } },
      },
      cdc_success_rate: { type: 'rate', contains: 'default', values: { rate: 1, passes: 900, fails: 0 } },
    },
  };
}

describe('text summary', () => {
  it('passes: verdict first, run id and seed, integrity line', () => {
    const text = textSummary(data(0), ctx);
    expect(text).toMatch(/MongoDB Crash and Recovery \(mongodb-failure\) {2}run run-x {2}seed 42 {2}scale 0\.1/);
    expect(text).toMatch(/VERDICT: PASS — all 2 thresholds passed/);
    expect(text).toMatch(/verified keys 1200: lost 0 · stale 0/);
    expect(text).toMatch(/✓ chaos_recovery_time p\(95\)<30000 {3}observed 6\.10s/);
  });

  it('fails: the verdict line names the failing threshold, listed first with its observed value', () => {
    const text = textSummary(data(3), ctx);
    expect(text).toMatch(/VERDICT: FAIL — 1 of 2 thresholds failed: cdc_lost count==0/);
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('thresholds') && !l.includes('VERDICT'));
    expect(lines[first + 1]).toMatch(/✗ cdc_lost count==0 {3}observed 3/);
  });
});
