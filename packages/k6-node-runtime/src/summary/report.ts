// The data model the end-of-test text summary renders (mirrors k6 v1 `internal/lib/summary` Summary as handed to
// `internal/js/summary.js`). The engine builds it from samples; it travels on the handleSummary `data` object under
// a Symbol key, so it is invisible to JSON / structured clone and the `data` shape stays exactly k6's.
import type { Contains, MetricType } from '../metrics/types.js';

export interface ReportMetric {
  name: string;
  type: MetricType;
  contains: Contains;
  values: Record<string, number>;
}

export type ReportCategory =
  'http' | 'execution' | 'network' | 'browser' | 'webvitals' | 'grpc' | 'websocket' | 'custom';
export type ReportMetrics = Record<ReportCategory, Record<string, ReportMetric>>;

export interface ReportCheck {
  name: string;
  passes: number;
  fails: number;
}

export interface ReportChecks {
  metrics: { checks_total: ReportMetric; checks_succeeded: ReportMetric; checks_failed: ReportMetric };
  ordered_checks: ReportCheck[];
}

export interface ReportGroup {
  checks?: ReportChecks;
  metrics: ReportMetrics;
  groups: Record<string, ReportGroup>;
}

export interface ReportThresholds {
  metric: ReportMetric;
  thresholds: { source: string; ok: boolean }[];
}

export interface Report extends ReportGroup {
  thresholds: Record<string, ReportThresholds>;
  scenarios: Record<string, ReportGroup>;
  summaryTrendStats: string[];
  summaryTimeUnit: string;
}

export const SUMMARY_REPORT: unique symbol = Symbol.for('cdc-chaos.summary-report');

export function emptyReportMetrics(): ReportMetrics {
  return { http: {}, execution: {}, network: {}, browser: {}, webvitals: {}, grpc: {}, websocket: {}, custom: {} };
}

const HTTP = [
  'http_reqs',
  'http_req_failed',
  'http_req_duration',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
];
const EXECUTION = ['vus', 'vus_max', 'iterations', 'iteration_duration', 'dropped_iterations'];
const NETWORK = ['data_sent', 'data_received'];
const COMPACT_SKIPPED = [
  'checks',
  'group_duration',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_receiving',
  'http_req_sending',
  'http_req_tls_handshaking',
  'http_req_waiting',
];
const FULL_SKIPPED = ['checks', 'group_duration'];

// k6 matches these lists by prefix (strings.HasPrefix), so sub-metrics follow their parent — and so does any
// custom metric whose name starts with a listed one (a k6 quirk kept on purpose).
const oneOf = (name: string, list: string[]): boolean => list.some((p) => name.startsWith(p));

/** Section of a metric in the summary, or null when the mode hides it (k6 `populateSummaryGroup`). */
export function categoryOf(name: string, mode: 'compact' | 'full'): ReportCategory | null {
  if (oneOf(name, mode === 'compact' ? COMPACT_SKIPPED : FULL_SKIPPED)) return null;
  if (oneOf(name, HTTP)) return 'http';
  if (oneOf(name, EXECUTION)) return 'execution';
  if (oneOf(name, NETWORK)) return 'network';
  if (name.startsWith('browser_web_vital_')) return 'webvitals';
  if (name.startsWith('browser_')) return 'browser';
  if (name.startsWith('grpc_')) return 'grpc';
  if (name.startsWith('ws_')) return 'websocket';
  return 'custom';
}
