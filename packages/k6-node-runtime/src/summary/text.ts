// k6 v1 end-of-test text summary (https://grafana.com/docs/k6/latest/results-output/end-of-test/ ; layout of
// grafana/k6 `internal/js/summary.js` + `summary-wrapper.js`, re-implemented here): █ THRESHOLDS, █ TOTAL RESULTS
// (checks_total/succeeded/failed, the checks, then CUSTOM first and the other metric sections), and in `full` mode
// █ GROUP / █ SCENARIO sections with nested ↳ GROUP blocks.
import { humanizeValue, metricLabel, nonTrendValues, sortMetricNames, strWidth } from './format.js';
import {
  type Report,
  type ReportCheck,
  type ReportChecks,
  type ReportGroup,
  type ReportMetric,
  type ReportMetrics,
  type ReportThresholds,
  SUMMARY_REPORT,
} from './report.js';

export interface TextSummaryOptions {
  enableColors: boolean;
  mode: 'compact' | 'full';
}

const TITLE = '█';
const SUBTITLE = '↳';
const OK = '✓';
const FAIL = '✗';
const COLORS = { red: '31', green: '32', cyan: '36', white: '37' } as const;
type Color = keyof typeof COLORS;

class Fmt {
  constructor(private readonly colors: boolean) {}
  deco(text: string, color: Color, faint = false): string {
    if (!this.colors) return text;
    return `\x1b[${faint ? '2;' : ''}${COLORS[color]}m${text}\x1b[0m`;
  }
  bold(text: string): string {
    return this.colors ? `\x1b[1m${text}\x1b[0m` : text;
  }
}

/** Indentation context: level n renders (base + n) × 2 spaces. */
class Ctx {
  constructor(readonly base = 0) {}
  pad(level = 1): string {
    return ' '.repeat((this.base + level) * 2);
  }
  indent(text: string, level = 1): string {
    return this.pad(level) + text;
  }
  inner(inc = 1): Ctx {
    return new Ctx(this.base + inc);
  }
}

interface Opts {
  trendStats: string[];
  timeUnit: string;
}

const NL = '\n';

/**
 * Renders the default end-of-test summary exactly as `k6 run` prints it to stdout when there is no handleSummary
 * (or it returned a falsy value): k6's summary wrapper prints "\n" + the summary text + "\n\n".
 */
export function renderTextSummary(data: unknown, opts: TextSummaryOptions): string {
  return NL + summaryText(data, opts) + NL + NL;
}

/**
 * The summary text itself (what k6's wrapper gets from its textSummary), from the report the engine attaches to
 * the `data` object of MetricsEngine.summaryData() (SUMMARY_REPORT: group/scenario data for `full`, global check
 * order).
 */
function summaryText(data: unknown, opts: TextSummaryOptions): string {
  const report = (data as Record<symbol, unknown>)[SUMMARY_REPORT] as Report;
  const o: Opts = { trendStats: report.summaryTrendStats, timeUnit: report.summaryTimeUnit };
  const f = new Fmt(opts.enableColors);
  const root = new Ctx();
  const sections: { title: string; content: string[] }[] = [];

  if (Object.keys(report.thresholds).length > 0) {
    sections.push({ title: 'THRESHOLDS', content: renderThresholds(report.thresholds, f, root.inner(), o) });
  }
  sections.push({
    title: 'TOTAL RESULTS',
    content: [...renderChecksBlock(report.checks, f, root, o), ...renderMetricSections(report.metrics, f, root, o)],
  });
  if (opts.mode === 'full') {
    // groups keep their first-seen order, scenarios are sorted by name (as k6 does)
    for (const [name, g] of Object.entries(report.groups))
      sections.push({ title: `GROUP: ${name}`, content: renderGroupContent(g, f, root, o) });
    for (const [name, g] of sortedEntries(report.scenarios))
      sections.push({ title: `SCENARIO: ${name}`, content: renderGroupContent(g, f, root, o) });
  }

  let out = '';
  for (const s of sections) {
    for (const piece of [title(s.title, f, root), ...s.content, NL]) out += piece === NL ? NL : NL + piece;
  }
  return out;
}

