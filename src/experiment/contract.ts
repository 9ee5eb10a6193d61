// The local stack's contract as data, written once (docs/ARCHITECTURE.md, "Local stack"): container
// names, the ports they publish on 127.0.0.1, the Toxiproxy proxies, the default endpoints and the
// pipeline's names. Pure (no Node, no k6 imports): the bundles (settings), the stack, the chaos
// tooling and the build (chaos/toxiproxy.json) all read it from here.

/** Every container of the local stack, by role. */
export const CONTAINERS = {
  postgres: 'cdc-postgres',
  kafka: 'cdc-kafka',
  connect: 'cdc-connect',
  consumer: 'cdc-consumer',
  mongodb: 'cdc-mongodb',
  toxiproxy: 'cdc-toxiproxy',
  prometheus: 'cdc-prometheus',
  lagExporter: 'cdc-lag-exporter',
  guard: 'cdc-guard',
} as const;

/** Host ports published on 127.0.0.1, by container (the guard publishes none). */
export const HOST_PORTS = {
  [CONTAINERS.postgres]: 5432,
  [CONTAINERS.kafka]: 9092,
  [CONTAINERS.connect]: 8083,
  [CONTAINERS.mongodb]: 27017,
  [CONTAINERS.consumer]: 8080,
  [CONTAINERS.toxiproxy]: 8474,
  [CONTAINERS.prometheus]: 9090,
  [CONTAINERS.lagExporter]: 9308,
} as const;

/** The harness's own control path: faulting these would blind or disarm the harness itself. */
export const CONTROL_PATH = [
  CONTAINERS.toxiproxy,
  CONTAINERS.prometheus,
  CONTAINERS.lagExporter,
  CONTAINERS.guard,
] as const;

/** A Toxiproxy proxy as its config file and its API describe it. */
export interface ProxyDef {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** The four links the consumer and Kafka Connect open, each through a proxy (cdc-toxiproxy:<listen port>). */
export const PROXIES: readonly ProxyDef[] = [
  { name: 'consumer_kafka', listen: '0.0.0.0:19092', upstream: `${CONTAINERS.kafka}:19092`, enabled: true },
  { name: 'consumer_mongodb', listen: '0.0.0.0:27018', upstream: `${CONTAINERS.mongodb}:27017`, enabled: true },
  { name: 'connect_kafka', listen: '0.0.0.0:29092', upstream: `${CONTAINERS.kafka}:29092`, enabled: true },
  { name: 'connect_postgres', listen: '0.0.0.0:5433', upstream: `${CONTAINERS.postgres}:5432`, enabled: true },
];

export const PROXY_NAMES: readonly string[] = PROXIES.map((p) => p.name);

/** Where a client inside the network reaches a proxy: cdc-toxiproxy:<its listen port>. */
export function proxyAddress(name: string): string {
  const p = PROXIES.find((x) => x.name === name);
  if (!p) throw new Error(`no proxy named ${name} in the contract (${PROXY_NAMES.join(', ')})`);
  return `${CONTAINERS.toxiproxy}:${p.listen.slice(p.listen.lastIndexOf(':') + 1)}`;
}

/** Toxiproxy's -config file: chaos/toxiproxy.json (written by the build, for compose) and the local stack's copy. */
export function toxiproxyConfigText(): string {
  return `${JSON.stringify(PROXIES, null, 2)}\n`;
}

/** The names of things inside the pipeline that tests and scenarios rely on. */
export const PIPELINE = {
  database: 'cdc',
  tables: ['customers', 'orders'],
  publication: 'cdc_publication',
  slot: 'cdc_slot',
  topicPrefix: 'cdc',
  topics: ['cdc.public.customers', 'cdc.public.orders'],
  connector: 'cdc-connector',
  mongoDatabase: 'cdc',
  consumerGroup: 'cdc-consumer',
} as const;

/** The endpoint settings a run reads, as `cdc-chaos stack env` exports them. */
export interface StackEndpoints {
  PG_URL: string;
  MONGO_URL: string;
  KAFKA_BOOTSTRAP: string;
  TOXIPROXY_URL: string;
  PROMETHEUS_URL: string;
  CONSUMER_URL: string;
  CONNECT_URL: string;
}

const local = (container: keyof typeof HOST_PORTS): string => `127.0.0.1:${HOST_PORTS[container]}`;

/** The local stack's endpoints as seen from the host: every setting's default. */
export const DEFAULT_ENDPOINTS: Readonly<StackEndpoints> = {
  PG_URL: `postgres://postgres:postgres@${local(CONTAINERS.postgres)}/${PIPELINE.database}?sslmode=disable`,
  MONGO_URL: `mongodb://${local(CONTAINERS.mongodb)}/`,
  KAFKA_BOOTSTRAP: local(CONTAINERS.kafka),
  TOXIPROXY_URL: `http://${local(CONTAINERS.toxiproxy)}`,
  PROMETHEUS_URL: `http://${local(CONTAINERS.prometheus)}`,
  CONSUMER_URL: `http://${local(CONTAINERS.consumer)}`,
  CONNECT_URL: `http://${local(CONTAINERS.connect)}`,
};
