// k6's builtin metrics (grafana/k6 `metrics/builtin.go`): names, types and value types exact.
import type { Contains, MetricType } from './types.js';

export interface MetricDecl {
  name: string;
  type: MetricType;
  contains: Contains;
}

const d = (name: string, type: MetricType, contains: Contains = 'default'): MetricDecl => ({ name, type, contains });

export const BUILTIN_METRICS: readonly MetricDecl[] = [
  d('vus', 'gauge'),
  d('vus_max', 'gauge'),
  d('iterations', 'counter'),
  d('iteration_duration', 'trend', 'time'),
  d('dropped_iterations', 'counter'),
  d('checks', 'rate'),
  d('group_duration', 'trend', 'time'),
  d('http_reqs', 'counter'),
  d('http_req_failed', 'rate'),
  d('http_req_duration', 'trend', 'time'),
  d('http_req_blocked', 'trend', 'time'),
  d('http_req_connecting', 'trend', 'time'),
  d('http_req_tls_handshaking', 'trend', 'time'),
  d('http_req_sending', 'trend', 'time'),
  d('http_req_waiting', 'trend', 'time'),
  d('http_req_receiving', 'trend', 'time'),
  d('ws_sessions', 'counter'),
  d('ws_msgs_sent', 'counter'),
  d('ws_msgs_received', 'counter'),
  d('ws_ping', 'trend', 'time'),
  d('ws_session_duration', 'trend', 'time'),
  d('ws_connecting', 'trend', 'time'),
  d('grpc_req_duration', 'trend', 'time'),
  d('data_sent', 'counter', 'data'),
  d('data_received', 'counter', 'data'),
];

/** k6 `metrics/registry.go` name rule. */
export const METRIC_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{1,128}$/;
export const BAD_NAME_WARNING =
  'Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore.';
