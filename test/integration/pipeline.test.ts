// The whole pipeline against the REAL local stack (`node bin/cdc-chaos.js stack up`):
// PostgreSQL → Debezium/Kafka Connect → Kafka → consumer → MongoDB (FerretDB v1 stands in).
// Every test writes only rows tagged with its own run id, undoes its fault in `finally`, and bounds every wait.
// Each test runs its own consumer container cloned from cdc-consumer (same image, command, network and Toxiproxy
// paths; own group id starting at the topics' end, own MongoDB database): cdc-consumer's group carries every other
// run's backlog, which on FerretDB would dominate the timings. With CONSUMER_FAULT set, the same procedures show
// that each check catches the matching bad consumer.
import { randomBytes } from 'node:crypto';
import { prng } from '../../src/experiment/random.js'; // seeded, so a failing run replays the same operations
import Docker from 'dockerode';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { projectRoot } from '../../src/chaos/paths.js';
import { BASE_IMAGE, NETWORK } from '../../src/stack/config.js';
import { HOST_PORTS, PIPELINE, stackEndpoints } from '../../src/stack/env.js';
import { HOST_MOUNTS } from '../../src/stack/image.js';
import { consumerEnv } from '../../src/stack/services/consumer.js';

const env = {
  ...stackEndpoints(),
  ...pickEnv([
    'PG_URL',
    'MONGO_URL',
    'KAFKA_BOOTSTRAP',
    'TOXIPROXY_URL',
    'CONSUMER_URL',
    'CONNECT_URL',
    'PROMETHEUS_URL',
  ]),
};
const TABLES = ['customers', 'orders'] as const;
type Table = (typeof TABLES)[number];
/** Columns compared besides id/run_id; updated_at is left out (Debezium renders timestamptz as an ISO string). */
const COLUMNS: Record<Table, string[]> = {
  customers: ['version', 'email', 'status', 'balance'],
  orders: ['version', 'customer_id', 'amount', 'status'],
};
const CONVERGE_MS = 300_000;

