// The VU side applies k6's redeclare rules against the same builtin list main pre-declares.
export type { MetricType, Contains } from '../metrics/types.js';
export { BUILTIN_METRICS, METRIC_NAME_RE, BAD_NAME_WARNING } from '../metrics/builtin.js';
