// grafana/k6-jslib-summary as imported by URL (served built in by the cdc-chaos runtime).
declare module 'https://jslib.k6.io/k6-summary/*' {
  export interface TextSummaryOptions {
    /** prefix of every line (default ' ') */
    indent?: string;
    /** ANSI colours (default true) */
    enableColors?: boolean;
    summaryTimeUnit?: string | null;
    summaryTrendStats?: string[] | null;
  }
  /** k6's pre-v1 ("legacy") end-of-test text summary of handleSummary's `data`. */
  export function textSummary(data: unknown, options?: TextSummaryOptions): string;
  export function humanizeValue(
    value: number,
    metric: { type: string; contains: string },
    timeUnit?: string | null,
  ): string;
}
