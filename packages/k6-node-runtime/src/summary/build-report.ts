// The end-of-test text report model (k6 v1 internal/output/summary/data.go: summaryThresholds,
// populateSummaryGroup, populateSummaryChecks) from the engine's metrics, thresholds and aggregates.
import type { AggGroup } from '../metrics/aggregates.js';
import { type AnySink, RateSink, TrendSink } from '../metrics/sinks.js';
import type { Contains, MetricType } from '../metrics/types.js';
import {
  categoryOf,
  emptyReportMetrics,
  type Report,
  type ReportCheck,
  type ReportChecks,
  type ReportGroup,
  type ReportMetric,
  type ReportThresholds,
} from './report.js';
import type { SummarySource } from './source.js';
import { sinkValues } from './values.js';

type ToMetric = (name: string, type: MetricType, contains: Contains, sink: AnySink) => ReportMetric;

export function buildReport(
  src: SummarySource,
  testRunDurationMs: number,
  trendStats: string[],
  opts: { summaryTimeUnit?: string } = {},
): Report {
  const t = testRunDurationMs;
  const mode = src.aggregates ? 'full' : 'compact';
  const toMetric: ToMetric = (name, type, contains, sink) => ({
    name,
    type,
    contains,
    values: sinkValues(sink, t, trendStats),
  });
  const root: Report = {
    thresholds: thresholdsReport(src, toMetric),
    metrics: emptyReportMetrics(),
    groups: {},
    scenarios: {},
    summaryTrendStats: trendStats,
    summaryTimeUnit: opts.summaryTimeUnit ?? '',
  };
  for (const m of src.registry.observed()) {
    const cat = categoryOf(m.name, mode);
    if (cat) root.metrics[cat][m.name] = toMetric(m.name, m.type, m.contains, m.sink);
  }
  const checks = src.registry.get('checks')!;
  if (checks.observed) root.checks = checksReport(checks.sink as RateSink, src.groups.allChecks, t, toMetric);
  if (src.aggregates) {
    const conv = (g: AggGroup): ReportGroup => groupReport(g, t, toMetric, conv);
    for (const [name, child] of src.aggregates.root.groups) root.groups[name] = conv(child);
    for (const [name, sc] of src.aggregates.scenarios) root.scenarios[name] = conv(sc);
  }
  return root;
}

/** Every thresholded metric with its verdicts; a trend also shows the percentiles its thresholds name (e.g. p(99)). */
function thresholdsReport(src: SummarySource, toMetric: ToMetric): Record<string, ReportThresholds> {
  const thresholds: Record<string, ReportThresholds> = {};
  for (const m of src.withThresholds) {
    const metric = toMetric(m.name, m.type, m.contains, m.sink);
    for (const th of m.thresholds) {
      if (m.sink instanceof TrendSink && th.parsed.method === 'p')
        metric.values[`p(${th.parsed.percentile})`] = m.sink.p(th.parsed.percentile! / 100);
    }
    thresholds[m.name] = { metric, thresholds: m.thresholds.map((x) => ({ source: x.source, ok: !x.lastFailed })) };
  }
  return thresholds;
}

function groupReport(g: AggGroup, t: number, toMetric: ToMetric, conv: (g: AggGroup) => ReportGroup): ReportGroup {
  const out: ReportGroup = { metrics: emptyReportMetrics(), groups: {} };
  const checks = g.metrics.get('checks');
  if (checks) out.checks = checksReport(checks.sink as RateSink, g.checks, t, toMetric);
  for (const [name, a] of g.metrics) {
    const cat = categoryOf(name, 'full');
    if (cat) out.metrics[cat][name] = toMetric(name, a.type, a.contains, a.sink);
  }
  for (const [name, child] of g.groups) out.groups[name] = conv(child);
  return out;
}

function checksReport(sink: RateSink, checks: Map<string, ReportCheck>, t: number, toMetric: ToMetric): ReportChecks {
  const total = sink.total;
  const ok = sink.trues;
  const totalMetric: ReportMetric = {
    name: 'checks_total',
    type: 'counter',
    contains: 'default',
    values: { count: total, rate: t > 0 ? total / (t / 1000) : 0 },
  };
  const succeeded = toMetric('checks_succeeded', 'rate', 'default', sink);
  // k6 quirk kept: checks_failed carries passes = failed checks, fails = succeeded ones
  const failedMetric: ReportMetric = {
    name: 'checks_failed',
    type: 'rate',
    contains: 'default',
    values: { passes: total - ok, fails: ok, rate: (total - ok) / total },
  };
  return {
    metrics: { checks_total: totalMetric, checks_succeeded: succeeded, checks_failed: failedMetric },
    ordered_checks: [...checks.values()].map((c) => ({ ...c })),
  };
}