function pickEnv(names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : [])));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; the deadline error carries the last observation. */
async function until<T>(
  what: string,
  deadlineMs: number,
  probe: () => Promise<T | false | null | undefined>,
  everyMs = 1000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() >= end)
      throw new Error(
        `timed out after ${Math.round(deadlineMs / 1000)} s waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    await sleep(everyMs);
  }
}

const log = (msg: string) => process.stdout.write(`[pipeline] ${msg}\n`);

// ---------------------------------------------------------------------------------------------- workload

class Workload {
  private seq = 0;
  private readonly live: Record<Table, string[]> = { customers: [], orders: [] };
  readonly touched = new Set<string>();
  private readonly random: () => number;

  constructor(
    private readonly pool: pg.Pool,
    readonly runId: string,
    seed = 1,
  ) {
    this.random = prng(seed);
  }

  /** `ops` inserts/updates/deletes over both tables (only inserts of new rows with `insertsOnly`), `txSize` per
   *  transaction. */
  async run(
    ops: number,
    txSize = 10,
    insertsOnly = false,
  ): Promise<{ inserts: number; updates: number; deletes: number }> {
    const counts = { inserts: 0, updates: 0, deletes: 0 };
    const client = await this.pool.connect();
    try {
      for (let done = 0; done < ops;) {
        await client.query('begin');
        for (let i = 0; i < txSize && done < ops; i++, done++) {
          const table: Table = this.random() < 0.5 ? 'customers' : 'orders';
          const r = this.random();
          const live = this.live[table];
          if (insertsOnly || live.length < 5 || r < 0.45) {
            await this.insert(client, table);
            counts.inserts++;
          } else if (r < 0.85) {
            await this.update(client, table, live[Math.floor(this.random() * live.length)]);
            counts.updates++;
          } else {
            const [id] = live.splice(Math.floor(this.random() * live.length), 1);
            await client.query(`delete from ${table} where id = $1`, [id]);
            counts.deletes++;
          }
        }
        await client.query('commit');
      }
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return counts;
  }

  async insert(client: pg.PoolClient | pg.Pool, table: Table): Promise<string> {
    const id = `${this.runId}-${table[0]}${++this.seq}`;
    if (table === 'customers') {
      await client.query(
        `insert into customers (id, run_id, version, email, status, balance) values ($1, $2, 1, $3, 'active', 0)`,
        [id, this.runId, `${id}@example.test`],
      );
    } else {
      await client.query(
        `insert into orders (id, run_id, version, customer_id, amount, status) values ($1, $2, 1, $3, $4, 'new')`,
        [id, this.runId, `${this.runId}-cx`, this.seq],
      );
    }
    this.live[table].push(id);
    this.touched.add(id);
    return id;
  }

  async update(client: pg.PoolClient | pg.Pool, table: Table, id: string): Promise<void> {
    const set =
      table === 'customers'
        ? `balance = balance + 7, status = 'active-' || (version + 1)`
        : `amount = amount + 3, status = 'paid-' || (version + 1)`;
    await client.query(`update ${table} set version = version + 1, ${set}, updated_at = now() where id = $1`, [id]);
  }

  async remove(client: pg.PoolClient | pg.Pool, table: Table, id: string): Promise<void> {
    this.live[table] = this.live[table].filter((x) => x !== id);
    await client.query(`delete from ${table} where id = $1`, [id]);
  }
}

// ---------------------------------------------------------------------------------------------- verification

interface MirrorDiff {
  rows: number;
  missing: string[];
  extra: string[];
  stale: string[];
  latenciesMs: number[];
}

/** Clean = an exact mirror of a non-empty run (zero PG rows would mean the stack was reset under the test). */
const clean = (d: MirrorDiff) => d.rows > 0 && d.missing.length === 0 && d.extra.length === 0 && d.stale.length === 0;
const summary = (d: MirrorDiff) =>
  `rows=${d.rows} missing=${d.missing.length}${d.missing.length ? ` (${d.missing.slice(0, 3).join(',')}…)` : ''} extra=${d.extra.length}${d.extra.length ? ` (${d.extra.slice(0, 3).join(',')}…)` : ''} stale=${d.stale.length}${d.stale.length ? ` (${d.stale.slice(0, 3).join(',')}…)` : ''}`;

/** PG rows of the run vs the run's MongoDB documents: one document per row (`_id` = id, columns equal), none for deleted rows. */
async function diffMirror(pool: pg.Pool, db: Db, runId: string): Promise<MirrorDiff> {
  const diff: MirrorDiff = { rows: 0, missing: [], extra: [], stale: [], latenciesMs: [] };
  for (const table of TABLES) {
    const { rows } = await pool.query(`select * from ${table} where run_id = $1`, [runId]);
    const docs = await db.collection(table).find({ run_id: runId }).toArray();
    const byId = new Map<string, Record<string, unknown>>();
    for (const d of docs) {
      // A second document for one row (or one not keyed by the row id) is a duplicate.
      if (d._id !== d.id || byId.has(String(d.id))) diff.extra.push(`${table}/${String(d._id)}`);
      else byId.set(String(d._id), d);
    }
    diff.rows += rows.length;
    for (const row of rows) {
      const doc = byId.get(row.id);
      byId.delete(row.id);
      if (!doc) {
        diff.missing.push(`${table}/${row.id}`);
        continue;
      }
      if (COLUMNS[table].some((c) => String(doc[c]) !== String(row[c])))
        diff.stale.push(`${table}/${row.id}@v${String(doc.version)}<v${row.version}`);
      const cdc = doc._cdc as { source_ts_ms?: number; applied_at_ms?: number } | undefined;
      if (cdc?.source_ts_ms !== undefined && cdc.applied_at_ms !== undefined)
        diff.latenciesMs.push(cdc.applied_at_ms - cdc.source_ts_ms);
    }
    for (const id of byId.keys()) diff.extra.push(`${table}/${id}`);
  }
  return diff;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

// ---------------------------------------------------------------------------------------------- stack handles

const docker = new Docker();
let pool: pg.Pool;
let mongo: MongoClient;
let kafka: Kafka;

/** A fresh admin client per call: a long-lived one breaks for good when a test (or another run) restarts Kafka. */
async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin({ retry: { retries: 3 } });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function health(url: string): Promise<{
  status: number;
  body: { kafka?: { connected: boolean; reason?: string }; mongo?: { connected: boolean } };
}> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: (await res.json()) as never };
}

const LAG_EXPORTER_URL = `http://127.0.0.1:${HOST_PORTS['cdc-lag-exporter']}`;

async function metricSum(url: string, name: string, labelPart = '', path = '/metrics'): Promise<number> {
  const text = await (await fetch(`${url}${path}`, { signal: AbortSignal.timeout(3000) })).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && l.includes(labelPart))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** True once the group's committed offsets reached the end of every pipeline topic partition. */
async function caughtUp(groupId: string): Promise<boolean> {
  return withAdmin(async (admin) => {
    const committed = await admin.fetchOffsets({ groupId, topics: [...PIPELINE.topics] });
    for (const { topic, partitions } of committed) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const c = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        if (BigInt(c) < BigInt(end.high)) return false;
      }
    }
    return true;
  });
}

/** Starts a stopped stack container and waits until its healthcheck (if any) passes. */
async function ensureRunning(name: string): Promise<void> {
  const c = docker.getContainer(name);
  if (!(await c.inspect()).State.Running) await c.start();
  await until(`${name} healthy`, 120_000, async () => {
    const s = (await c.inspect()).State;
    return s.Running && (!s.Health || s.Health.Status === 'healthy');
  });
}

async function toxiproxy(path: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(`${env.TOXIPROXY_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok && res.status !== 404) throw new Error(`toxiproxy ${method} ${path}: ${res.status} ${await res.text()}`);
}

async function connectorRunning(): Promise<boolean> {
  const res = await fetch(`${env.CONNECT_URL}/connectors/${PIPELINE.connector}/status`, {
    signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) return false;
  const s = (await res.json()) as { connector: { state: string }; tasks: { state: string }[] };
  return s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING');
}

async function waitMirrored(db: Db, runId: string, what: string, deadlineMs = CONVERGE_MS): Promise<MirrorDiff> {
  let last: MirrorDiff | null = null;
  try {
    return await until(
      what,
      deadlineMs,
      async () => {
        last = await diffMirror(pool, db, runId);
        return clean(last) && last;
      },
      2000,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message.split('; last:')[0]}; mirror: ${last ? summary(last) : 'never read'}`);
  }
}

