// The parts of k6's handleSummary data the reports read (k6-semantics.md §1, default format).

import type { Instance } from '../../experiment/instance.js';

export interface MetricSummary {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'default' | 'time' | 'data';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryData {
  metrics: Record<string, MetricSummary>;
  setup_data?: { runId?: string; seed?: number; dryRun?: boolean; instance?: Instance };
  state?: { testRunDurationMs?: number; isStdOutTTY?: boolean };
  options?: { noColor?: boolean };
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** The value the expression tested, when the summary carries it. */
  observed: number | undefined;
}

function observedFor(m: MetricSummary, expression: string): number | undefined {
  const method = /^\s*([a-z]+(?:\([\d.]+\))?)/.exec(expression);
  return method ? m.values[method[1]] : undefined;
}

/** Every threshold of the run, failed ones first, then by name. */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const name of Object.keys(data.metrics)) {
    const m = data.metrics[name];
    for (const expr of Object.keys(m.thresholds ?? {})) {
      out.push({
        metric: name,
        expression: expr,
        ok: (m.thresholds as Record<string, { ok: boolean }>)[expr].ok,
        observed: observedFor(m, expr),
      });
    }
  }
  return out.sort((a, b) => Number(a.ok) - Number(b.ok) || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}
