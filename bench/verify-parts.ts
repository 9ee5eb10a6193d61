// The stack's read limit for the data a verification reads: the raw Node drivers (no runtime, no bridge) reading
// the run's rows from PostgreSQL — one query per table, unpaged, the columns src/k6/verify.ts selects — and the
// run's documents from FerretDB — one find per collection and shard, projected as src/k6/verify.ts projects: the
// verification's own pages, so the ratio measures the harness rather than the paging (one unpaged find({run_id}) per
// collection was never faster on FerretDB v1: 11.4 s against 11.3 s at 100k in the earlier bench, and 32–46 s for
// 40k documents on this loaded machine while the harness read them in shard pages in 18 s). With `readers` > 1 the
// same reads split as the verification's readers split them (src/experiment/shards.ts readerShards), each reader
// with its own connections, all at once: the raw drivers' answer to the same concurrency. The verification bench
// divides the harness's verification time by the serial read (the goal's figure) and by this one.
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { BENCH_DB, BENCH_PG_URL, MONGO_URL } from './lib/benchdb.js';
import { SHARDS, readerShards } from '../src/experiment/shards.js';
import { TABLES } from './lib/dataset.js';

// Mirrors COMPARED in src/k6/clients.ts (k6-only code, not importable from Node).
const COMPARED: Record<(typeof TABLES)[number], string[]> = {
  customers: ['email', 'status', 'balance'],
  orders: ['customer_id', 'amount', 'status'],
};

export interface RawRead {
  pgMs: number;
  mongoMs: number;
  /** Rows and documents read over both tables: must both equal the run's changes. */
  rows: number;
  docs: number;
}

const shardIn = (shards: number[]): string => (shards.length === SHARDS ? '' : ` and shard in (${shards.join(', ')})`);

async function readPg(c: pg.Client, runId: string, shards: number[]): Promise<number> {
  let rows = 0;
  for (const table of TABLES) {
    const r = await c.query(
      `select id, version, ${COMPARED[table].join(', ')}, (extract(epoch from updated_at) * 1000)::float8 as updated_ms from ${table} where run_id = $1${shardIn(shards)}`,
      [runId],
    );
    rows += r.rows.length;
  }
  return rows;
}

async function readMongo(db: Db, runId: string, shards: number[]): Promise<number> {
  let docs = 0;
  for (const table of TABLES) {
    const projection = Object.fromEntries(['_id', 'id', 'version', ...COMPARED[table]].map((f) => [f, 1]));
    for (const shard of shards)
      docs += (await db.collection(table).find({ run_id: runId, shard }, { projection }).toArray()).length;
  }
  return docs;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** PG first (every reader at once), then FerretDB (every reader at once), each timed from its first to its last reader. */
export async function rawRead(runId: string, readers = 1): Promise<RawRead> {
  const parts = Array.from({ length: readers }, (_, i) => readerShards(i, readers));
  // Connected before the clock starts, one connection per reader (the harness's VUs hold theirs already).
  const clients = parts.map(() => new pg.Client({ connectionString: BENCH_PG_URL }));
  const { rows, pgMs } = await (async () => {
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const t0 = performance.now();
      const n = sum(await Promise.all(parts.map((shards, i) => readPg(clients[i], runId, shards))));
      return { rows: n, pgMs: performance.now() - t0 };
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  })();
  const m = new MongoClient(MONGO_URL, { maxPoolSize: Math.max(readers, 2) });
  try {
    const db = m.db(BENCH_DB);
    await Promise.all(parts.map(() => db.command({ ping: 1 })));
    const t1 = performance.now();
    const docs = sum(await Promise.all(parts.map((shards) => readMongo(db, runId, shards))));
    return { pgMs, mongoMs: performance.now() - t1, rows, docs };
  } finally {
    await m.close();
  }
}