/** A reference-consumer container of this checkout (`out/src/consumer/main.js`), built like cdc-consumer
 *  (src/stack/services/consumer.ts) but with its own name, group id and MongoDB database. */
class TestConsumer {
  private constructor(
    readonly name: string,
    public url: string,
    readonly groupId: string,
    readonly db: Db,
  ) {}

  static async start(label: string, runId: string, extraEnv: Record<string, string>): Promise<TestConsumer> {
    const name = `cdc-consumer-test-${label}-${runId}`;
    const groupId = `cdc-test-${label}-${runId}`;
    const dbName = `cdctest_${label.replace(/-/g, '_')}_${runId.replace(/-/g, '_')}`;
    // Start at the topics' current end: the test's rows come later, and the backlog of other runs is not ours to replay.
    await withAdmin(async (admin) => {
      for (const topic of PIPELINE.topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
        });
      }
    });
    const consumerEnvVars = consumerEnv({
      KAFKA_GROUP_ID: groupId,
      MONGO_DB: dbName,
      KAFKA_CLIENT_ID: name,
      ...extraEnv,
    });
    const c = await docker.createContainer({
      name,
      Image: BASE_IMAGE,
      Cmd: ['/usr/bin/node', '--enable-source-maps', '/project/out/src/consumer/main.js'],
      WorkingDir: '/project',
      Env: Object.entries(consumerEnvVars).map(([k, v]) => `${k}=${v}`),
      Labels: { 'io.cdc-chaos.test': 'pipeline' },
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: {
        Init: true,
        NetworkMode: NETWORK,
        Binds: [...HOST_MOUNTS, `${projectRoot()}:/project:ro`],
        PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      },
    });
    await c.start();
    const port = (await c.inspect()).NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
    if (!port) throw new Error(`${name}: no published port`);
    const tc = new TestConsumer(name, `http://127.0.0.1:${port}`, groupId, mongo.db(dbName));
    // The container is gone by the time a failure is reported: remove() keeps its last lines for this.
    onTestFailed(() => {
      log(`${name} last log lines:\n${tc.lastLogs}`);
    });
    try {
      await until(`${name} healthy`, 90_000, async () => (await health(tc.url)).status === 200);
    } catch (e) {
      await tc.remove();
      throw e;
    }
    return tc;
  }

  async kill(): Promise<void> {
    await docker.getContainer(this.name).kill();
  }

  async restart(): Promise<void> {
    const c = docker.getContainer(this.name);
    if (!(await c.inspect()).State.Running) await c.start();
    const port = (await c.inspect()).NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
    this.url = `http://127.0.0.1:${port}`;
  }

  lastLogs = '(none)';

  async remove(): Promise<void> {
    const c = docker.getContainer(this.name);
    this.lastLogs = await c
      .logs({ stdout: true, stderr: true, tail: 30 })
      .then((b) =>
        b
          .toString('utf8')
          .replace(/[\x00-\x08]/g, '')
          .slice(-6000),
      )
      .catch((e: Error) => `(logs unavailable: ${e.message})`);
    await c.remove({ force: true }).catch(() => undefined);
    await this.db.dropDatabase().catch(() => undefined);
    // Kafka refuses to delete a group until the killed member's session expired; afterAll retries the rest.
    await withAdmin((admin) => admin.deleteGroups([this.groupId])).then(
      () => undefined,
      () => leftGroups.add(this.groupId),
    );
  }
}

/** Test consumer groups Kafka would not delete yet (their member's session was still open). */
const leftGroups = new Set<string>();

async function deleteLeftGroups(): Promise<void> {
  const end = Date.now() + 20_000;
  while (leftGroups.size > 0 && Date.now() < end) {
    await withAdmin(async (admin) => {
      const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      for (const g of leftGroups) if (!existing.has(g)) leftGroups.delete(g);
      await admin.deleteGroups([...leftGroups]).then(
        () => leftGroups.clear(),
        () => undefined,
      );
    }).catch(() => undefined);
    if (leftGroups.size > 0) await sleep(2_000);
  }
  if (leftGroups.size > 0) log(`consumer groups left in Kafka (could not delete): ${[...leftGroups].join(', ')}`);
}

// ---------------------------------------------------------------------------------------------- procedures shared by the reference and the faulty consumers

