// Value formatting of k6's end-of-test summary (behaviour of grafana/k6 `internal/js/summary.js`
// humanizeValue / humanizeBytes / humanizeDuration, re-implemented; jslib k6-summary 0.1.0's `src/text.js` has the
// same functions), and the metric-name order and sub-metric labels both summary layouts share.
import type { ReportMetric } from './report.js';

/** parseFloat(v.toFixed(prec)) without trailing zeros */
export function fixedNoTrailingZeros(v: number, prec: number): string {
  return String(parseFloat(v.toFixed(prec)));
}

function fixedTrunc(v: number, prec: number): string {
  const mult = 10 ** prec;
  return fixedNoTrailingZeros(Math.trunc(mult * v) / mult, prec);
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Decimal (1000-based) byte sizes: "812 B", "1.3 MB", "31 kB". */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const unit = BYTE_UNITS[e | 0];
  const val = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${val.toFixed(val < 10 ? 1 : 0)} ${unit}`;
}

/** Milliseconds → "0s", "850ns", "12.5µs", "1.23ms", "1.2s", "1m30s", "1h2m3s" (truncated, not rounded). */
export function humanizeGenericDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.trunc(ms * 1_000_000)}ns`;
  if (ms < 1) return `${fixedTrunc(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${fixedTrunc(ms, 2)}ms`;
  let out = `${fixedTrunc((ms % 60000) / 1000, ms > 60000 ? 0 : 2)}s`;
  let rem = Math.trunc(ms / 60000);
  if (rem < 1) return out;
  out = `${rem % 60}m${out}`;
  rem = Math.trunc(rem / 60);
  if (rem < 1) return out;
  return `${rem}h${out}`;
}

const TIME_UNITS: Record<string, { unit: string; coef: number }> = {
  s: { unit: 's', coef: 0.001 },
  ms: { unit: 'ms', coef: 1 },
  us: { unit: 'µs', coef: 1000 },
};

/** Duration in ms with an optional fixed summaryTimeUnit (s|ms|us). */
export function humanizeDuration(ms: number, timeUnit?: string | null): string {
  if (timeUnit && Object.hasOwn(TIME_UNITS, timeUnit)) {
    const u = TIME_UNITS[timeUnit];
    return `${(ms * u.coef).toFixed(2)}${u.unit}`;
  }
  return humanizeGenericDuration(ms);
}

export function humanizeValue(
  v: number,
  metric: Pick<ReportMetric, 'type' | 'contains'>,
  timeUnit?: string | null,
): string {
  if (metric.type === 'rate') return `${(Math.trunc(v * 100 * 100) / 100).toFixed(2)}%`;
  switch (metric.contains) {
    case 'data':
      return humanizeBytes(v);
    case 'time':
      return humanizeDuration(v, timeUnit);
    default:
      return fixedNoTrailingZeros(v, 6);
  }
}

/**
 * The value column and its extras for a non-Trend metric: counter `count rate/s`, gauge `value min= max=`, rate
 * `rate%` then its counts — `N out of M` in k6's own summaries, `✓ passes` `✗ fails` in jslib k6-summary 0.1.0.
 */
export function nonTrendValues(
  m: Pick<ReportMetric, 'type' | 'contains' | 'values'>,
  timeUnit: string | null | undefined,
  rateCounts: 'out-of' | 'marks',
): string[] {
  const v = m.values;
  switch (m.type) {
    case 'counter':
      return [humanizeValue(v.count, m, timeUnit), `${humanizeValue(v.rate, m, timeUnit)}/s`];
    case 'gauge':
      return [
        humanizeValue(v.value, m, timeUnit),
        `min=${humanizeValue(v.min, m, timeUnit)}`,
        `max=${humanizeValue(v.max, m, timeUnit)}`,
      ];
    case 'rate':
      return [
        humanizeValue(v.rate, m, timeUnit),
        ...(rateCounts === 'marks' ? [`✓ ${v.passes}`, `✗ ${v.fails}`] : [`${v.passes} out of ${v.passes + v.fails}`]),
      ];
    default:
      return ['[no data]'];
  }
}

/** Terminal width of a string: code points, ANSI escape sequences excluded. */
export function strWidth(s: string): number {
  let width = 0;
  let esc = false;
  let long = false;
  for (const ch of s.normalize('NFKC')) {
    const c = ch.codePointAt(0)!;
    if (ch === '\x1b') {
      esc = true;
      continue;
    }
    if (esc && ch === '[') {
      long = true;
      continue;
    }
    if (esc && long && c >= 0x40 && c <= 0x7e) {
      esc = long = false;
      continue;
    }
    if (esc && !long && c >= 0x40 && c <= 0x5f) {
      esc = false;
      continue;
    }
    if (!esc && !long) width++;
  }
  return width;
}

/** Sorted by parent name, then sub-metric suffix, so sub-metrics follow their parent (k6 sortMetricsByName). */
export function sortMetricNames(names: string[]): string[] {
  const parent = (n: string): string => n.split('{', 1)[0];
  return names.sort(
    (a, b) => parent(a).localeCompare(parent(b)) || a.slice(parent(a).length).localeCompare(b.slice(parent(b).length)),
  );
}

/** A sub-metric `name{selector}` is labelled `{ selector }` and indented two spaces under its parent. */
export function metricLabel(name: string): { indent: string; label: string } {
  const i = name.indexOf('{');
  return i >= 0 ? { indent: '  ', label: `{ ${name.slice(i + 1, -1)} }` } : { indent: '', label: name };
}
