// The stack contract (docs/ARCHITECTURE.md) as data: which containers a scenario may fault and
// which Toxiproxy proxies sit in front of each, so a network fault on "cdc-kafka" means the links
// other components use to reach Kafka.

export const FAULT_TARGETS = ['cdc-postgres', 'cdc-kafka', 'cdc-connect', 'cdc-consumer', 'cdc-mongodb'] as const;

/** The harness's change topics: what a redelivery re-publishes by default. */
export const CDC_TOPICS = ['cdc.public.customers', 'cdc.public.orders'];

export const PROXIES = ['consumer_kafka', 'consumer_mongodb', 'connect_kafka', 'connect_postgres'] as const;

/** Proxies whose upstream is the target (traffic TO it), by container. */
const PROXIES_TO: Record<string, string[]> = {
  'cdc-kafka': ['consumer_kafka', 'connect_kafka'],
  'cdc-mongodb': ['consumer_mongodb'],
  'cdc-postgres': ['connect_postgres'],
  // Faulting the network of a client means cutting the links it opens.
  'cdc-consumer': ['consumer_kafka', 'consumer_mongodb'],
  'cdc-connect': ['connect_kafka', 'connect_postgres'],
};

export function isFaultTarget(name: string): boolean {
  return (FAULT_TARGETS as readonly string[]).indexOf(name) >= 0;
}

export function isProxy(name: string): boolean {
  return (PROXIES as readonly string[]).indexOf(name) >= 0;
}

/** Proxies touching the target: the default links of a network fault on it. */
export function proxiesFor(target: string): string[] {
  return PROXIES_TO[target] ? PROXIES_TO[target].slice() : [];
}
