// handleSummary `data` and --summary-export. Follows grafana/k6 `internal/js/summary.go` (summarizeMetricsToObject,
// exportGroup: ids = md5(path)), `internal/js/summary-wrapper.js` (oldJSONSummary) and
// https://grafana.com/docs/k6/latest/results-output/end-of-test/custom-summary/ .
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../src/metrics/engine.js';
import type { Sample } from '../../src/metrics/types.js';
import { legacyExport } from '../../src/summary/export.js';
import { SUMMARY_REPORT } from '../../src/summary/report.js';

const s = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({
  metric,
  time: 0,
  value,
  tags,
});
const md5 = (x: string): string => createHash('md5').update(x).digest('hex');

function run() {
  const e = new MetricsEngine({ thresholds: { 'http_reqs{status:200}': ['count>=1'], my_trend: ['p(99)<1'] } });
  e.declare('my_trend', 'trend', 'default');
  e.addSamples([
    s('http_reqs', 1, { status: '200', group: '::api' }),
    s('http_reqs', 1, { status: '404', group: '::api::v2' }),
    s('checks', 1, { check: 'status 200', group: '::api' }),
    s('checks', 0, { check: 'status 200', group: '::api' }),
    s('checks', 1, { check: 'top level', group: '' }),
    s('checks', 1, { check: 'in setup', group: '::setup' }),
    s('iteration_duration', 10),
    s('iteration_duration', 30),
  ]);
  e.evaluate(2000, true);
  return e.summaryData(
    { testRunDurationMs: 2000, isStdOutTTY: true, isStdErrTTY: false },
    { rows: 3 },
    { summaryTimeUnit: 'ms' },
  ) as Record<string, any>;
}

describe('summaryData (handleSummary data, k6 default format)', () => {
  it('has exactly k6 top-level keys, options and state', () => {
    const d = run();
    expect(Object.keys(d).sort()).toEqual(['metrics', 'options', 'root_group', 'setup_data', 'state']);
    expect(d.options).toEqual({
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
      summaryTimeUnit: 'ms',
      noColor: false,
    });
    expect(d.state).toEqual({ isStdOutTTY: true, isStdErrTTY: false, testRunDurationMs: 2000 });
    expect(d.setup_data).toEqual({ rows: 3 });
    expect(JSON.stringify(d)).not.toContain('summaryReport');
    expect(d[SUMMARY_REPORT as unknown as string]).toBeDefined();
    expect(structuredClone(d)[SUMMARY_REPORT as unknown as string]).toBeUndefined();
  });
  it('builds root_group from group/check tags with md5 ids; setup checks are not in the root group', () => {
    const d = run();
    expect(d.root_group).toEqual({
      name: '',
      path: '',
      id: md5(''),
      groups: [
        {
          name: 'api',
          path: '::api',
          id: md5('::api'),
          groups: [{ name: 'v2', path: '::api::v2', id: md5('::api::v2'), groups: [], checks: [] }],
          checks: [
            { name: 'status 200', path: '::api::status 200', id: md5('::api::status 200'), passes: 1, fails: 1 },
          ],
        },
      ],
      checks: [{ name: 'top level', path: '::top level', id: md5('::top level'), passes: 1, fails: 0 }],
    });
  });
  it('lists observed metrics with k6 values per type; thresholded metrics (and sub-metrics) with {ok}', () => {
    const d = run();
    expect(Object.keys(d.metrics).sort()).toEqual([
      'checks',
      'http_reqs',
      'http_reqs{status:200}',
      'iteration_duration',
      'my_trend',
    ]);
    expect(d.metrics.http_reqs).toEqual({ type: 'counter', contains: 'default', values: { count: 2, rate: 1 } });
    expect(d.metrics['http_reqs{status:200}']).toEqual({
      type: 'counter',
      contains: 'default',
      values: { count: 1, rate: 0.5 },
      thresholds: { 'count>=1': { ok: true } },
    });
    expect(d.metrics.checks.values).toEqual({ rate: 0.75, passes: 3, fails: 1 });
    expect(d.metrics.iteration_duration).toEqual({
      type: 'trend',
      contains: 'time',
      values: { avg: 20, min: 10, med: 20, max: 30, 'p(90)': 28, 'p(95)': 29 },
    });
    // a thresholded metric without samples is listed with empty values
    expect(d.metrics.my_trend).toEqual({
      type: 'trend',
      contains: 'default',
      values: { avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0 },
      thresholds: { 'p(99)<1': { ok: true } },
    });
  });
  it('gauges report value/min/max', () => {
    const e = new MetricsEngine();
    e.addSamples([s('vus', 3), s('vus', 5), s('vus', 1)]);
    const d = e.summaryData({ testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false }, undefined, {}) as Record<
      string,
      any
    >;
    expect(d.metrics.vus.values).toEqual({ value: 1, min: 1, max: 5 });
    expect(d.setup_data).toBeUndefined();
  });
});

describe('legacyExport (--summary-export)', () => {
  it('flattens metrics, maps thresholds to failed booleans, renames rate → value, keys groups/checks by name', () => {
    const out = JSON.parse(legacyExport(run()));
    expect(Object.keys(out).sort()).toEqual(['metrics', 'root_group', 'setup_data']);
    expect(out.metrics.http_reqs).toEqual({ count: 2, rate: 1 });
    expect(out.metrics['http_reqs{status:200}']).toEqual({ count: 1, rate: 0.5, thresholds: { 'count>=1': false } });
    expect(out.metrics.checks).toEqual({ passes: 3, fails: 1, value: 0.75 });
    expect(out.root_group.groups.api.groups.v2.name).toBe('v2');
    expect(out.root_group.groups.api.checks['status 200']).toMatchObject({ passes: 1, fails: 1 });
    expect(out.root_group.checks['top level'].path).toBe('::top level');
  });
  it('is pretty-printed with 4 spaces', () => {
    expect(legacyExport(run())).toMatch(/^\{\n {4}"root_group": \{\n {8}"name": ""/);
  });
});
