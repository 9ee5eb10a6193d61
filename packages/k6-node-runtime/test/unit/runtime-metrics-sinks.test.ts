// Sinks and builtin metrics. Follows grafana/k6 `metrics/sink.go` (pre-HDR TrendSink.P: sort, i = p·(n−1), linear
// interpolation; GaugeSink max starting at 0), `metrics/builtin.go`, `metrics/registry.go`, and
// https://grafana.com/docs/k6/latest/using-k6/metrics/reference/ .
import { describe, expect, it } from 'vitest';
import { BUILTIN_METRICS } from '../../src/metrics/builtin.js';
import { ConfigError, MetricsEngine } from '../../src/metrics/engine.js';
import { CounterSink, GaugeSink, RateSink, TrendSink, parsePercentileStat } from '../../src/metrics/sinks.js';

describe('TrendSink (k6 percentile = sort + linear interpolation)', () => {
  it('computes min/max/avg/med/p(N) like k6', () => {
    const t = new TrendSink();
    for (const v of [10, 1, 7, 3, 5]) t.add(v);
    expect(t.min).toBe(1);
    expect(t.max).toBe(10);
    expect(t.avg).toBe(26 / 5);
    expect(t.med).toBe(5);
    // sorted 1,3,5,7,10 ; p(90): i = 0.9*4 = 3.6 → 7 + (10-7)*0.6
    expect(t.p(0.9)).toBeCloseTo(8.8, 12);
    expect(t.p(0.95)).toBeCloseTo(7 + 3 * 0.8, 12);
    expect(t.p(0)).toBe(1);
    expect(t.p(1)).toBe(10);
    expect(t.count).toBe(5);
    expect(t.sum).toBe(26);
  });
  it('is all zeros when empty and returns the single value for one sample', () => {
    const t = new TrendSink();
    expect([t.min, t.max, t.avg, t.med, t.p(0.95)]).toEqual([0, 0, 0, 0, 0]);
    t.add(42);
    expect([t.min, t.max, t.avg, t.med, t.p(0.99)]).toEqual([42, 42, 42, 42, 42]);
  });
  it('grows past its initial capacity and re-sorts after new values', () => {
    const t = new TrendSink();
    for (let i = 1000; i >= 1; i--) t.add(i);
    expect(t.p(0.5)).toBeCloseTo(500.5, 12);
    t.add(0);
    expect(t.min).toBe(0);
    expect(t.p(0)).toBe(0);
    expect(t.count).toBe(1001);
  });
});

describe('Counter, Gauge, Rate sinks', () => {
  it('Counter sums and gives a per-second rate', () => {
    const c = new CounterSink();
    expect(c.isEmpty()).toBe(true);
    c.add(2);
    c.add(3);
    expect(c.value).toBe(5);
    expect(c.rate(2000)).toBe(2.5);
    expect(c.rate(0)).toBe(0);
  });
  it('Gauge keeps the last value, min, and max starting at 0 (k6 quirk)', () => {
    const g = new GaugeSink();
    g.add(-5);
    g.add(-2);
    expect([g.value, g.min, g.max]).toEqual([-2, -5, 0]);
    g.add(7);
    expect([g.value, g.min, g.max]).toEqual([7, -5, 7]);
  });
  it('Rate counts non-zero samples', () => {
    const r = new RateSink();
    for (const v of [1, 0, 0.5, -1, 0]) r.add(v);
    expect(r.trues).toBe(3);
    expect(r.total).toBe(5);
    expect(r.rate()).toBe(0.6);
    expect(new RateSink().rate()).toBe(0);
  });
  it('validates percentile stats as k6 parsePercentile', () => {
    expect(parsePercentileStat('p(99.9)')).toBe(99.9);
    expect(() => parsePercentileStat('p(101)')).toThrow(
      "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100",
    );
    expect(() => parsePercentileStat('q(1)')).toThrow("invalid trend stat 'q(1)', unknown format");
  });
});

describe('builtin metrics and declarations (k6 metrics/builtin.go, registry.go)', () => {
  it('declares k6 builtin metrics with exact types and value types', () => {
    const byName = Object.fromEntries(BUILTIN_METRICS.map((m) => [m.name, `${m.type}/${m.contains}`]));
    expect(byName).toMatchObject({
      vus: 'gauge/default',
      vus_max: 'gauge/default',
      iterations: 'counter/default',
      iteration_duration: 'trend/time',
      dropped_iterations: 'counter/default',
      checks: 'rate/default',
      group_duration: 'trend/time',
      data_sent: 'counter/data',
      data_received: 'counter/data',
      http_reqs: 'counter/default',
      http_req_failed: 'rate/default',
      http_req_duration: 'trend/time',
      http_req_blocked: 'trend/time',
      http_req_connecting: 'trend/time',
      http_req_tls_handshaking: 'trend/time',
      http_req_sending: 'trend/time',
      http_req_waiting: 'trend/time',
      http_req_receiving: 'trend/time',
    });
    const e = new MetricsEngine();
    expect(e.metricType('iteration_duration')).toEqual({ type: 'trend', contains: 'time' });
  });
  it('re-declaring with the same type is fine, a conflict throws k6 errors', () => {
    const e = new MetricsEngine();
    e.declare('my_trend', 'trend', 'time');
    e.declare('my_trend', 'trend', 'time');
    expect(() => e.declare('my_trend', 'counter', 'default')).toThrow(
      "metric 'my_trend' already exists but with type trend, instead of counter",
    );
    expect(() => e.declare('my_trend', 'trend', 'default')).toThrow(
      "metric 'my_trend' already exists but with a value type time, instead of default",
    );
    expect(() => e.declare('checks', 'trend', 'default')).toThrow(ConfigError);
    expect(() => e.declare('1bad', 'counter', 'default')).toThrow("Invalid metric name: '1bad'");
  });
});
