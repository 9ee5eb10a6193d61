import { describe, expect, it } from 'vitest';
import { changedDuringFaults, judgeCustomRule } from '../../src/experiment/custom-rules.js';
import type { CustomRule } from '../../src/experiment/scenario.js';

const rule = (custom: CustomRule['custom'], collection?: string): CustomRule => ({
  kind: 'custom',
  custom,
  id: custom,
  text: custom,
  ...(collection ? { collection } : {}),
});
const counts = (duplicated: number) => ({
  counts: { ok: 10, lost: 0, stale: 0, resurrected: 0, phantom: 0, duplicated },
});
const TABLES = ['customers', 'orders'];

describe('custom rules from the final states', () => {
  it('verify_no_duplicates sums duplicated keys over the tables, or its collection only', () => {
    const results = { customers: counts(0), orders: counts(2) };
    expect(judgeCustomRule(rule('verify_no_duplicates'), TABLES, results, {}, true)).toEqual({
      pass: false,
      detail: '2 duplicated key(s) in customers, orders',
    });
    expect(judgeCustomRule(rule('verify_no_duplicates', 'customers'), TABLES, results, {}, true)).toEqual({
      pass: true,
      detail: '0 duplicated key(s) in customers',
    });
  });

  it('verify_event_processing: every row changed during a fault intact, and only with quiescence', () => {
    const during = { customers: { changed: 5, bad: 0 }, orders: { changed: 3, bad: 0 } };
    const r = rule('verify_event_processing');
    expect(judgeCustomRule(r, TABLES, {}, during, true)).toEqual({
      pass: true,
      detail: '8/8 row(s) changed during faults arrived intact',
    });
    expect(judgeCustomRule(r, TABLES, {}, during, false)).toEqual({
      pass: false,
      detail: '8/8 row(s) changed during faults arrived intact (no quiescence)',
    });
    expect(judgeCustomRule(r, TABLES, {}, { ...during, orders: { changed: 3, bad: 1 } }, true).pass).toBe(false);
  });

  it('changedDuringFaults: rows last changed inside a fault window (ends included), from the run epoch', () => {
    const rows = [900, 1_000, 1_500, 2_000, 2_001, 5_000].map((t, i) => ({ key: `k${i}`, updatedMs: 10_000 + t }));
    const faults = [
      { startMs: 1_000, endMs: 2_000 },
      { startMs: 4_000, endMs: 6_000 },
    ];
    expect(changedDuringFaults(rows, 10_000, faults).map((r) => r.key)).toEqual(['k1', 'k2', 'k3', 'k5']);
    expect(changedDuringFaults(rows, 10_000, [])).toEqual([]);
  });
});
