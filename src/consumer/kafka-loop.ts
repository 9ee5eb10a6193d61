// The Kafka side: a supervised kafkajs consumer whose eachBatch writes to MongoDB and commits offsets only
// after the write succeeded (at-least-once; the writes are idempotent, so redelivery is harmless).
// Recovery layers: kafkajs retries requests, restarts itself after a retriable crash (restartOnFailure), and
// this supervisor builds a fresh consumer when kafkajs gives up (non-retriable crash, failed connect).
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type LogEntry,
} from 'kafkajs';
import { MongoNetworkTimeoutError, MongoOperationTimeoutError, MongoServerSelectionError } from 'mongodb';
import { backoffMs, sleep } from './backoff.js';
import type { Config } from './config.js';
import { LAGGING_AT } from './faults.js';
import { decode, type Change } from './envelope.js';
import { groupLag, partitionEnds, type PartitionEnd } from './group-lag.js';
import type { ConnectionState } from './health.js';
import { errorFields, type Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { MongoWriter } from './mongo-writer.js';

const KAFKAJS_LEVEL: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

const HEARTBEAT_EVERY_MS = 3_000;

/** kafkajs errors that mean "this member no longer owns its partitions": rejoin instead of writing on. */
function isGroupError(e: unknown): boolean {
  const type = (e as { type?: unknown }).type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'NOT_COORDINATOR_FOR_GROUP'
  );
}

/** The MongoDB driver's timeouts (server selection, socket, operation). A server selection error is
 *  always one: driver 6 names the monitor's last error in its message ("connection … closed"), not the timeout. */
function isTimeout(e: unknown): boolean {
  return (
    e instanceof MongoServerSelectionError ||
    e instanceof MongoNetworkTimeoutError ||
    e instanceof MongoOperationTimeoutError
  );
}

class GroupError extends Error {
  constructor(override readonly cause: unknown) {
    super('consumer group membership lost');
  }
}

