// The stack's endpoints as seen from the host (docs/ARCHITECTURE.md, "Local stack"). Other areas import
// `stackEndpoints` instead of hard-coding addresses.
export interface StackEndpoints {
  PG_URL: string;
  MONGO_URL: string;
  KAFKA_BOOTSTRAP: string;
  TOXIPROXY_URL: string;
  PROMETHEUS_URL: string;
  CONSUMER_URL: string;
  CONNECT_URL: string;
}

/** Host ports published on 127.0.0.1, by container. */
export const HOST_PORTS = {
  'cdc-postgres': 5432,
  'cdc-kafka': 9092,
  'cdc-connect': 8083,
  'cdc-mongodb': 27017,
  'cdc-consumer': 8080,
  'cdc-toxiproxy': 8474,
  'cdc-prometheus': 9090,
  'cdc-lag-exporter': 9308,
} as const;

export function stackEndpoints(): StackEndpoints {
  return {
    PG_URL: `postgres://postgres:postgres@127.0.0.1:${HOST_PORTS['cdc-postgres']}/cdc?sslmode=disable`,
    MONGO_URL: `mongodb://127.0.0.1:${HOST_PORTS['cdc-mongodb']}/`,
    KAFKA_BOOTSTRAP: `127.0.0.1:${HOST_PORTS['cdc-kafka']}`,
    TOXIPROXY_URL: `http://127.0.0.1:${HOST_PORTS['cdc-toxiproxy']}`,
    PROMETHEUS_URL: `http://127.0.0.1:${HOST_PORTS['cdc-prometheus']}`,
    CONSUMER_URL: `http://127.0.0.1:${HOST_PORTS['cdc-consumer']}`,
    CONNECT_URL: `http://127.0.0.1:${HOST_PORTS['cdc-connect']}`,
  };
}

/** `export NAME=value` lines, shell-quoted only where needed. */
export function formatEnv(endpoints: StackEndpoints = stackEndpoints()): string {
  return Object.entries(endpoints)
    .map(([k, v]) => `export ${k}=${/^[\w:/.@?=&%+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`}`)
    .join('\n');
}

/** Names of things inside the pipeline that tests and scenarios rely on. */
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
  proxies: ['consumer_kafka', 'consumer_mongodb', 'connect_kafka', 'connect_postgres'],
} as const;
