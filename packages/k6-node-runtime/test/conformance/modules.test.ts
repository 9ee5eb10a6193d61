// Core modules — https://grafana.com/docs/k6/latest/javascript-api/k6-metrics/ ,
// https://grafana.com/docs/k6/latest/javascript-api/k6/ (check, group),
// https://grafana.com/docs/k6/latest/javascript-api/k6-execution/
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';
import { K6_VUS_DURATION } from '../fixtures/k6-test-options.js';

describe.skipIf(!built)('k6 core modules', () => {
  it('k6/metrics: add() coercion and return values, redeclare and name rules, init-context errors', () => {
    const r = run('metrics-api.js');
    expect(r.code).toBe(0);
    const [res] = results(r) as Array<Record<string, unknown>>;
    // 1, 2, true→1, "0" (0 but truthy)→1, NaN→false, undefined→false, false→0
    expect(res.rets).toEqual([true, true, true, true, false, false, true]);
    expect(res.redeclare).toBe("metric 'c_total' already exists but with type counter, instead of trend");
    expect(res.badName).toContain("Invalid metric name: 'bad name!'");
    expect(res.addInInit).toBe('Adding to metrics in the init context is not supported');
    expect(res.name).toBe('c_total');
    const m = r.summary!.metrics;
    expect(m.c_total.values.count).toBe(5);
    expect(m.g_last.values).toEqual({ value: 5, min: 3, max: 7 });
    expect(m.r_ok.values).toMatchObject({ passes: 1, fails: 2 });
    expect(m.t_time.contains).toBe('time');
    expect(r.stderr).toContain('is an invalid value for metric');
  });

  it("k6: check() emits one checks sample per key; group() nests as ::a::b and returns fn's value; async fn throws", () => {
    const r = run('check-group.js');
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([
      { r: 42, asyncErr: true },
      { r: 42, asyncErr: true },
    ]);
    const m = r.summary!.metrics;
    expect(m.checks.values).toMatchObject({ passes: 4, fails: 2 });
    const outer = r.summary!.root_group.groups[0] as unknown as {
      name: string;
      groups: Array<{ path: string; checks: Array<{ name: string; passes: number; fails: number }> }>;
    };
    expect(outer.name).toBe('outer');
    expect(outer.groups[0].path).toBe('::outer::inner');
    expect(outer.groups[0].checks.map((c) => [c.name, c.passes, c.fails])).toEqual([
      ['is one', 2, 0],
      ['is two', 0, 2],
      ['truthy', 2, 0],
    ]);
    expect(m.group_duration.values.count ?? 1).toBeGreaterThan(0);
  });

  it('k6/execution and globals: ids, iterations, env, options; init and setup restrictions', () => {
    const r = run('execution-context.js', ['-e', 'MY_VAR=from-cli']);
    expect(r.code).toBe(0);
    const lines = results(r) as Array<Record<string, unknown>>;
    expect(lines[0]).toEqual({
      setupVU: 0,
      scenarioErr: 'getting scenario information outside of the VU context is not supported',
    });
    const iters = lines.slice(1);
    expect(iters).toHaveLength(4);
    for (const l of iters) {
      expect(l).toMatchObject({
        initErr: 'getting VU information in the init context is not supported',
        env: 'from-cli',
        scenario: 'default',
        executor: 'shared-iterations',
        opts: 'shared-iterations',
        started: true,
      });
      expect(l.vu).toBe(l.idInTest);
    }
  });

  it('k6/execution: exec.test.options is what k6 prints, in setup and the VUs; a new frozen object per exec.test', () => {
    const r = run('test-options.js');
    expect(r.code).toBe(0);
    const probe = { json: K6_VUS_DURATION, sameWithinOneTest: true, newPerTest: true, frozen: true };
    expect(results(r)).toEqual([
      { initErr: 'getting test options in the init context is not supported', ...probe },
      probe,
    ]);
  });
});

// https://grafana.com/docs/k6/latest/using-k6/modules/ (CommonJS scripts and require())
describe.skipIf(!built)('CommonJS scripts', () => {
  it('require() of k6 modules and exports.default/options/handleSummary work', () => {
    const r = run('commonjs.cjs');
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.cjs_hits.values.count).toBe(3);
    expect(r.summary!.metrics.checks.values).toMatchObject({ passes: 3, fails: 0 });
  });
});
