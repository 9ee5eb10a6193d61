// What the HTML report shows of the probes and the verification, read off the run's history (the probes'
// samples, canaries and observations; the rule, fault_timing and verdict events the bundle journaled) —
// nothing else: k6's summary data has no time series, and the history is the run's one record.
// Pure types and derivations: the report (and its unit tests) use them without k6.

import { eventsNamed, faultTimes, quiescent, versionRegressions, type HistoryEvent } from '../../experiment/history.js';
import { canariesFrom, observedUntil, seriesFrom } from '../../experiment/probe-judgement.js';
import type { FaultTiming } from '../../experiment/recovery.js';
import type { KeyVerdict } from '../../experiment/verdict.js';

/** [timeline offset ms, value]. */
export type Point = [number, number];

export interface RuleOutcome {
  rule: string;
  pass: boolean;
  detail: string;
}

export interface ProbeRecord {
  /**
   * Series the probe sampled: `writes` (PostgreSQL row changes, cumulative), `processed` (consumer
   * events applied, cumulative), `lag`, `health`, `alerts` (number firing), `alert:<name>`, `container:<name>`.
   */
  series: Record<string, Point[]>;
  /** Every canary: [written at, e2e latency ms or null when never seen in MongoDB]. */
  canaries: [number, number | null][];
  timings: FaultTiming[];
  /** Hot keys whose version went backwards in MongoDB (first few). */
  orderExamples: string[];
  rules: RuleOutcome[];
  /** Probe's last offset: where the chart's time axis ends. */
  untilMs: number;
}

export interface TableVerdict {
  keys: number;
  counts: Record<KeyVerdict, number>;
  examples: Record<KeyVerdict, string[]>;
}

export interface VerifyRecord {
  tables: Record<string, TableVerdict>;
  rules: RuleOutcome[];
  quiescent: boolean;
}

export interface RunRecord {
  probe: ProbeRecord | null;
  verify: VerifyRecord | null;
}

export const EMPTY_RECORD: RunRecord = { probe: null, verify: null };

/** At most this many points per series in the report. */
const MAX_POINTS = 1500;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The report's view of a run, from its history alone (null parts: the stage never recorded anything). */
export function recordFromHistory(history: HistoryEvent[]): RunRecord {
  const rules = eventsNamed(history, 'rule').map((e) => ({
    judge: e.judge,
    outcome: { rule: String(e.rule), pass: e.pass === true, detail: String(e.detail ?? '') },
  }));
  const raw = seriesFrom(history);
  const series: Record<string, Point[]> = {};
  const keep = (name: string, from: string): void => {
    const pts = raw[from];
    if (pts && pts.length > 0)
      series[name] = thin(
        pts.map((x) => [x.t, x.v]),
        MAX_POINTS,
      );
  };
  keep('writes', 'writes');
  keep('processed', 'metric:cdc_events_processed_total:sum');
  keep('lag', 'lag');
  keep('health', 'health');
  keep('alerts', 'alerts');
  for (const k of Object.keys(raw)) if (k.indexOf('alert:') === 0 || k.indexOf('container:') === 0) keep(k, k);
  const canaries = canariesFrom(history);
  const times = faultTimes(history);
  const observed = Object.keys(series).length > 0 || canaries.length > 0;
  const probe: ProbeRecord | null = observed
    ? {
        series,
        canaries: canaries.map((c) => [c.writtenMs, c.visibleMs === null ? null : c.visibleMs - c.writtenMs]),
        timings: eventsNamed(history, 'fault_timing').map((e) => {
          const f = times.find((x) => x.fault === e.fault);
          return {
            faultId: String(e.fault),
            action: String(e.action ?? f?.action ?? ''),
            target: String(e.target ?? f?.target ?? ''),
            detectMs: num(e.detect_ms),
            recoveryMs: num(e.recovery_ms),
            recoveryLowerBoundMs: num(e.recovery_lower_bound_ms) ?? 0,
            lagRecoveryMs: num(e.lag_recovery_ms),
          };
        }),
        orderExamples: Array.from(new Set(versionRegressions(history).map((v) => v.key))).slice(0, 5),
        rules: rules.filter((r) => r.judge !== 'verify').map((r) => r.outcome),
        untilMs: observedUntil(history),
      }
    : null;
  const verdicts = eventsNamed(history, 'verdict');
  const verify: VerifyRecord | null =
    verdicts.length > 0
      ? {
          tables: {},
          rules: rules.filter((r) => r.judge === 'verify').map((r) => r.outcome),
          quiescent: quiescent(history),
        }
      : null;
  for (const v of verdicts)
    (verify as VerifyRecord).tables[String(v.table)] = {
      keys: Number(v.keys),
      counts: v.counts as TableVerdict['counts'],
      examples: v.examples as TableVerdict['examples'],
    };
  return { probe, verify };
}

/** At most `max` points, keeping the first and last and an even spread between (a long run stays small). */
export function thin(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const out: Point[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

/** Per-second rate of a cumulative counter, averaged over buckets of `bucketMs`; a drop is a restart from 0. */
export function ratePerSecond(points: Point[], bucketMs: number): Point[] {
  const out: Point[] = [];
  let i = 0;
  while (i < points.length - 1) {
    const start = points[i][0];
    let inc = 0;
    let j = i;
    while (j < points.length - 1 && points[j + 1][0] - start <= bucketMs) {
      const d = points[j + 1][1] - points[j][1];
      inc += d >= 0 ? d : points[j + 1][1];
      j++;
    }
    if (j === i) {
      // Gap longer than a bucket: one rate over the gap.
      const d = points[i + 1][1] - points[i][1];
      inc = d >= 0 ? d : points[i + 1][1];
      j = i + 1;
    }
    const span = (points[j][0] - start) / 1000;
    if (span > 0) out.push([points[j][0], inc / span]);
    i = j;
  }
  return out;
}

/** Nearest-rank percentile (k6's trend percentiles interpolate; for a chart the rank is enough). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export interface LatencyBucket {
  t: number;
  p50: number;
  p95: number;
  max: number;
  /** Canaries written in the bucket that never reached MongoDB. */
  missing: number;
}

/** e2e latency percentiles of the canaries, grouped by when they were written. */
export function latencyBuckets(canaries: [number, number | null][], bucketMs: number): LatencyBucket[] {
  const groups = new Map<number, { lat: number[]; missing: number }>();
  for (const [t, lat] of canaries) {
    const b = Math.floor(t / bucketMs) * bucketMs;
    const g = groups.get(b) ?? { lat: [], missing: 0 };
    if (lat === null) g.missing++;
    else g.lat.push(lat);
    groups.set(b, g);
  }
  const out: LatencyBucket[] = [];
  for (const b of Array.from(groups.keys()).sort((x, y) => x - y)) {
    const g = groups.get(b) as { lat: number[]; missing: number };
    const sorted = g.lat.sort((x, y) => x - y);
    out.push({
      t: b + bucketMs / 2,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      missing: g.missing,
    });
  }
  return out;
}

/** Intervals where a 0/1 series is > 0, closed at the next 0 sample (or at `untilMs`). */
export function onIntervals(points: Point[], untilMs: number): [number, number][] {
  const out: [number, number][] = [];
  let from: number | null = null;
  for (const [t, v] of points) {
    if (v > 0 && from === null) from = t;
    else if (v <= 0 && from !== null) {
      out.push([from, t]);
      from = null;
    }
  }
  if (from !== null) out.push([from, Math.max(from, untilMs)]);
  return out;
}