export class KafkaLoop {
  private readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  private stopping = false;
  private shutdownDeadline = Infinity;
  private readonly wake = new AbortController();
  private lagTimer: NodeJS.Timeout | null = null;
  private lagPolling = false;
  /** Events left uncommitted because shutdown's grace ran out while MongoDB was still failing. */
  private abandoned = 0;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly state: ConnectionState,
    private readonly writer: MongoWriter,
  ) {
    this.kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBootstrap,
      connectionTimeout: 3_000,
      requestTimeout: config.kafkaRequestTimeoutMs,
      retry: { initialRetryTime: config.retryInitialMs, maxRetryTime: config.retryMaxMs, retries: 5 },
      logLevel: config.logLevel === 'debug' ? logLevel.INFO : logLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log: { message, timestamp: _ts, logger: _l, ...extra } }: LogEntry) =>
          this.log[KAFKAJS_LEVEL[level] ?? 'info'](`kafkajs ${namespace}: ${message}`, extra),
    });
  }

  start(): void {
    void this.runConsumer();
    this.lagTimer = setInterval(() => void this.pollLag(), this.config.lagPollIntervalMs);
  }

  /** Stops fetching, lets the in-flight batch finish (its write keeps retrying until `graceMs` is spent), commits,
   *  leaves the group. Returns false when events had to be left uncommitted (they will be redelivered). */
  async stop(graceMs: number): Promise<boolean> {
    this.stopping = true;
    this.shutdownDeadline = Date.now() + graceMs;
    const wakeTimer = setTimeout(() => this.wake.abort(), graceMs);
    if (this.lagTimer) clearInterval(this.lagTimer);
    try {
      await this.consumer?.disconnect();
    } catch (e) {
      this.log.warn('consumer disconnect failed', errorFields(e));
    }
    await this.admin?.disconnect().catch(() => undefined);
    clearTimeout(wakeTimer);
    this.state.kafkaDown('shut down');
    return this.abandoned === 0;
  }

  /** Connects, subscribes and starts a fresh consumer; on failure retries with capped backoff until it runs. */
  private async runConsumer(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      const consumer = this.kafka.consumer({
        groupId: this.config.kafkaGroupId,
        sessionTimeout: this.config.kafkaSessionTimeoutMs,
        heartbeatInterval: 3_000,
        retry: {
          initialRetryTime: this.config.retryInitialMs,
          maxRetryTime: this.config.retryMaxMs,
          retries: 5,
          // CONSUMER_FAULT=no-reconnect: a crashed consumer stays down.
          restartOnFailure: async () => this.config.fault !== 'no-reconnect',
        },
      });
      this.instrument(consumer);
      this.consumer = consumer;
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: this.config.kafkaTopics, fromBeginning: this.config.fromBeginning });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.config.partitionsConcurrently,
          eachBatch: (payload) => this.onBatch(payload),
        });
        this.log.info('kafka consumer running', { topics: this.config.kafkaTopics, groupId: this.config.kafkaGroupId });
        return;
      } catch (e) {
        this.state.kafkaDown(`cannot start consumer: ${(e as Error).message}`);
        await consumer.disconnect().catch(() => undefined);
        const delay = backoffMs(attempt, this.config.retryInitialMs, this.config.retryMaxMs);
        this.log.warn('kafka consumer start failed; retrying', { ...errorFields(e), attempt, delayMs: delay });
        await sleep(delay, this.wake.signal);
      }
    }
  }

  private instrument(consumer: Consumer): void {
    const alive = () => {
      if (this.consumer === consumer) this.state.kafkaAlive();
    };
    const { FETCH, HEARTBEAT, GROUP_JOIN, COMMIT_OFFSETS, END_BATCH_PROCESS, CRASH, STOP, REQUEST_TIMEOUT } =
      consumer.events;
    for (const ev of [FETCH, HEARTBEAT, GROUP_JOIN, COMMIT_OFFSETS, END_BATCH_PROCESS]) consumer.on(ev, alive);
    consumer.on(GROUP_JOIN, (e) =>
      this.log.info('joined consumer group', { memberAssignment: e.payload.memberAssignment }),
    );
    consumer.on(REQUEST_TIMEOUT, (e) =>
      this.log.warn('kafka request timed out', { broker: e.payload.broker, apiName: e.payload.apiName }),
    );
    consumer.on(STOP, () => {
      if (this.consumer === consumer) this.state.kafkaDown('consumer stopped');
    });
    consumer.on(CRASH, (e) => {
      const { error, restart } = e.payload;
      if (this.consumer !== consumer) return;
      this.state.kafkaDown(`consumer crashed: ${error.message}`);
      if (this.stopping) return;
      if (this.config.fault === 'no-reconnect') {
        this.log.error('kafka consumer crashed; CONSUMER_FAULT=no-reconnect: staying down', errorFields(error));
      } else if (restart) {
        this.log.warn('kafka consumer crashed; kafkajs restarts it', errorFields(error));
      } else {
        // kafkajs does not restart after non-retriable errors; a new consumer rejoins from the committed offsets.
        this.log.error('kafka consumer crashed; supervisor restarts it', errorFields(error));
        void sleep(this.config.retryMaxMs / 2, this.wake.signal).then(() => this.runConsumer());
      }
    });
  }

  private async onBatch(p: EachBatchPayload): Promise<void> {
    const { topic, partition } = p.batch;
    const messages = p.batch.messages;
    for (let from = 0; from < messages.length; from += this.config.writeBatchSize) {
      // Partition revoked or seeked: its new owner re-reads from the committed offset.
      if (p.isStale()) return;
      const chunk = messages.slice(from, from + this.config.writeBatchSize);
      const last = chunk[chunk.length - 1].offset;
      const commit = () =>
        p.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
        });
      const changes = this.decodeAll(topic, partition, chunk);
      if (
        this.config.fault === 'slow-when-lagging' &&
        BigInt(p.batch.highWatermark) - BigInt(chunk[0].offset) > LAGGING_AT
      )
        await this.withHeartbeats(p, () => sleep(1000 * changes.length, this.wake.signal));

      if (this.config.fault === 'commit-before-write') await commit();
      if (!(await this.writeWithRetry(topic, changes, p))) return;
      p.resolveOffset(last);
      if (this.config.fault !== 'commit-before-write') await commit();
      this.metrics.lag.set(
        { topic, partition: String(partition) },
        Math.max(0, Number(BigInt(p.batch.highWatermark) - BigInt(last) - 1n)),
      );
    }
  }

  private decodeAll(topic: string, partition: number, chunk: KafkaMessage[]): Change[] {
    const changes: Change[] = [];
    for (const m of chunk) {
      const d = decode({ topic, partition, offset: m.offset, key: m.key, value: m.value });
      if (d.kind === 'change') changes.push(d.change);
      else if (d.kind === 'ignored') this.metrics.skipped.inc({ topic, reason: d.reason });
      else {
        // Undecodable: no retry can fix it; count it loudly and move on rather than wedge the partition.
        this.metrics.failed.inc({ topic, reason: 'decode' });
        this.log.error('undecodable message skipped', { topic, partition, offset: m.offset, reason: d.reason });
      }
    }
    return changes;
  }

  /** Writes until MongoDB accepts. False = give up without committing (partition lost, or shutdown grace spent).
   *  Throws a group error (rebalance, member evicted) so kafkajs rejoins; the batch stays uncommitted. */
  private async writeWithRetry(topic: string, changes: Change[], p: EachBatchPayload): Promise<boolean> {
    if (changes.length === 0) return true;
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.withHeartbeats(p, () => this.writer.apply(changes, Date.now()));
        const appliedAt = Date.now();
        this.state.mongoUp();
        for (const c of changes) {
          this.metrics.processed.inc({ topic, op: c.op });
          this.metrics.latency.observe({ topic }, Math.max(0, appliedAt - c.sourceTsMs) / 1000);
        }
        if (outcome.stale > 0) this.metrics.skipped.inc({ topic, reason: 'stale' }, outcome.stale);
        if (outcome.tombstoned > 0) this.metrics.skipped.inc({ topic, reason: 'tombstoned' }, outcome.tombstoned);
        if (attempt > 0) this.log.info('mongodb write succeeded after retries', { topic, attempts: attempt + 1 });
        return true;
      } catch (e) {
        if (e instanceof GroupError) throw e.cause;
        this.metrics.failed.inc({ topic, reason: 'write' }, changes.length);
        this.state.mongoDown(`write failed: ${(e as Error).message}`);
        if (this.config.fault === 'drop-on-error' || (this.config.fault === 'timeout-as-success' && isTimeout(e))) {
          this.log.error(`mongodb write failed; CONSUMER_FAULT=${this.config.fault}: dropping`, {
            ...errorFields(e),
            topic,
            events: changes.length,
          });
          return true;
        }
        if (Date.now() >= this.shutdownDeadline) {
          this.abandoned += changes.length;
          this.log.error('shutdown grace spent; leaving events uncommitted for redelivery', {
            topic,
            events: changes.length,
          });
          return false;
        }
        if (p.isStale()) return false;
        const delay = backoffMs(attempt, this.config.retryInitialMs, this.config.retryMaxMs);
        this.log.warn('mongodb write failed; retrying', {
          ...errorFields(e),
          topic,
          events: changes.length,
          attempt,
          delayMs: delay,
        });
        // The pinger seeing MongoDB back ends the wait: no write sits out a long backoff step after the outage.
        const wakeUp = AbortSignal.any([this.wake.signal, this.state.mongoRecovered()]);
        await this.withHeartbeats(p, () =>
          sleep(Math.min(delay, Math.max(0, this.shutdownDeadline - Date.now())), wakeUp),
        );
      }
    }
  }

  /** Runs `fn` while heartbeating, so a slow or retried MongoDB write does not cost the group membership.
   *  A heartbeat that reports a rebalance or an evicted member ends the wait with a GroupError. */
  private async withHeartbeats<T>(p: EachBatchPayload, fn: () => Promise<T>): Promise<T> {
    let groupError: unknown = null;
    const beat = () =>
      p.heartbeat().catch((e: unknown) => {
        if (isGroupError(e)) groupError = e;
        else this.log.debug('heartbeat failed', errorFields(e));
      });
    const timer = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
    try {
      await beat();
      const result = await fn();
      if (groupError) throw new GroupError(groupError);
      return result;
    } finally {
      clearInterval(timer);
    }
  }

  /** Lag from the broker's view (high watermark − committed offset), so it keeps growing while writes stall. */
  private async pollLag(): Promise<void> {
    if (this.lagPolling || this.stopping) return;
    this.lagPolling = true;
    try {
      if (!this.admin) {
        const admin = this.kafka.admin({ retry: { retries: 0 } });
        await admin.connect();
        this.admin = admin;
      }
      const committed = await this.admin.fetchOffsets({
        groupId: this.config.kafkaGroupId,
        topics: this.config.kafkaTopics,
      });
      const ends = new Map<string, PartitionEnd[]>();
      for (const { topic } of committed) {
        ends.set(topic, partitionEnds(await this.admin.fetchTopicOffsets(topic)));
      }
      for (const r of groupLag(committed, ends))
        this.metrics.lag.set({ topic: r.topic, partition: String(r.partition) }, Number(r.lag));
    } catch (e) {
      this.log.debug('lag poll failed', errorFields(e));
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
    } finally {
      this.lagPolling = false;
    }
  }
}
