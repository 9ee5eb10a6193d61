// k6's pre-v1 ("legacy") end-of-test text summary, re-implemented from grafana/k6-jslib-summary v0.1.0
// `src/text.js` (`textSummary`, what https://jslib.k6.io/k6-summary/0.1.0/index.js serves) and k6 v1.8.1's copy of
// it for `--summary-mode=legacy` (`internal/js/summary-legacy.js`, framed by `summary-wrapper.js`). The layout: the
// root group's checks, nested `█ group` blocks with their checks, then one flat, sorted list of every metric with a
// ✓/✗ threshold mark, dotted leaders and the values. It renders handleSummary's `data` object as k6 hands it over.
import { humanizeValue, metricLabel, nonTrendValues, sortMetricNames, strWidth } from './format.js';
import type { ReportMetric } from './report.js';

/** textSummary's options; missing ones come from `data.options`, then these defaults (jslib `defaultOptions`). */
export interface LegacySummaryOptions {
  /** prefix of every line (inside a check line's colour) */
  indent?: string;
  enableColors?: boolean;
  /** s | ms | us fixes the unit of time values; anything else picks one per value */
  summaryTimeUnit?: string | null;
  summaryTrendStats?: string[] | null;
}

const DEFAULTS: LegacySummaryOptions = {
  indent: ' ',
  enableColors: true,
  summaryTimeUnit: null,
  summaryTrendStats: null,
};

const GROUP = '█';
const DETAILS = '↳';
const OK = '✓';
const FAIL = '✗';
const PALETTE = { faint: 2, red: 31, green: 32, cyan: 36 } as const;

/** `\x1b[<color>;<style>...m` text `\x1b[0m`, or the text itself without colours (jslib `decorate`). */
type Decorate = (text: string, color: number, ...styles: number[]) => string;

interface LegacyCheck {
  name: string;
  passes: number;
  fails: number;
}

interface LegacyGroup {
  name: string;
  groups: LegacyGroup[];
  checks: LegacyCheck[];
}

type LegacyMetric = Pick<ReportMetric, 'type' | 'contains' | 'values'> & {
  thresholds?: Record<string, { ok: boolean }>;
};

interface LegacyData {
  root_group: LegacyGroup;
  options?: LegacySummaryOptions;
  metrics: Record<string, LegacyMetric>;
}

/** How a Rate's counts read: `✓ 10 ✗ 0` in the jslib, `10 out of 10` in k6 v1.8.1's own legacy copy. */
type RateCounts = Parameters<typeof nonTrendValues>[2];

/** jslib k6-summary 0.1.0 `textSummary(data, options)`: the summary text, lines joined by "\n". */
export function legacyTextSummary(data: unknown, options?: LegacySummaryOptions): string {
  return legacyText(data as LegacyData, options, 'marks');
}

/**
 * What `k6 run --summary-mode=legacy` prints on stdout when there is no handleSummary (or it returned nothing):
 * k6 v1.8.1's summary-wrapper.js frames its legacy textSummary as "\n" + text + "\n\n"; runner.go passes the run's
 * summaryTrendStats / summaryTimeUnit (already in `data.options`) and enableColors = stdout is a TTY and no
 * --no-color, and no indent (so the default one space).
 */
export function renderLegacyTextSummary(data: unknown, opts: { enableColors: boolean }): string {
  return `\n${legacyText(data as LegacyData, { enableColors: opts.enableColors }, 'out-of')}\n\n`;
}

function legacyText(data: LegacyData, options: LegacySummaryOptions | undefined, rateCounts: RateCounts): string {
  // Object.assign as the jslib merges: an option given as undefined or null still overrides
  const o: LegacySummaryOptions = Object.assign({}, DEFAULTS, data.options, options);
  const decorate: Decorate = o.enableColors
    ? (text, color, ...styles) => `\x1b[${[color, ...styles].join(';')}m${text}\x1b[0m`
    : (text) => text;
  return [
    ...groupLines(`${o.indent}    `, data.root_group, decorate),
    ...metricLines(o, data.metrics, decorate, rateCounts),
  ].join('\n');
}

