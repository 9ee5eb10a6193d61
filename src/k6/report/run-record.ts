// What the probe and verification VUs hand over to handleSummary for the HTML report. k6 gives VUs
// no shared memory and the summary data has no time series, so each VU writes one JSON record per
// run into a run-scoped PostgreSQL table (run-store.ts) that handleSummary reads back.
// Pure types and derivations: the report (and its unit tests) use them without k6.

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
