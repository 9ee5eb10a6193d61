// Threshold validation and evaluation. Follows grafana/k6 `metrics/engine/engine.go` (periodic evaluation skips
// empty sinks, final one does not; abortOnFail + delayAbortEval), `metrics/thresholds.go` (an empty Rate has no
// `rate` value → the threshold passes; Counter rate = count / elapsed s), and
// https://grafana.com/docs/k6/latest/using-k6/thresholds/ (exit 99 on failure, 104 on invalid config).
import { describe, expect, it } from 'vitest';
import { ConfigError, MetricsEngine } from '../../src/metrics/engine.js';
import type { Sample } from '../../src/metrics/types.js';

const s = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({
  metric,
  time: 0,
  value,
  tags,
});

describe('validation (exit 104)', () => {
  const bad = (thresholds: Record<string, unknown[]>, msg: RegExp | string): void => {
    const e = new MetricsEngine({ thresholds });
    let err: unknown;
    try {
      e.validateThresholds();
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(104);
    expect((err as Error).message).toMatch(msg);
  };
  it('unknown metric', () =>
    bad(
      { nope: ['count>0'] },
      "invalid metric 'nope' in threshold definitions: metric 'nope' does not exist in the script",
    ));
  it('parse error', () => bad({ http_reqs: ['count >> 1'] }, /invalid threshold "count >> 1" on metric 'http_reqs'/));
  it('method not allowed for the type', () =>
    bad(
      { http_req_failed: ['count<1'] },
      /unsupported aggregation method count on metric of type rate\. supported aggregation methods for this metric are: rate/,
    ));
  it('trend method on a counter', () =>
    bad({ iterations: ['p(95)<1'] }, /supported aggregation methods for this metric are: count, rate/));
  it('percentile out of range', () => bad({ http_req_duration: ['p(101)<1'] }, /outside 0\.\.100/));
  it('sub-metric without closing brace', () => bad({ 'http_reqs{status:200': ['count>0'] }, /missing ending bracket/));
  it('custom metrics are known once declared', () => {
    const e = new MetricsEngine({ thresholds: { my_counter: ['count>0'] } });
    e.declare('my_counter', 'counter', 'default');
    expect(() => e.validateThresholds()).not.toThrow();
  });
  it('--no-thresholds ignores invalid thresholds', () => {
    const e = new MetricsEngine({ thresholds: { nope: ['count>0'] }, noThresholds: true });
    expect(() => e.validateThresholds()).not.toThrow();
    expect(e.evaluate(1000, true).failed).toEqual([]);
  });
});

describe('evaluation', () => {
  it('periodic evaluation skips metrics without samples; the final one includes them', () => {
    const e = new MetricsEngine({ thresholds: { iterations: ['count>0'], vus: ['value>0'] } });
    e.validateThresholds();
    expect(e.evaluate(2000, false)).toEqual({ failed: [], abort: false });
    expect(e.evaluate(2000, true).failed).toEqual(['iterations', 'vus']);
  });
  it('an empty Rate passes its threshold at the end', () => {
    const e = new MetricsEngine({ thresholds: { my_rate: ['rate>0.99'], checks: ['rate==1'] } });
    e.declare('my_rate', 'rate', 'default');
    expect(e.evaluate(5000, true).failed).toEqual([]);
    const data = e.summaryData({ testRunDurationMs: 5000, isStdOutTTY: false, isStdErrTTY: false }, undefined, {}) as {
      metrics: Record<string, { values: unknown; thresholds: unknown }>;
    };
    expect(data.metrics.my_rate).toEqual({
      type: 'rate',
      contains: 'default',
      values: { rate: 0, passes: 0, fails: 0 },
      thresholds: { 'rate>0.99': { ok: true } },
    });
  });
  it('empty Counter/Trend/Gauge evaluate as 0 at the end', () => {
    const e = new MetricsEngine({
      thresholds: { iterations: ['count==0'], iteration_duration: ['p(95)==0', 'avg==0'], vus: ['value==0'] },
    });
    expect(e.evaluate(1000, true).failed).toEqual([]);
  });
  it('Counter rate is per second of elapsed test time', () => {
    const e = new MetricsEngine({ thresholds: { iterations: ['rate>=5'] } });
    e.addSamples(Array.from({ length: 10 }, () => s('iterations', 1)));
    expect(e.evaluate(2000, true).failed).toEqual([]);
    expect(e.evaluate(2001, true).failed).toEqual(['iterations']);
  });
  it('Trend percentiles and sub-metrics by tag', () => {
    const e = new MetricsEngine({
      thresholds: {
        'http_req_duration{status:200}': ['p(90)<=50'],
        'http_req_duration{ "status" : "500" }': ['max<100'],
      },
    });
    e.addSamples([
      ...[10, 20, 30, 40, 50].map((v) => s('http_req_duration', v, { status: '200' })),
      s('http_req_duration', 500, { status: '500' }),
    ]);
    const r = e.evaluate(1000, true);
    // k6 names a sub-metric parent + '{' + trimmed selector + '}'
    expect(r.failed).toEqual(['http_req_duration{"status" : "500"}']);
    expect(e.metricValues('http_req_duration{status:200}', 1000, ['p(90)', 'count'])).toEqual({
      'p(90)': 46,
      count: 5,
    });
  });
  it('group sub-metric with the ::-prefixed path (first colon split)', () => {
    const e = new MetricsEngine({ thresholds: { 'checks{group:::login}': ['rate==1'] } });
    e.addSamples([
      s('checks', 1, { group: '::login', check: 'ok' }),
      s('checks', 0, { group: '::other', check: 'ok' }),
    ]);
    expect(e.evaluate(1000, true).failed).toEqual([]);
    expect(e.metricValues('checks{group:::login}', 1000)).toEqual({ rate: 1, passes: 1, fails: 0 });
  });
  it('abortOnFail aborts a periodic evaluation, not the final one', () => {
    const e = new MetricsEngine({
      thresholds: { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true }], iterations: ['count>100'] },
    });
    e.addSamples([s('http_req_failed', 1), s('iterations', 1)]);
    const r = e.evaluate(2000, false);
    expect(r.abort).toBe(true);
    expect(r.failed).toEqual(['http_req_failed', 'iterations']);
    expect(r.abortReason).toBe(
      "thresholds on metrics 'http_req_failed, iterations' were breached; at least one has abortOnFail enabled, stopping test prematurely",
    );
    expect(e.evaluate(3000, true).abort).toBe(false);
  });
  it('delayAbortEval holds the abort until more time than the delay has elapsed', () => {
    const e = new MetricsEngine({
      thresholds: { checks: [{ threshold: 'rate>0.9', abortOnFail: true, delayAbortEval: '10s' }] },
    });
    e.addSamples([s('checks', 0, { check: 'c' })]);
    expect(e.evaluate(2000, false)).toMatchObject({ failed: ['checks'], abort: false });
    expect(e.evaluate(10_000, false).abort).toBe(false);
    expect(e.evaluate(12_000, false).abort).toBe(true);
  });
  it('a failing threshold that recovers is marked ok again', () => {
    const e = new MetricsEngine({ thresholds: { checks: ['rate>0.5'] } });
    e.addSamples([s('checks', 0, { check: 'c' })]);
    expect(e.evaluate(2000, false).failed).toEqual(['checks']);
    e.addSamples([s('checks', 1, { check: 'c' }), s('checks', 1, { check: 'c' })]);
    expect(e.evaluate(4000, true).failed).toEqual([]);
  });
});