/** jslib summarizeGroup: a named group's `█ name` header (its own line plus a blank one), checks, a blank line, subgroups. */
function groupLines(indent: string, group: LegacyGroup, decorate: Decorate): string[] {
  const out: string[] = [];
  if (group.name !== '') {
    out.push(`${indent}${GROUP} ${group.name}\n`);
    indent += '  ';
  }
  for (const c of group.checks) out.push(checkLine(indent, c, decorate));
  if (group.checks.length > 0) out.push('');
  for (const g of group.groups) out.push(...groupLines(indent, g, decorate));
  return out;
}

/** jslib summarizeCheck: the indent is inside the colour. */
function checkLine(indent: string, c: LegacyCheck, decorate: Decorate): string {
  if (c.fails === 0) return decorate(`${indent}${OK} ${c.name}`, PALETTE.green);
  const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
  return decorate(
    `${indent}${FAIL} ${c.name}\n${indent} ${DETAILS}  ${pct}% — ${OK} ${c.passes} / ${FAIL} ${c.fails}`,
    PALETTE.red,
  );
}

const pad = (s: string, width: number): string => ' '.repeat(Math.max(0, width - strWidth(s)));

/** jslib summarizeMetrics: every metric, columns aligned across the whole list (trend stats column by column). */
function metricLines(
  o: LegacySummaryOptions,
  metrics: Record<string, LegacyMetric>,
  decorate: Decorate,
  rateCounts: RateCounts,
): string[] {
  const indent = `${o.indent}  `;
  const stats = o.summaryTrendStats as string[];
  const timeUnit = o.summaryTimeUnit;
  // the jslib walks `data.metrics` with for...in, which skips a missing one
  const names = Object.keys(metrics ?? {});
  let nameWidth = 0;
  const trendCols: Record<string, string[]> = {};
  const trendWidths: number[] = stats.map(() => 0);
  const values: Record<string, string[]> = {};
  const valueWidths: number[] = [];

  for (const name of names) {
    const m = metrics[name];
    const { indent: subIndent, label } = metricLabel(name);
    nameWidth = Math.max(nameWidth, strWidth(subIndent + label));
    if (m.type === 'trend') {
      // as in the jslib, a stat missing from `values` throws (count, plain numbers) or prints NaN (times, bytes)
      trendCols[name] = stats.map((stat) =>
        stat === 'count' ? m.values[stat].toString() : humanizeValue(m.values[stat], m, timeUnit),
      );
      trendCols[name].forEach((col, i) => (trendWidths[i] = Math.max(trendWidths[i], strWidth(col))));
    } else {
      values[name] = nonTrendValues(m, timeUnit, rateCounts);
      values[name].forEach((v, i) => (valueWidths[i] = Math.max(valueWidths[i] ?? 0, strWidth(v))));
    }
  }

  const data = (name: string): string => {
    const cols = trendCols[name];
    if (cols)
      return cols.map((col, i) => `${stats[i]}=${decorate(col, PALETTE.cyan)}${pad(col, trendWidths[i])}`).join(' ');
    const [value, ...extras] = values[name];
    let out = decorate(value, PALETTE.cyan) + pad(value, valueWidths[0]);
    // a single extra (a counter's rate) is not padded; several are, each to its column
    if (extras.length === 1) out += ` ${decorate(extras[0], PALETTE.cyan, PALETTE.faint)}`;
    else if (extras.length > 1)
      out += ` ${extras.map((e, i) => decorate(e, PALETTE.cyan, PALETTE.faint) + pad(e, valueWidths[i + 1])).join(' ')}`;
    return out;
  };

  return sortMetricNames(names).map((name) => {
    const m = metrics[name];
    // a metric with thresholds is marked ✓, or ✗ when any of them failed
    let mark = ' ';
    if (m.thresholds) {
      const failed = Object.values(m.thresholds).some((t) => !t.ok);
      mark = failed ? decorate(FAIL, PALETTE.red) : decorate(OK, PALETTE.green);
    }
    const { indent: subIndent, label } = metricLabel(name);
    const dots = decorate(`${'.'.repeat(nameWidth - strWidth(label) - strWidth(subIndent) + 3)}:`, PALETTE.faint);
    return `${indent}${subIndent}${mark} ${label}${dots} ${data(name)}`;
  });
}
