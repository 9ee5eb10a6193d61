// Scenarios and executors — https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/
// (+ concepts/graceful-stop, concepts/dropped-iterations)
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';

describe.skipIf(!built)('executors (k6 docs: using-k6/scenarios/executors)', () => {
  it('shared-iterations: exactly `iterations` in total, each iterationInTest once', () => {
    const r = run('shared-iterations.js');
    expect(r.code).toBe(0);
    const lines = results(r) as Array<{ i: number; vu: number }>;
    expect(lines.map((l) => l.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(new Set(lines.map((l) => l.vu)).size).toBeLessThanOrEqual(3);
    expect(r.summary?.metrics.iterations.values.count).toBe(17);
  });

  it('per-vu-iterations: every VU runs `iterations` (vus × iterations in total)', () => {
    const r = run('per-vu-iterations.js');
    expect(r.code).toBe(0);
    const lines = results(r) as Array<{ vu: number; iter: number; __ITER: number }>;
    for (const vu of [1, 2, 3, 4]) {
      expect(
        lines
          .filter((l) => l.vu === vu)
          .map((l) => l.iter)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4]);
    }
    expect(lines.every((l) => l.iter === l.__ITER)).toBe(true);
    expect(r.summary?.metrics.iterations.values.count).toBe(20);
  });

  it('constant-arrival-rate: iterations without a free VU become dropped_iterations (tagged with the scenario tags)', () => {
    const r = run('arrival-dropped.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.dropped_iterations.values.count).toBeGreaterThan(0);
    expect(m['dropped_iterations{model:open}'].values.count).toBe(m.dropped_iterations.values.count);
    // started + dropped = rate × duration
    expect(m.iterations.values.count + m.dropped_iterations.values.count).toBe(40);
  });

  it('constant-arrival-rate: rate × duration iterations are started or dropped, never lost', () => {
    // (on a loaded machine a VU can still be busy when its next start is due: k6 drops those too)
    const r = run('arrival-rate.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.iterations.values.count + (m.dropped_iterations?.values.count ?? 0)).toBe(50);
    expect(m.vus_max.values.max).toBeLessThanOrEqual(5);
  });

  // https://grafana.com/docs/k6/latest/using-k6/scenarios/concepts/arrival-rate-vu-allocation/
  it('arrival-rate: VUs beyond preAllocatedVUs are initialized on demand, never beyond maxVUs', () => {
    const r = run('arrival-allocation.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.vus_max.values.max).toBeGreaterThan(1);
    expect(m.vus_max.values.max).toBeLessThanOrEqual(4);
    expect(m.iterations.values.count + (m.dropped_iterations?.values.count ?? 0)).toBe(30);
  });

  // k6 RampingArrivalRate.cal: iteration i starts when the integral reaches i + 1; the 20th falls
  // exactly at the end of the stages, where k6 has stopped starting iterations
  it('ramping-arrival-rate: the integral of the rate (0 → 20/s over 2 s = 20, less the one due at the very end)', () => {
    const r = run('ramping-arrival.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.iterations.values.count + (m.dropped_iterations?.values.count ?? 0)).toBe(19);
  });

  it('ramping-vus: VUs ramp up to the stage target and back down', () => {
    const r = run('ramping-vus.js');
    expect(r.code).toBe(0);
    const vus = new Set((results(r) as Array<{ vu: number }>).map((l) => l.vu));
    expect([...vus].sort()).toEqual([1, 2, 3]);
    expect(r.summary!.metrics.vus_max.values.value).toBe(3);
  });

  it('gracefulStop: iterations still running are interrupted and emit no iterations sample', () => {
    const r = run('graceful-stop.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.started.values.count).toBe(2);
    expect(m.iterations).toBeUndefined();
    expect(m.iteration_duration).toBeUndefined();
  });

  it('scenarios: exec, env, tags, startTime and test-wide tags', () => {
    const r = run('scenarios.js');
    expect(r.code).toBe(0);
    const lines = results(r) as Array<{ fn: string; who: string; scenario: string; executor: string }>;
    expect(lines.filter((l) => l.fn === 'one')).toEqual(
      Array(2).fill({ fn: 'one', who: 'first', scenario: 'first', executor: 'per-vu-iterations' }),
    );
    expect(lines.filter((l) => l.fn === 'two')).toEqual(
      Array(3).fill({ fn: 'two', who: 'second', scenario: 'second', executor: 'shared-iterations' }),
    );
    for (const [k, v] of Object.entries(r.summary!.metrics))
      if (v.thresholds) for (const t of Object.values(v.thresholds)) expect(t.ok, k).toBe(true);
  });
});
