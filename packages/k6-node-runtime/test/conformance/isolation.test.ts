// One JS runtime per VU — https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ ("VU code"),
// https://grafana.com/docs/k6/latest/javascript-api/k6/sleep/
import { describe, it, expect } from 'vitest';
import { run, built } from './helpers.js';

describe.skipIf(!built)('VU isolation (k6 docs: test-lifecycle, k6/sleep)', () => {
  it('sync sleep() blocks only its own VU', () => {
    const r = run('sleep-isolation.js');
    expect(r.code).toBe(0);
    // VU 1 slept through the whole run (and was interrupted); VU 2 kept iterating meanwhile.
    expect(r.summary!.metrics.vu2_iterations.values.count).toBeGreaterThan(10);
  });

  it('module-level state is per VU', () => {
    const r = run('module-isolation.js');
    expect(r.code).toBe(0);
    expect(r.summary!.root_group.checks).toEqual([
      expect.objectContaining({ name: 'module state is per VU', passes: 12, fails: 0 }),
    ]);
  });
});
