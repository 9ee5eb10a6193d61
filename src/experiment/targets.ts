// Which containers a scenario may fault and which Toxiproxy proxies sit in front of each (names from
// the stack contract, contract.ts), so a network fault on "cdc-kafka" means the links other
// components use to reach Kafka.
import { CONTAINERS as C, PIPELINE, PROXY_NAMES } from './contract.js';

export const FAULT_TARGETS = [C.postgres, C.kafka, C.connect, C.consumer, C.mongodb] as const;

/** The harness's change topics: what a redelivery re-publishes by default. */
export const CDC_TOPICS: readonly string[] = PIPELINE.topics;

export const PROXIES = PROXY_NAMES;

/** Proxies whose upstream is the target (traffic TO it), by container. */
const PROXIES_TO: Record<string, string[]> = {
  [C.kafka]: ['consumer_kafka', 'connect_kafka'],
  [C.mongodb]: ['consumer_mongodb'],
  [C.postgres]: ['connect_postgres'],
  // Faulting the network of a client means cutting the links it opens.
  [C.consumer]: ['consumer_kafka', 'consumer_mongodb'],
  [C.connect]: ['connect_kafka', 'connect_postgres'],
};

export function isFaultTarget(name: string): boolean {
  return (FAULT_TARGETS as readonly string[]).indexOf(name) >= 0;
}

export function isProxy(name: string): boolean {
  return PROXIES.indexOf(name) >= 0;
}

/** Proxies touching the target: the default links of a network fault on it. */
export function proxiesFor(target: string): string[] {
  return PROXIES_TO[target] ? PROXIES_TO[target].slice() : [];
}
