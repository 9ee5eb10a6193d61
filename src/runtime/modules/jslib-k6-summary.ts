// jslib "k6-summary" (https://jslib.k6.io/k6-summary/<version>/index.js), served built in: textSummary and
// humanizeValue with grafana/k6-jslib-summary 0.1.0's signatures and option defaults, rendered by this runtime's
// own end-of-test summary (summary/text.ts), so the text is the one `cdc-chaos run` prints by default. Unlike the
// jslib (k6's pre-v1 "legacy" layout), that is k6 v1's layout; jUnit is not provided (docs/runtime.md).
import { summaryText } from '../summary/text.js';

export { humanizeValue } from '../summary/format.js';

export interface TextSummaryOptions {
  /** prefix of every line; the jslib's default is one space */
  indent?: string;
  /** ANSI colours; the jslib's default is true */
  enableColors?: boolean;
  /** override data.options.summaryTimeUnit */
  summaryTimeUnit?: string | null;
  /** override data.options.summaryTrendStats */
  summaryTrendStats?: string[] | null;
}

/** The end-of-test text summary of handleSummary's `data`, without k6's surrounding blank lines. */
export function textSummary(data: unknown, options: TextSummaryOptions = {}): string {
  return summaryText(data, {
    indent: options.indent ?? ' ',
    enableColors: options.enableColors ?? true,
    mode: 'compact',
    summaryTimeUnit: options.summaryTimeUnit ?? undefined,
    summaryTrendStats: options.summaryTrendStats ?? undefined,
  });
}