const newRunId = (tag: string) => `pt${tag}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** MongoDB (cdc-mongodb) killed while changes flow; optionally the consumer is SIGKILLed during the outage. */
/** `lossy`: a consumer fault that loses changes consumed during the outage is tested, so the outage-time and later
 *  changes are inserts of new rows: a lost one stays a missing row (a later update of the same row would carry the
 *  whole row again and hide the loss — under CPU load, when the lost batch was small, it did). */
async function mongoOutage(
  runId: string,
  consumer: TestConsumer,
  killConsumer: boolean,
  lossy = false,
): Promise<Workload> {
  const w = new Workload(pool, runId, 3);
  await w.run(60);
  await waitMirrored(consumer.db, runId, 'rows written before the outage to be mirrored');
  const failedBefore = await metricSum(consumer.url, 'cdc_events_failed_total', 'reason="write"');
  try {
    await docker.getContainer('cdc-mongodb').kill();
    log(`${runId}: cdc-mongodb killed`);
    await w.run(60, 10, lossy);
    // The consumer has fetched the outage-time changes once a write of them failed.
    await until(
      'the consumer to fail a write while MongoDB is down',
      120_000,
      async () => (await metricSum(consumer.url, 'cdc_events_failed_total', 'reason="write"')) > failedBefore,
    );
    if (killConsumer) {
      await consumer.kill();
      log(`${runId}: consumer SIGKILLed during the outage`);
    }
  } finally {
    await ensureRunning('cdc-mongodb');
    log(`${runId}: cdc-mongodb restarted`);
  }
  if (killConsumer) await consumer.restart();
  await w.run(30, 10, lossy);
  return w;
}

/** Inserts one sentinel row per table and waits until the consumer mirrored both: per partition, everything
 *  written before them has then been processed, so the diff that follows is the consumer's final word. */
async function mirroredThrough(w: Workload, db: Db): Promise<void> {
  const ids = await Promise.all(TABLES.map(async (table) => ({ table, id: await w.insert(pool, table) })));
  await until(
    'the sentinel rows to be mirrored',
    CONVERGE_MS,
    async () => {
      for (const { table, id } of ids) if (!(await db.collection(table).findOne({ _id: id as never }))) return false;
      return true;
    },
    1000,
  );
}

/** The diff, retried while MongoDB is briefly unreachable (another run may be restarting it). */
const finalDiff = (db: Db, runId: string) =>
  until('the mirror to be readable', 120_000, () => diffMirror(pool, db, runId), 2000);

/** For a correct consumer: the mirror must be exact once the sentinels are through. When it is not, the failure
 *  also says whether it became exact 30 s later (a change applied after a later one of its table) or stayed wrong
 *  (lost, duplicated or stale for good), so one rare failure in CI names its kind. */
async function expectExactAfterSentinels(w: Workload, db: Db, runId: string, what: string): Promise<void> {
  await mirroredThrough(w, db);
  const d = await finalDiff(db, runId);
  log(`${what}: ${summary(d)}`);
  if (clean(d)) return;
  await sleep(30_000);
  const later = await finalDiff(db, runId);
  expect.fail(`${what}: right after the sentinels ${summary(d)}; 30 s later ${summary(later)}`);
}

/** Re-produces already consumed Debezium events of this run (the original creates of rows that were later updated
 *  or deleted) to their topics, as an at-least-once producer or a Connect restart does, then writes new rows. */
async function redeliverOldCreates(runId: string, w: Workload, fromOffsets: Map<string, string>): Promise<number> {
  const wanted = new Map<string, { topic: string; partition: number; key: Buffer | null; value: Buffer | null }>();
  const reader = kafka.consumer({ groupId: `cdc-test-reader-${runId}` });
  const ends = new Map<string, bigint>();
  for (const [tp, high] of await topicEnds()) ends.set(tp, BigInt(high));
  const done = new Set<string>();
  try {
    await reader.connect();
    await reader.subscribe({ topics: [...PIPELINE.topics], fromBeginning: false });
    let allRead: () => void = () => undefined;
    const finished = new Promise<void>((r) => (allRead = r));
    await reader.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const tp = `${topic}/${partition}`;
        if (BigInt(message.offset) + 1n >= (ends.get(tp) ?? 0n)) done.add(tp);
        const v = message.value
          ? (JSON.parse(message.value.toString()) as { op?: string; after?: { id?: string; run_id?: string } })
          : null;
        if (v?.op === 'c' && v.after?.run_id === runId && v.after.id && !wanted.has(v.after.id)) {
          wanted.set(v.after.id, { topic, partition, key: message.key, value: message.value });
        }
        if (done.size === ends.size) allRead();
      },
    });
    for (const [tp, end] of ends) {
      const [topic, partition] = [tp.slice(0, tp.lastIndexOf('/')), Number(tp.slice(tp.lastIndexOf('/') + 1))];
      const from = fromOffsets.get(tp) ?? '0';
      if (BigInt(from) >= end) done.add(tp);
      else reader.seek({ topic, partition, offset: from });
    }
    if (done.size < ends.size)
      await Promise.race([
        finished,
        sleep(60_000).then(() => Promise.reject(new Error('reading back the run’s events timed out'))),
      ]);
  } finally {
    await reader.disconnect();
    await withAdmin((admin) => admin.deleteGroups([`cdc-test-reader-${runId}`])).catch(() => undefined);
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    const old = [...wanted.values()];
    for (const m of old)
      await producer.send({ topic: m.topic, messages: [{ partition: m.partition, key: m.key, value: m.value }] });
    log(`${runId}: re-produced ${old.length} old create events`);
    // New rows after the redelivery: a consumer wedged on it never mirrors them.
    for (let i = 0; i < 5; i++) for (const table of TABLES) await w.insert(pool, table);
    return old.length;
  } finally {
    await producer.disconnect();
  }
}

async function topicEnds(): Promise<Map<string, string>> {
  return withAdmin(async (admin) => {
    const m = new Map<string, string>();
    for (const topic of PIPELINE.topics)
      for (const e of await admin.fetchTopicOffsets(topic)) m.set(`${topic}/${e.partition}`, e.high);
    return m;
  });
}

/** Workload whose rows are all updated and a few deleted, so their original creates are older than the mirror. */
async function updatedAndDeletedRows(w: Workload): Promise<void> {
  const ids: { table: Table; id: string }[] = [];
  for (let i = 0; i < 10; i++) for (const table of TABLES) ids.push({ table, id: await w.insert(pool, table) });
  for (const { table, id } of ids) await w.update(pool, table, id);
  for (const { table, id } of ids.slice(0, 4)) await w.remove(pool, table, id);
}

/** consumer↔Kafka partition: the consumer_kafka proxy disabled for `holdMs` while changes keep flowing. */
async function kafkaPartition(
  runId: string,
  w: Workload,
  holdMs: number,
  whileCut?: () => Promise<void>,
): Promise<void> {
  try {
    await toxiproxy('/proxies/consumer_kafka', 'POST', { enabled: false });
    const cutAt = Date.now();
    log(`${runId}: consumer_kafka disabled for ${holdMs / 1000} s`);
    await w.run(80);
    await whileCut?.();
    await sleep(Math.max(0, holdMs - (Date.now() - cutAt)));
  } finally {
    await toxiproxy('/proxies/consumer_kafka', 'POST', { enabled: true });
    log(`${runId}: consumer_kafka enabled`);
  }
  await w.run(20);
}

// ---------------------------------------------------------------------------------------------- tests

describe('pipeline on the local stack', () => {
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: env.PG_URL, max: 4 });
    // An idle pooled connection cut by a PostgreSQL restart must not crash the run; the next query reconnects.
    pool.on('error', (e) => log(`idle PostgreSQL connection lost: ${e.message}`));
    mongo = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
    kafka = new Kafka({
      clientId: 'cdc-pipeline-test',
      brokers: env.KAFKA_BOOTSTRAP.split(','),
      logLevel: logLevel.NOTHING,
    });
    try {
      await pool.query('select 1');
      await mongo.connect();
      await withAdmin((admin) => admin.describeCluster());
    } catch (e) {
      throw new Error(
        `the local stack is not reachable (${(e as Error).message}); run \`node bin/cdc-chaos.js stack up\` first`,
      );
    }
    // A previous test run may have been interrupted mid-fault: heal before starting.
    await toxiproxy('/proxies/consumer_kafka', 'POST', { enabled: true });
    for (const name of ['cdc-mongodb', 'cdc-connect']) await ensureRunning(name);
    await until('connector running', 120_000, connectorRunning);
  });

  afterAll(async () => {
    for (const c of await docker.listContainers({ all: true, filters: { label: ['io.cdc-chaos.test=pipeline'] } })) {
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await deleteLeftGroups();
    await mongo?.close();
    await pool?.end();
  });

  it('mirrors 1,000 inserts/updates/deletes exactly, and reports end-to-end latency', async () => {
    const runId = newRunId('m');
    const tc = await TestConsumer.start('mirror', runId, {});
    try {
      const w = new Workload(pool, runId, 1);
      const started = Date.now();
      const counts = await w.run(1000);
      const d = await waitMirrored(tc.db, runId, '1,000 changes to be mirrored');
      log(
        `mirror: ${counts.inserts} inserts, ${counts.updates} updates, ${counts.deletes} deletes → ${d.rows} rows mirrored ${((Date.now() - started) / 1000).toFixed(1)} s after the first write; ` +
          `e2e latency of the final versions (source commit → MongoDB write) p50=${percentile(d.latenciesMs, 50)} ms p95=${percentile(d.latenciesMs, 95)} ms (n=${d.latenciesMs.length})`,
      );
      expect(clean(d), summary(d)).toBe(true);
      expect(counts.deletes).toBeGreaterThan(0);
    } finally {
      await tc.remove();
    }
  });

  it('consumer SIGKILLed mid-stream and restarted: every change present exactly once with its latest value', async () => {
    const runId = newRunId('k');
    const tc = await TestConsumer.start('sigkill', runId, {});
    try {
      const w = new Workload(pool, runId, 2);
      const writing = w.run(600, 5);
      try {
        await until(
          'the consumer to be mid-stream (some rows of the run mirrored)',
          120_000,
          async () => (await tc.db.collection('orders').countDocuments({ run_id: runId })) > 0,
          200,
        );
        await tc.kill();
        log(`${runId}: consumer SIGKILLed mid-stream`);
      } finally {
        await writing;
        await tc.restart();
      }
      const d = await waitMirrored(tc.db, runId, 'all changes after the restart');
      log(`sigkill: ${summary(d)}`);
      expect(clean(d), summary(d)).toBe(true);
    } finally {
      await tc.remove();
    }
  });

  it('SIGTERM mid-stream: the consumer finishes its batch, commits and exits 0; a restart completes the mirror', async () => {
    const runId = newRunId('t');
    const tc = await TestConsumer.start('sigterm', runId, {});
    try {
      const w = new Workload(pool, runId, 10);
      const writing = w.run(400, 5);
      await until(
        'the consumer to be mid-stream',
        120_000,
        async () => (await tc.db.collection('orders').countDocuments({ run_id: runId })) > 0,
        200,
      );
      await docker.getContainer(tc.name).stop({ t: 30 });
      const state = (await docker.getContainer(tc.name).inspect()).State;
      log(`sigterm: exit code ${state.ExitCode}`);
      expect(state.ExitCode).toBe(0);
      await writing;
      await tc.restart();
      const d = await waitMirrored(tc.db, runId, 'all changes after the restart');
      expect(clean(d), summary(d)).toBe(true);
    } finally {
      await tc.remove();
    }
  });

  it('FerretDB killed and restarted: the consumer retries and loses nothing', async () => {
    const runId = newRunId('f');
    const tc = await TestConsumer.start('mongo', runId, {});
    try {
      const started = Date.now();
      await mongoOutage(runId, tc, false);
      const d = await waitMirrored(tc.db, runId, 'all changes after MongoDB came back');
      log(
        `mongodb outage: caught up ${((Date.now() - started) / 1000).toFixed(1)} s after the fault began; ${summary(d)}`,
      );
      expect(clean(d), summary(d)).toBe(true);
      await until('the consumer healthy again', 60_000, async () => (await health(tc.url)).status === 200);
    } finally {
      await tc.remove();
    }
  });

  // Back-to-back experiments kill cdc-mongodb minutes apart under load: once, the second kill left the driver's
  // MongoClient failing every operation with a cached "connection … closed" for good while a new client worked.
  it('FerretDB killed three times in a row under load: the consumer reports each outage, is healthy after each restart and loses nothing', async () => {
    const runId = newRunId('k');
    const tc = await TestConsumer.start('mongo3', runId, {});
    const w = new Workload(pool, runId, 5);
    let writing = true;
    // Writes keep flowing through every kill (~50 changes/s), and before each kill the consumer has applied 100 more
    // of them, so it has MongoDB operations in flight when it dies.
    const load = (async () => {
      while (writing) {
        await w.run(10, 5);
        await sleep(200);
      }
    })();
    try {
      for (let kill = 1; kill <= 3; kill++) {
        const applied = await metricSum(tc.url, 'cdc_events_processed_total');
        await until(
          `the consumer applying changes before kill ${kill}`,
          60_000,
          async () => (await metricSum(tc.url, 'cdc_events_processed_total')) >= applied + 100,
          500,
        );
        let startedAt = 0;
        try {
          await docker.getContainer('cdc-mongodb').kill();
          const killedAt = Date.now();
          log(`${runId}: cdc-mongodb killed (${kill}/3)`);
          // MongoDB stays down until the consumer reports it (its pings every 2 s, or a failed write), so "healthy
          // after the restart" below is a recovery, not a state it never left.
          await until(
            `the consumer to report MongoDB down after kill ${kill}`,
            30_000,
            async () => (await health(tc.url)).body.mongo?.connected === false,
            250,
          );
          await sleep(Math.max(0, 5_000 - (Date.now() - killedAt)));
        } finally {
          startedAt = Date.now();
          await ensureRunning('cdc-mongodb');
        }
        await until(
          `the consumer healthy after kill ${kill}`,
          90_000,
          async () => (await health(tc.url)).status === 200,
        );
        log(
          `${runId}: consumer healthy ${((Date.now() - startedAt) / 1000).toFixed(1)} s after cdc-mongodb's start ${kill}`,
        );
      }
    } finally {
      writing = false;
      await load;
    }
    try {
      await expectExactAfterSentinels(w, tc.db, runId, 'three mongodb kills');
    } finally {
      await tc.remove();
    }
  });

  it('MongoDB unreachable for longer than MONGO_RENEW_AFTER_MS: the consumer replaces its client, and catches up after the heal', async () => {
    const runId = newRunId('r');
    const tc = await TestConsumer.start('renew', runId, { MONGO_RENEW_AFTER_MS: '8000' });
    try {
      const w = new Workload(pool, runId, 6);
      await w.run(40);
      await waitMirrored(tc.db, runId, 'rows before the cut');
      let renewed = 0;
      try {
        await toxiproxy('/proxies/consumer_mongodb', 'POST', { enabled: false });
        log(`${runId}: consumer_mongodb disabled`);
        await w.run(40);
        renewed = await until(
          'the consumer to replace its MongoDB client',
          40_000,
          async () => (await metricSum(tc.url, 'cdc_mongo_client_renewals_total')) || false,
        );
      } finally {
        await toxiproxy('/proxies/consumer_mongodb', 'POST', { enabled: true });
        log(`${runId}: consumer_mongodb enabled`);
      }
      expect(renewed).toBeGreaterThanOrEqual(1);
      await until('the consumer healthy on its new client', 60_000, async () => (await health(tc.url)).status === 200);
      const d = await waitMirrored(tc.db, runId, 'changes written during the cut');
      log(`client renewal: ${renewed} renewal(s) during the cut; ${summary(d)}`);
      expect(clean(d), summary(d)).toBe(true);
    } finally {
      await tc.remove();
    }
  });

  it("the lag exporter counts the captured tables' row changes from PostgreSQL itself, and Prometheus stores them", async () => {
    // CdcPipelineStalled's "writes continue" side: PostgreSQL's statistics, whoever writes (no k6 output needed).
    const changes = async () => {
      let n = 0;
      for (const col of ['ins', 'upd', 'del'])
        for (const table of ['customers', 'orders'])
          n += await metricSum(
            LAG_EXPORTER_URL,
            `pg_stat_user_tables_n_tup_${col}{`,
            `relname="${table}"`,
            '/metrics/postgres',
          );
      return n;
    };
    const before = await changes();
    const counts = await new Workload(pool, newRunId('s'), 3).run(300);
    const written = counts.inserts + counts.updates + counts.deletes;
    // PostgreSQL publishes a backend's counts at most once a second, an idle one's within 10 s (PGSTAT_IDLE_INTERVAL).
    const delta = await until('the row changes in pg_stat_user_tables', 30_000, async () => {
      const d = (await changes()) - before;
      return d >= written ? d : false;
    });
    log(`source stats: ${written} row changes written, the exporter counted ${delta} (other writers included)`);
    const series = await until('Prometheus scraping job postgres-exporter', 30_000, async () => {
      const q = (await (
        await fetch(
          `${env.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent('pg_stat_user_tables_n_tup_ins{job="postgres-exporter",schemaname="public",relname="orders"}')}`,
        )
      ).json()) as { data: { result: unknown[] } };
      return q.data.result.length > 0 ? q.data.result.length : false;
    });
    expect(series).toBe(1);
  });

  it('consumer↔Kafka partition for 30 s: the consumer reconnects after the heal and catches up', async () => {
    const runId = newRunId('p');
    const tc = await TestConsumer.start('partition', runId, {});
    try {
      const w = new Workload(pool, runId, 5);
      await w.run(40);
      await waitMirrored(tc.db, runId, 'rows before the partition');
      let sawDown = false;
      const watcher = setInterval(() => {
        health(tc.url).then(
          (h) => (sawDown ||= h.body.kafka?.connected === false),
          () => undefined,
        );
      }, 1000);
      // The lag exporter reads the group's offsets from the broker directly: the lag it reports grows during the cut,
      // while the consumer's own cdc_consumer_lag is measured through the cut link and cannot.
      const lagOf = () => metricSum(LAG_EXPORTER_URL, 'kafka_consumergroup_lag{', `consumergroup="${tc.groupId}"`);
      let brokerLag = 0;
      let ownLag = 0;
      try {
        await kafkaPartition(runId, w, 30_000, async () => {
          brokerLag = await until('the lag exporter reporting the changes written during the cut', 20_000, async () => {
            const lag = await lagOf();
            return lag >= 80 ? lag : false;
          });
          ownLag = await metricSum(tc.url, 'cdc_consumer_lag{');
        });
      } finally {
        clearInterval(watcher);
      }
      log(
        `kafka partition: lag during the cut — broker view (lag exporter) ${brokerLag}, consumer's own gauge ${ownLag}`,
      );
      expect(brokerLag).toBeGreaterThanOrEqual(80);
      const healed = Date.now();
      const d = await waitMirrored(tc.db, runId, 'changes written during the partition');
      log(
        `kafka partition: /health reported kafka down during it: ${sawDown}; caught up ${((Date.now() - healed) / 1000).toFixed(1)} s after the heal; ${summary(d)}`,
      );
      expect(clean(d), summary(d)).toBe(true);
      await until('the consumer healthy after the heal', 60_000, async () => (await health(tc.url)).status === 200);
    } finally {
      await tc.remove();
    }
  });

  it('Kafka Connect killed and restarted: Debezium resumes from its slot and nothing is lost', async () => {
    const runId = newRunId('c');
    const tc = await TestConsumer.start('connect', runId, {});
    try {
      const w = new Workload(pool, runId, 6);
      await w.run(50);
      await waitMirrored(tc.db, runId, 'rows before Connect was killed');
      const started = Date.now();
      try {
        await docker.getContainer('cdc-connect').kill();
        log(`${runId}: cdc-connect killed`);
        await w.run(100);
      } finally {
        await ensureRunning('cdc-connect');
      }
      await until('connector and task RUNNING after the restart', 180_000, connectorRunning, 2000);
      await w.run(20);
      const d = await waitMirrored(tc.db, runId, 'changes written while Connect was down');
      log(`connect restart: caught up ${((Date.now() - started) / 1000).toFixed(1)} s after the kill; ${summary(d)}`);
      expect(clean(d), summary(d)).toBe(true);
    } finally {
      await tc.remove();
    }
  });

  it('redelivered old changes neither overwrite newer values nor resurrect deleted rows', async () => {
    const runId = newRunId('r');
    const tc = await TestConsumer.start('redeliver', runId, {});
    try {
      const w = new Workload(pool, runId, 7);
      const from = await topicEnds();
      await updatedAndDeletedRows(w);
      await waitMirrored(tc.db, runId, 'the run’s rows');
      expect(await redeliverOldCreates(runId, w, from)).toBe(20);
      await expectExactAfterSentinels(w, tc.db, runId, 'redelivery');
    } finally {
      await tc.remove();
    }
  });

  describe('each CONSUMER_FAULT mode is caught by the matching check', () => {
    it('commit-before-write: SIGKILL during a MongoDB outage loses the committed-but-unwritten changes', async () => {
      const runId = newRunId('x');
      const tc = await TestConsumer.start('cbw', runId, { CONSUMER_FAULT: 'commit-before-write' });
      try {
        const w = await mongoOutage(runId, tc, true, true);
        await mirroredThrough(w, tc.db);
        const d = await finalDiff(tc.db, runId);
        log(`commit-before-write caught: ${summary(d)}`);
        // The committed-but-unwritten inserts are missing rows.
        expect(d.rows > 0 && d.missing.length > 0, summary(d)).toBe(true);
      } finally {
        await tc.remove();
      }
    });

    it('drop-on-error: changes consumed during a MongoDB outage are lost', async () => {
      const runId = newRunId('x');
      const tc = await TestConsumer.start('doe', runId, { CONSUMER_FAULT: 'drop-on-error' });
      try {
        const w = await mongoOutage(runId, tc, false, true);
        await mirroredThrough(w, tc.db);
        const d = await finalDiff(tc.db, runId);
        log(`drop-on-error caught: ${summary(d)}`);
        // The dropped inserts are missing rows.
        expect(d.rows > 0 && d.missing.length > 0, summary(d)).toBe(true);
      } finally {
        await tc.remove();
      }
    });

    it('overwrite-older: a redelivered old change reverts newer values and resurrects deleted rows', async () => {
      const runId = newRunId('x');
      const tc = await TestConsumer.start('ovo', runId, { CONSUMER_FAULT: 'overwrite-older' });
      try {
        const w = new Workload(pool, runId, 8);
        const from = await topicEnds();
        await updatedAndDeletedRows(w);
        await waitMirrored(tc.db, runId, 'the run’s rows');
        await redeliverOldCreates(runId, w, from);
        await mirroredThrough(w, tc.db);
        const d = await finalDiff(tc.db, runId);
        log(`overwrite-older caught: ${summary(d)}`);
        expect(d.stale.length).toBeGreaterThan(0);
        expect(d.extra.length).toBeGreaterThan(0);
      } finally {
        await tc.remove();
      }
    });

    it('blind-insert: a redelivered create wedges the partition, so later changes never arrive', async () => {
      const runId = newRunId('x');
      const tc = await TestConsumer.start('bli', runId, { CONSUMER_FAULT: 'blind-insert' });
      try {
        const w = new Workload(pool, runId, 9);
        const from = await topicEnds();
        await updatedAndDeletedRows(w);
        await waitMirrored(tc.db, runId, 'the run’s rows');
        const failedBefore = await metricSum(tc.url, 'cdc_events_failed_total', 'reason="write"');
        await redeliverOldCreates(runId, w, from);
        // Positive evidence of the wedge: the same write keeps failing (retried with backoff, never skipped).
        await until(
          'the faulty consumer to fail the duplicate insert repeatedly',
          120_000,
          async () => (await metricSum(tc.url, 'cdc_events_failed_total', 'reason="write"')) >= failedBefore + 3,
        );
        const d = await finalDiff(tc.db, runId);
        log(`blind-insert caught: ${summary(d)}; caught up: ${await caughtUp(tc.groupId)}`);
        expect(d.missing.length).toBeGreaterThan(0);
        expect(await caughtUp(tc.groupId)).toBe(false);
      } finally {
        await tc.remove();
      }
    });

    it('no-reconnect: after a consumer↔Kafka partition the consumer stays down and never catches up', async () => {
      const runId = newRunId('x');
      const tc = await TestConsumer.start('nrc', runId, { CONSUMER_FAULT: 'no-reconnect' });
      try {
        await kafkaPartition(runId, new Workload(pool, runId, 4), 30_000);
        // Positive evidence: the consumer reports its crash and, by design of the fault, never restarts.
        const h = await until('the faulty consumer to report its crash', 60_000, async () => {
          const r = await health(tc.url);
          return r.status === 503 && /crashed/.test(r.body.kafka?.reason ?? '') && r;
        });
        const d = await finalDiff(tc.db, runId);
        log(`no-reconnect caught: ${summary(d)}; health: ${JSON.stringify(h.body.kafka)}`);
        expect(d.missing.length).toBeGreaterThan(0);
        expect(await caughtUp(tc.groupId)).toBe(false);
      } finally {
        await tc.remove();
      }
    });
  });
});
