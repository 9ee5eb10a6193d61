// Consumer configuration from the environment (docs/ARCHITECTURE.md "Consumer env").
// Pure: `loadConfig(env)` returns a Config or throws ConfigError naming every bad variable at once,
// so a misconfigured container fails on start with one readable message.
import { parseFault, type ConsumerFault } from './faults.js';

export interface Config {
  kafkaBootstrap: string[];
  kafkaTopics: string[];
  kafkaGroupId: string;
  kafkaClientId: string;
  mongoUrl: string;
  mongoDb: string;
  port: number;
  /** Backoff for MongoDB writes and consumer restarts: first delay, cap (ms). */
  retryInitialMs: number;
  retryMaxMs: number;
  /** Largest number of change events written to MongoDB (and committed) in one step. */
  writeBatchSize: number;
  /** partitions whose batches are written at the same time (kafkajs partitionsConsumedConcurrently) */
  partitionsConcurrently: number;
  /** kafkajs request timeout; bounds how long a silent partition goes unnoticed. */
  kafkaRequestTimeoutMs: number;
  kafkaSessionTimeoutMs: number;
  /** No fetch/heartbeat for this long ⇒ Kafka counts as disconnected (health 503). */
  kafkaLivenessMs: number;
  mongoPingIntervalMs: number;
  mongoRenewAfterMs: number;
  lagPollIntervalMs: number;
  /** After SIGTERM, how long the in-flight batch may keep retrying before the process gives up (uncommitted). */
  shutdownGraceMs: number;
  fromBeginning: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  fault: ConsumerFault | null;
  /** CONSUMER_METRICS: `full` (default) or `contract` (only the metrics docs/consumer-contract.md requires). */
  metrics: 'full' | 'contract';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid consumer configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback?: string): string => {
    const v = env[name]?.trim();
    if (v) return v;
    if (fallback !== undefined) return fallback;
    problems.push(`${name} is required`);
    return '';
  };
  const list = (name: string): string[] => {
    const items = str(name)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (env[name]?.trim() && items.length === 0) problems.push(`${name} has no entries`);
    return items;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer in [${min}, ${max}]`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    problems.push(`${name}=${JSON.stringify(env[name])} must be true or false`);
    return fallback;
  };

  const kafkaBootstrap = list('KAFKA_BOOTSTRAP');
  for (const b of kafkaBootstrap) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(b)) problems.push(`KAFKA_BOOTSTRAP entry ${JSON.stringify(b)} must be host:port`);
  }
  const mongoUrl = str('MONGO_URL');
  if (mongoUrl && !/^mongodb(\+srv)?:\/\//.test(mongoUrl)) {
    problems.push(`MONGO_URL must start with mongodb:// or mongodb+srv://`);
  }
  const logLevel = str('LOG_LEVEL', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL must be debug|info|warn|error`);

  let fault: ConsumerFault | null = null;
  try {
    fault = parseFault(env.CONSUMER_FAULT);
  } catch (e) {
    problems.push((e as Error).message);
  }

  const metrics = str('CONSUMER_METRICS', 'full');
  if (metrics !== 'full' && metrics !== 'contract')
    problems.push(`CONSUMER_METRICS=${JSON.stringify(metrics)} must be full or contract`);

  const retryInitialMs = int('RETRY_INITIAL_MS', 200, 1, 600_000);
  const retryMaxMs = int('RETRY_MAX_MS', 10_000, 1, 3_600_000);
  if (retryMaxMs < retryInitialMs) problems.push('RETRY_MAX_MS must be >= RETRY_INITIAL_MS');

  const config: Config = {
    kafkaBootstrap,
    kafkaTopics: list('KAFKA_TOPICS'),
    kafkaGroupId: str('KAFKA_GROUP_ID'),
    kafkaClientId: str('KAFKA_CLIENT_ID', 'cdc-consumer'),
    mongoUrl,
    mongoDb: str('MONGO_DB'),
    port: int('PORT', 8080, 0, 65535),
    retryInitialMs,
    retryMaxMs,
    writeBatchSize: int('WRITE_BATCH_SIZE', 200, 1, 100_000),
    // Order only matters within a partition; one partition at a time left the consumer behind a 100 ms MongoDB +
    // 200 ms Kafka latency (90 changes/s against 98 written, network-delay at full duration). Bounded: FerretDB
    // holds a storage connection per statement of a running write command (mongo-writer.ts), so concurrent
    // commands × MAX_OPS_PER_COMMAND, summed over every consumer, must stay under its pool (180 in the local stack).
    partitionsConcurrently: int('KAFKA_PARTITIONS_CONCURRENTLY', 2, 1, 64),
    kafkaRequestTimeoutMs: int('KAFKA_REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
    // 10 s, not Kafka's 45 s / kafkajs's 30 s: a restarted consumer rejoins under a new member id, and the group
    // waits out the dead member's session before it can resume — that wait is the consumer-restart outage.
    kafkaSessionTimeoutMs: int('KAFKA_SESSION_TIMEOUT_MS', 10_000, 6_000, 600_000),
    kafkaLivenessMs: int('KAFKA_LIVENESS_MS', 15_000, 1_000, 600_000),
    mongoPingIntervalMs: int('MONGO_PING_INTERVAL_MS', 2_000, 100, 600_000),
    // Pings failing this long ⇒ a new MongoClient (client-renewal.ts); 0 = never.
    mongoRenewAfterMs: int('MONGO_RENEW_AFTER_MS', 30_000, 0, 3_600_000),
    lagPollIntervalMs: int('LAG_POLL_INTERVAL_MS', 5_000, 100, 600_000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 8_000, 0, 600_000),
    fromBeginning: bool('KAFKA_FROM_BEGINNING', true),
    logLevel: logLevel as Config['logLevel'],
    fault,
    metrics: metrics as Config['metrics'],
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
