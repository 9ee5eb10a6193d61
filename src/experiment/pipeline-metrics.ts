// Names a validation rule may use, and where each value comes from. Pipeline metrics are read by
// the probe from the consumer's /metrics (contract names, docs/ARCHITECTURE.md); the plan's
// Kafka-client names are aliases of the contract's. `<trend>_p<N>` names are k6 Trends of the bundle.

export interface ProbeMetric {
  /** Series name in the consumer's Prometheus exposition. */
  source: string;
  /** How several label sets combine (lag per partition → max or sum). */
  aggregate: 'sum' | 'max';
  /** What `rate_lt`/`rate_gt` mean: per-second increase, or failed / (processed + failed). */
  rate: 'per_second' | 'error_ratio';
}

export const PROBE_METRICS: Record<string, ProbeMetric> = {
  cdc_events_processed_total: { source: 'cdc_events_processed_total', aggregate: 'sum', rate: 'per_second' },
  cdc_events_failed_total: { source: 'cdc_events_failed_total', aggregate: 'sum', rate: 'error_ratio' },
  cdc_consumer_lag: { source: 'cdc_consumer_lag', aggregate: 'sum', rate: 'per_second' },
  cdc_kafka_connected: { source: 'cdc_kafka_connected', aggregate: 'max', rate: 'per_second' },
  cdc_mongo_connected: { source: 'cdc_mongo_connected', aggregate: 'max', rate: 'per_second' },
  // The plan's names (Kafka client metrics) mapped onto the consumer contract.
  kafka_consumer_connection_count: { source: 'cdc_kafka_connected', aggregate: 'sum', rate: 'per_second' },
  kafka_consumer_records_lag_max: { source: 'cdc_consumer_lag', aggregate: 'max', rate: 'per_second' },
};

/** k6 Trends of the bundle a rule may bound by percentile (`cdc_e2e_latency_p95`). */
export const K6_TRENDS = ['cdc_e2e_latency', 'chaos_recovery_time'] as const;

export function k6TrendStat(name: string): { metric: string; stat: string } | null {
  const m = /^(.*)_(p\d{1,2}(?:\.\d+)?|avg|med|min|max)$/.exec(name);
  if (!m || (K6_TRENDS as readonly string[]).indexOf(m[1]) < 0) return null;
  const stat = m[2].charAt(0) === 'p' ? `p(${m[2].slice(1)})` : m[2];
  return { metric: m[1], stat };
}

export function knownRuleMetrics(): string[] {
  const trends = K6_TRENDS.map((t) => `${t}_p95`);
  return Object.keys(PROBE_METRICS).concat(trends);
}
