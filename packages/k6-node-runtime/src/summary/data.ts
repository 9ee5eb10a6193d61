// The handleSummary `data` object, exactly k6's default (legacy) format (internal/js/summary.go
// summarizeMetricsToObject), carrying the text-summary report under the SUMMARY_REPORT symbol.
import { buildReport } from './build-report.js';
import { SUMMARY_REPORT } from './report.js';
import type { SummarySource } from './source.js';
import { sinkValues } from './values.js';

export interface SummaryState {
  testRunDurationMs: number;
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
}

export function summaryData(
  src: SummarySource,
  trendStats: string[],
  state: SummaryState,
  setupData: unknown,
  options: Record<string, unknown>,
): unknown {
  const t = state.testRunDurationMs;
  const metricsData: Record<string, unknown> = {};
  for (const m of src.registry.observed()) {
    const md: Record<string, unknown> = {
      type: m.type,
      contains: m.contains,
      values: sinkValues(m.sink, t, trendStats),
    };
    if (m.thresholds.length > 0) {
      const th: Record<string, { ok: boolean }> = {};
      for (const x of m.thresholds) th[x.source] = { ok: !x.lastFailed };
      md.thresholds = th;
    }
    metricsData[m.name] = md;
  }
  const summaryOptions = {
    summaryTrendStats: trendStats,
    summaryTimeUnit: typeof options.summaryTimeUnit === 'string' ? options.summaryTimeUnit : '',
    noColor: options.noColor === true,
  };
  const data: Record<string | symbol, unknown> = {
    root_group: src.groups.export(),
    options: summaryOptions,
    state: { isStdOutTTY: state.isStdOutTTY, isStdErrTTY: state.isStdErrTTY, testRunDurationMs: t },
    metrics: metricsData,
    setup_data: setupData,
  };
  // not enumerable: invisible to JSON and dropped by structured clone, so `data` stays k6's shape
  Object.defineProperty(data, SUMMARY_REPORT, {
    value: buildReport(src, t, trendStats, summaryOptions),
    enumerable: false,
  });
  return data;
}
