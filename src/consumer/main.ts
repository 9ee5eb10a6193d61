// Reference consumer entry point: `node out/src/consumer/main.js` (env contract in docs/ARCHITECTURE.md).
// Startup order: HTTP first (so /health answers 503 while connecting), MongoDB (retried), then Kafka.
import { backoffMs, sleep } from './backoff.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ClientRenewal } from './client-renewal.js';
import { CONSUMER_FAULTS } from './faults.js';
import { ConnectionState } from './health.js';
import { createHttpServer } from './http.js';
import { KafkaLoop } from './kafka-loop.js';
import { createLogger, errorFields } from './log.js';
import { createMetrics } from './metrics.js';
import { MongoConnection } from './mongo-connection.js';
import { MongoWriter } from './mongo-writer.js';

async function main(config: Config): Promise<number> {
  const log = createLogger(config.logLevel);
  const state = new ConnectionState(config.kafkaLivenessMs);
  const metrics = createMetrics(state, config.metrics);
  const server = createHttpServer(state, metrics);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, () => resolve()));
  log.info('consumer starting', {
    port: config.port,
    topics: config.kafkaTopics,
    groupId: config.kafkaGroupId,
    mongoDb: config.mongoDb,
    ...(config.fault ? { fault: config.fault, faultEffect: CONSUMER_FAULTS[config.fault] } : {}),
  });

  const mongo = new MongoConnection(config.mongoUrl, config.mongoDb, config.kafkaClientId);
  const writer = new MongoWriter(() => mongo.db(), config.fault);
  const renewal = new ClientRenewal(config.mongoRenewAfterMs);
  /** Pings MongoDB, feeds /health, and replaces a client whose pings keep failing; throws the ping's error. */
  const pingOnce = async (): Promise<void> => {
    try {
      await writer.ping();
    } catch (e) {
      state.mongoDown(`ping failed: ${(e as Error).message}`);
      if (renewal.record(false, Date.now(), (e as Error).name === 'MongoTopologyClosedError')) {
        log.warn('mongodb pings failing for too long; replacing the client', {
          ...errorFields(e),
          renewAfterMs: config.mongoRenewAfterMs,
        });
        metrics.mongoClientRenewals.inc();
        mongo.renew();
      }
      throw e;
    }
    renewal.record(true, Date.now());
    state.mongoUp();
  };
  // A ping can outlast the interval (server selection waits while MongoDB is down): callers share the one in
  // flight, so a failing stretch is counted once and one client is replaced, not one per overlapping ping.
  let inFlight: Promise<void> | null = null;
  const checkMongo = (): Promise<void> => (inFlight ??= pingOnce().finally(() => (inFlight = null)));
  const pinger = setInterval(() => void checkMongo().catch(() => undefined), config.mongoPingIntervalMs);

  let loop: KafkaLoop | null = null;
  const wake = new AbortController();
  const exited = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (wake.signal.aborted) return;
      wake.abort();
      log.info('shutting down: finishing the in-flight batch', { signal, graceMs: config.shutdownGraceMs });
      if (!loop) return resolve(0);
      // Backstop: a partitioned broker can make leaving the group hang well past the grace period.
      setTimeout(() => {
        log.error('shutdown did not finish in time; exiting');
        resolve(1);
      }, config.shutdownGraceMs + config.kafkaRequestTimeoutMs).unref();
      loop.stop(config.shutdownGraceMs).then(
        (clean) => resolve(clean ? 0 : 1),
        (e: unknown) => {
          log.error('shutdown failed; exiting', errorFields(e));
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });

  for (let attempt = 0; !wake.signal.aborted; attempt++) {
    try {
      await checkMongo();
      break;
    } catch (e) {
      const delay = backoffMs(attempt, config.retryInitialMs, config.retryMaxMs);
      log.warn('mongodb not reachable; retrying', { ...errorFields(e), delayMs: delay });
      await sleep(delay, wake.signal);
    }
  }
  if (!wake.signal.aborted) {
    loop = new KafkaLoop(config, log, metrics, state, writer);
    loop.start();
  }

  const exitCode = await exited;
  clearInterval(pinger);
  await mongo.close();
  server.close();
  log.info('consumer stopped', { exitCode });
  return exitCode;
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
  process.exit(2);
}
main(config).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`consumer failed: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
