// Thresholds — https://grafana.com/docs/k6/latest/using-k6/thresholds/
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';

describe.skipIf(!built)('thresholds (k6 docs: using-k6/thresholds)', () => {
  it('an empty Rate passes its threshold; an empty Counter has count 0', () => {
    const r = run('thresholds-empty-rate.js');
    expect(r.code).toBe(0);
    expect(r.summary?.metrics.never_added.thresholds).toEqual({ 'rate>0.99': { ok: true } });
    expect(r.summary?.metrics.never_counted.values.count).toBe(0);
  });

  it('abortOnFail is evaluated during the run (every 2 s): exit 99, teardown and summary still run', () => {
    const r = run('thresholds-abort.js');
    expect(r.code).toBe(99);
    expect(results(r)).toContain('teardown ran');
    // stopped by the periodic evaluation, far before the 60 s duration
    expect(r.summary!.state.testRunDurationMs).toBeLessThan(30_000);
    expect(r.summary!.metrics.errors.thresholds).toEqual({ 'count<1': { ok: false } });
  });

  it('Trend percentiles use linear interpolation between closest ranks, as k6', () => {
    const r = run('trend-percentiles.js');
    expect(r.code).toBe(0);
    const v = r.summary!.metrics.values.values;
    expect(v['p(90)']).toBeCloseTo(9.1, 10);
    expect(v['p(95)']).toBeCloseTo(9.55, 10);
    expect(v['p(99.9)']).toBeCloseTo(9.991, 10);
    expect(v.med).toBe(5.5);
    expect(v.avg).toBe(5.5);
    expect(v.count).toBe(10);
  });

  it('--no-thresholds ignores failing thresholds', () => {
    expect(run('thresholds-fail.js', ['--no-thresholds']).code).toBe(0);
  });
});
