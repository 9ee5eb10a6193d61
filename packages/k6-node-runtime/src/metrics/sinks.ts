// Metric sinks with k6's aggregation semantics (grafana/k6 `metrics/sink.go`, pre-HDR TrendSink):
// Counter = sum (+ rate over the test duration), Gauge = last value with min/max (k6 quirk: max
// starts at 0, so an all-negative gauge reports max=0), Rate = non-zero samples / all samples,
// Trend = every value kept; percentiles by sort + linear interpolation, i = p·(count−1).
import type { MetricType } from './types.js';

export interface Sink {
  readonly type: MetricType;
  add(value: number): void;
  isEmpty(): boolean;
}

export class CounterSink implements Sink {
  readonly type = 'counter' as const;
  value = 0;
  private seen = false;
  add(v: number): void {
    this.value += v;
    this.seen = true;
  }
  isEmpty(): boolean {
    return !this.seen;
  }
  /** count per second of test time (0 when no time has passed, as k6's summary does). */
  rate(elapsedMs: number): number {
    return elapsedMs > 0 ? this.value / (elapsedMs / 1000) : 0;
  }
}

export class GaugeSink implements Sink {
  readonly type = 'gauge' as const;
  value = 0;
  min = 0;
  max = 0;
  private minSet = false;
  add(v: number): void {
    this.value = v;
    if (v > this.max) this.max = v;
    if (v < this.min || !this.minSet) {
      this.min = v;
      this.minSet = true;
    }
  }
  isEmpty(): boolean {
    return !this.minSet;
  }
}

export class RateSink implements Sink {
  readonly type = 'rate' as const;
  trues = 0;
  total = 0;
  add(v: number): void {
    this.total++;
    if (v !== 0) this.trues++;
  }
  isEmpty(): boolean {
    return this.total === 0;
  }
  /** 0 when empty (summary semantics); thresholds treat an empty rate as "no value". */
  rate(): number {
    return this.total > 0 ? this.trues / this.total : 0;
  }
}

export class TrendSink implements Sink {
  readonly type = 'trend' as const;
  private values = new Float64Array(64);
  count = 0;
  sum = 0;
  private _min = 0;
  private _max = 0;
  private sorted = true;

  add(v: number): void {
    if (this.count === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    if (this.count === 0) {
      this._min = v;
      this._max = v;
    } else {
      if (v < this._min) this._min = v;
      if (v > this._max) this._max = v;
      if (this.sorted && v < this.values[this.count - 1]) this.sorted = false;
    }
    this.values[this.count++] = v;
    this.sum += v;
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
  get min(): number {
    return this.count === 0 ? 0 : this._min;
  }
  get max(): number {
    return this.count === 0 ? 0 : this._max;
  }
  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
  get med(): number {
    return this.p(0.5);
  }
  /** pct in 0..1, as k6's TrendSink.P */
  p(pct: number): number {
    if (this.count === 0) return 0;
    if (this.count === 1) return this.values[0];
    if (!this.sorted) {
      this.values.subarray(0, this.count).sort();
      this.sorted = true;
    }
    const i = pct * (this.count - 1);
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    const j = this.values[lo];
    const k = this.values[hi];
    return j + (k - j) * (i - lo);
  }
}

export type AnySink = CounterSink | GaugeSink | RateSink | TrendSink;

export function newSink(type: MetricType): AnySink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
  }
}

/** Parses a summary/threshold trend stat ("avg", "p(99.9)", ...) into a value getter. k6 `GetResolversForTrendColumns`. */
export function trendStatResolver(stat: string): (s: TrendSink) => number {
  switch (stat) {
    case 'avg':
      return (s) => s.avg;
    case 'min':
      return (s) => s.min;
    case 'med':
      return (s) => s.med;
    case 'max':
      return (s) => s.max;
    case 'count':
      return (s) => s.count;
  }
  const pct = parsePercentileStat(stat);
  return (s) => s.p(pct / 100);
}

/** k6 `parsePercentile`: "p(N)", 0 ≤ N ≤ 100. Throws k6's messages. */
export function parsePercentileStat(stat: string): number {
  if (!stat.startsWith('p(') || !stat.endsWith(')')) {
    throw new Error(`invalid trend stat '${stat}', unknown format`);
  }
  const pct = parseGoFloat(stat.slice(2, -1));
  if (Number.isNaN(pct) || pct < 0 || pct > 100) {
    throw new Error(`invalid percentile trend stat value '${stat}', provide a number between 0 and 100`);
  }
  return pct;
}

/** Rough equivalent of Go's strconv.ParseFloat(s, 64): NaN on anything that is not a whole float literal. */
export function parseGoFloat(s: string): number {
  if (/^[+-]?(?:inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
