// Names a validation rule may use, and where each value comes from: the consumer's /metrics (names of
// docs/consumer-contract.md) or the broker, measured outside the consumer (kafka_exporter's names, read from
// Prometheus: the stack's lag exporter, or the upstream exporter in a compose deployment). The plan's
// Kafka-client names are measured on the broker's side, so a consumer need not be a kafkajs/Java client to
// be judged by them. `<trend>_p<N>` names are k6 Trends of the bundle.

export interface ProbeMetric {
  /** Series name in the consumer's exposition (`consumer`) or in Prometheus (`broker`). */
  source: string;
  /** Who reports it. */
  from: 'consumer' | 'broker';
  /** How several label sets combine (lag per partition → max or sum). */
  aggregate: 'sum' | 'max';
  /** What `rate_lt`/`rate_gt` mean: per-second increase, or failed / (processed + failed). */
  rate: 'per_second' | 'error_ratio';
}

/** The metrics docs/consumer-contract.md requires of every consumer ("Metrics it must export"). */
export const CONTRACT_METRICS = [
  'cdc_events_processed_total',
  'cdc_events_failed_total',
  'cdc_mongo_connected',
] as const;

export const PROBE_METRICS: Record<string, ProbeMetric> = {
  cdc_events_processed_total: {
    source: 'cdc_events_processed_total',
    from: 'consumer',
    aggregate: 'sum',
    rate: 'per_second',
  },
  cdc_events_failed_total: {
    source: 'cdc_events_failed_total',
    from: 'consumer',
    aggregate: 'sum',
    rate: 'error_ratio',
  },
  cdc_mongo_connected: { source: 'cdc_mongo_connected', from: 'consumer', aggregate: 'max', rate: 'per_second' },
  // Optional in the contract: a rule naming them judges only consumers that export them (no shipped scenario does).
  cdc_consumer_lag: { source: 'cdc_consumer_lag', from: 'consumer', aggregate: 'sum', rate: 'per_second' },
  cdc_kafka_connected: { source: 'cdc_kafka_connected', from: 'consumer', aggregate: 'max', rate: 'per_second' },
  // The plan's names (Kafka client metrics), as the broker sees the consumer group: its members, and its lag
  // behind the partitions' ends by committed offset.
  kafka_consumer_connection_count: {
    source: 'kafka_consumergroup_members',
    from: 'broker',
    aggregate: 'sum',
    rate: 'per_second',
  },
  kafka_consumer_records_lag_max: {
    source: 'kafka_consumergroup_lag',
    from: 'broker',
    aggregate: 'max',
    rate: 'per_second',
  },
};

/** The broker's view of the consumer group as one Prometheus instant query (every `broker` source, the group's series). */
export function brokerQuery(group: string): string {
  const names = Array.from(
    new Set(
      Object.keys(PROBE_METRICS)
        .map((k) => PROBE_METRICS[k])
        .filter((m) => m.from === 'broker')
        .map((m) => m.source),
    ),
  );
  return `{__name__=~"${names.join('|')}",consumergroup="${group}"}`;
}

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
