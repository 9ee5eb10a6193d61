// Reference consumer entry point: `node out/src/consumer/main.js` (env contract in docs/ARCHITECTURE.md).
// Startup order: HTTP first (so /health answers 503 while connecting), MongoDB (retried), then Kafka.
import { MongoClient } from 'mongodb';
import { backoffMs, sleep } from './backoff.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CONSUMER_FAULTS } from './faults.js';
import { ConnectionState } from './health.js';
import { createHttpServer } from './http.js';
import { KafkaLoop } from './kafka-loop.js';
import { createLogger, errorFields } from './log.js';
import { createMetrics } from './metrics.js';
import { MongoWriter } from './mongo-writer.js';

async function main(config: Config): Promise<number> {
  const log = createLogger(config.logLevel);
  const state = new ConnectionState(config.kafkaLivenessMs);
  const metrics = createMetrics(state);
  const server = createHttpServer(state, metrics);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, () => resolve()));
  log.info('consumer starting', {
    port: config.port,
    topics: config.kafkaTopics,
    groupId: config.kafkaGroupId,
    mongoDb: config.mongoDb,
    ...(config.fault ? { fault: config.fault, faultEffect: CONSUMER_FAULTS[config.fault] } : {}),
  });

  // Short server selection: an unreachable MongoDB fails the write fast and our backoff takes over.
  const mongo = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000, appName: config.kafkaClientId });
  const writer = new MongoWriter(mongo.db(config.mongoDb), config.fault);
  const pinger = setInterval(() => {
    writer.ping().then(
      () => state.mongoUp(),
      (e: Error) => state.mongoDown(`ping failed: ${e.message}`),
    );
  }, config.mongoPingIntervalMs);

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
      loop.stop(config.shutdownGraceMs).then((clean) => resolve(clean ? 0 : 1));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });

  for (let attempt = 0; !wake.signal.aborted; attempt++) {
    try {
      await writer.ping();
      state.mongoUp();
      break;
    } catch (e) {
      state.mongoDown(`cannot connect: ${(e as Error).message}`);
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
  await mongo.close().catch(() => undefined);
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