function sortedEntries<T>(o: Record<string, T>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

function title(text: string, f: Fmt, ctx: Ctx): string {
  return ctx.indent(`${TITLE} ${f.bold(text)} ${NL}`);
}

function renderGroupContent(g: ReportGroup, f: Fmt, ctx: Ctx, o: Opts): string[] {
  const out = [...renderChecksBlock(g.checks, f, ctx, o), ...renderMetricSections(g.metrics, f, ctx, o)];
  const inner = ctx.inner();
  for (const [name, child] of Object.entries(g.groups)) {
    out.push(inner.indent(`${SUBTITLE} ${f.bold(`GROUP: ${name}`)} ${NL}`));
    out.push(...renderGroupContent(child, f, inner, o));
  }
  return out;
}

function renderChecksBlock(checks: ReportChecks | undefined, f: Fmt, ctx: Ctx, o: Opts): string[] {
  if (!checks) return [];
  const inner = ctx.inner();
  const metrics: Record<string, ReportMetric> = { ...checks.metrics };
  return [
    ...renderMetricLines(metrics, layout(Object.keys(metrics), metrics, inner, o), f, inner, o, false),
    NL,
    ...checks.ordered_checks.map((c) => renderCheck(c, f, inner)),
    NL,
  ];
}

function renderCheck(c: ReportCheck, f: Fmt, ctx: Ctx): string {
  if (c.fails === 0) return ctx.indent(f.deco(`${OK} ${c.name}`, 'green'));
  const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
  const head = f.deco(`${FAIL} ${c.name}`, 'red');
  const detail = f.deco(`${SUBTITLE}  ${pct}% — ${OK} ${c.passes} / ${FAIL} ${c.fails}`, 'red');
  return ctx.indent(head) + NL + ctx.indent(detail, ctx.base + 1);
}

const SECTION_ORDER: (keyof ReportMetrics)[] = [
  'custom',
  'http',
  'execution',
  'network',
  'browser',
  'webvitals',
  'grpc',
  'websocket',
];

function renderMetricSections(metrics: ReportMetrics, f: Fmt, ctx: Ctx, o: Opts): string[] {
  const inner = ctx.inner();
  // column widths are shared by all sections of the block
  const all: Record<string, ReportMetric> = {};
  for (const section of SECTION_ORDER) Object.assign(all, metrics[section] ?? {});
  const l = layout(sortMetricNames(Object.keys(all)), all, inner, o);
  const out: string[] = [];
  for (const section of SECTION_ORDER) {
    const list = metrics[section];
    if (!list || Object.keys(list).length === 0) continue;
    out.push(inner.indent(f.bold(section.toUpperCase())), ...renderMetricLines(list, l, f, inner, o, true), NL);
  }
  return out;
}

/** Sub-metrics are shown as their selector, indented under the parent: `  { expected_response:true }`. */
function displayName(name: string): string {
  const { indent, label } = metricLabel(name);
  return indent + label;
}

interface Layout {
  maxNameWidth: number;
  trend: Record<string, string[]>;
  trendWidths: number[];
  main: Record<string, string>;
  extras: Record<string, string[]>;
  mainWidth: number;
  extraWidths: number[];
}

function trendString(m: ReportMetric, stat: string, timeUnit: string): string {
  const v = m.values[stat];
  if (v === undefined) return 'undefined';
  return stat === 'count' ? String(v) : humanizeValue(v, m, timeUnit);
}

function layout(names: string[], metrics: Record<string, ReportMetric>, ctx: Ctx, o: Opts): Layout {
  const l: Layout = {
    maxNameWidth: 0,
    trend: {},
    trendWidths: o.trendStats.map(() => 0),
    main: {},
    extras: {},
    mainWidth: 0,
    extraWidths: [],
  };
  for (const name of names) {
    const m = metrics[name];
    // k6 measures `indent + name + displayName(name)` here, which is what makes its dotted leaders so long
    l.maxNameWidth = Math.max(l.maxNameWidth, strWidth(ctx.indent(name + displayName(name))));
    if (m.type === 'trend') {
      const cols = o.trendStats.map((s) => trendString(m, s, o.timeUnit));
      cols.forEach((c, i) => (l.trendWidths[i] = Math.max(l.trendWidths[i], strWidth(c))));
      l.trend[name] = cols;
    } else {
      const [main, ...extras] = nonTrendValues(m, o.timeUnit, 'out-of');
      l.main[name] = main;
      l.mainWidth = Math.max(l.mainWidth, strWidth(main));
      l.extras[name] = extras;
      extras.forEach((e, i) => (l.extraWidths[i] = Math.max(l.extraWidths[i] ?? 0, strWidth(e))));
    }
  }
  return l;
}

function renderMetricLines(
  metrics: Record<string, ReportMetric>,
  l: Layout,
  f: Fmt,
  ctx: Ctx,
  o: Opts,
  sort: boolean,
): string[] {
  const names = Object.keys(metrics);
  if (sort) sortMetricNames(names);
  return names.map((name) => {
    const m = metrics[name];
    const shown = displayName(name);
    const dots = l.maxNameWidth - strWidth(shown) - strWidth(ctx.pad()) + 3;
    const label = shown + f.deco(`${'.'.repeat(Math.max(0, dots))}:`, 'white', true);
    let dataPart: string;
    if (m.type === 'trend') {
      dataPart = l.trend[name]
        .map(
          (col, i) =>
            `${o.trendStats[i]}=${f.deco(col, 'cyan')}${' '.repeat(Math.max(0, l.trendWidths[i] - strWidth(col)))}`,
        )
        .join(' ');
    } else {
      const main = l.main[name];
      const extras = l.extras[name];
      dataPart = f.deco(main, 'cyan') + ' '.repeat(Math.max(0, l.mainWidth - strWidth(main)));
      if (extras.length === 1) dataPart += ` ${f.deco(extras[0], 'cyan', true)}`;
      else if (extras.length > 1) {
        dataPart += ` ${extras.map((e, i) => f.deco(e, 'cyan', true) + ' '.repeat(Math.max(0, l.extraWidths[i] - strWidth(e)))).join(' ')}`;
      }
    }
    return ctx.indent(`${label} ${dataPart}`);
  });
}

function renderThresholds(thresholds: Record<string, ReportThresholds>, f: Fmt, ctx: Ctx, o: Opts): string[] {
  const metrics: Record<string, ReportMetric & { thresholds: ReportThresholds['thresholds'] }> = {};
  for (const t of Object.values(thresholds)) metrics[t.metric.name] = { ...t.metric, thresholds: t.thresholds };
  const names = sortMetricNames(Object.keys(metrics));
  const l = layout(names, metrics, ctx, o);
  const out: string[] = [];
  for (const name of names) {
    const parent = name.split('{', 1)[0];
    const isSub = name.length > parent.length;
    const nested = isSub && metrics[parent] !== undefined;
    const c = nested ? ctx.inner() : ctx;
    out.push(c.indent(nested ? name.slice(parent.length) : name));
    const m = metrics[name];
    for (const t of m.thresholds) {
      const status = t.ok ? f.deco(OK, 'green') : f.deco(FAIL, 'red');
      const src = f.deco(`'${t.source.trim()}'`, 'white');
      const agg = t.source.split(/[=><]/)[0].trim();
      out.push(
        c.indent([status, src, `${f.deco(agg, 'white')}=${f.deco(thresholdValue(m, agg, l, o), 'cyan')}`].join(' ')),
      );
    }
    out.push(NL);
  }
  return out;
}

function thresholdValue(m: ReportMetric, agg: string, l: Layout, o: Opts): string {
  switch (m.type) {
    case 'trend': {
      // a summaryTrendStats column, else the value k6 adds to the metric for the threshold (e.g. p(99))
      const i = o.trendStats.indexOf(agg);
      return i !== -1 ? l.trend[m.name][i] : trendString(m, agg, o.timeUnit);
    }
    case 'counter':
      return agg === 'count' ? l.main[m.name] : l.extras[m.name][0];
    default:
      return l.main[m.name];
  }
}
