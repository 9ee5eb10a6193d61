// A consistent PG ↔ Mongo data set for the verification bench, written straight into both sides (not
// through the pipeline): row g of a table has the same values on both sides, computed once in SQL
// (generate_series, so PostgreSQL fills itself at its own speed) and once here for MongoDB (shard from the key,
// as the schema's trigger sets it in PostgreSQL). Documents
// follow the consumer contract (docs/ARCHITECTURE.md): _id = id, every column by name, plus the
// reference consumer's _cdc block, so they are as large as real ones.
import { MongoClient, type Document } from 'mongodb';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { shardOfMd5 } from '../../src/experiment/shards.js';
import { BENCH_DB, BENCH_PG_URL, MONGO_URL } from './benchdb.js';

const STATUSES = ['active', 'suspended', 'closed'];
const ORDER_STATUSES = ['new', 'paid', 'shipped', 'cancelled'];
const pad = (g: number): string => String(g).padStart(7, '0');
export const shardOf = (key: string): number => shardOfMd5(createHash('md5').update(key).digest('hex'));

const SQL = {
  customers: `insert into customers (id, run_id, version, email, status, balance)
    select $1 || '-c-' || lpad(g::text, 7, '0'), $1, 1 + g % 3, $1 || '-c-' || lpad(g::text, 7, '0') || '@chaos.test',
           (array['${STATUSES.join("','")}'])[1 + g % 3], g % 10000
    from generate_series($2::int, $3::int - 1) g`,
  orders: `insert into orders (id, run_id, version, customer_id, amount, status)
    select $1 || '-o-' || lpad(g::text, 7, '0'), $1, 1 + g % 5, $1 || '-c-' || lpad((g % 1000)::text, 7, '0'),
           1 + g % 100000, (array['${ORDER_STATUSES.join("','")}'])[1 + g % 4]
    from generate_series($2::int, $3::int - 1) g`,
};

function doc(table: 'customers' | 'orders', runId: string, g: number, now: Date): Document {
  const cdc = { lsn: g, source_ts_ms: now.getTime(), applied_at_ms: now.getTime(), op: 'c' };
  if (table === 'customers') {
    const id = `${runId}-c-${pad(g)}`;
    return {
      _id: id,
      id,
      run_id: runId,
      version: 1 + (g % 3),
      email: `${id}@chaos.test`,
      status: STATUSES[g % 3],
      balance: g % 10000,
      updated_at: now,
      shard: shardOf(id),
      _cdc: cdc,
    };
  }
  const id = `${runId}-o-${pad(g)}`;
  return {
    _id: id,
    id,
    run_id: runId,
    version: 1 + (g % 5),
    customer_id: `${runId}-c-${pad(g % 1000)}`,
    amount: 1 + (g % 100000),
    status: ORDER_STATUSES[g % 4],
    updated_at: now,
    shard: shardOf(id),
    _cdc: cdc,
  };
}

export const TABLES = ['customers', 'orders'] as const;

/** Rows [from, to) of each table on both sides (so `to - from` changes per table); ms per side. */
export async function loadRange(runId: string, from: number, to: number): Promise<{ pgMs: number; mongoMs: number }> {
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  const t0 = performance.now();
  try {
    for (const t of TABLES) await c.query(SQL[t], [runId, from, to]);
    await c.query('analyze customers, orders');
  } finally {
    await c.end();
  }
  const pgMs = performance.now() - t0;
  const m = new MongoClient(MONGO_URL);
  const t1 = performance.now();
  try {
    const db = m.db(BENCH_DB);
    const now = new Date();
    const BATCH = 5000;
    for (const t of TABLES) {
      for (let g = from; g < to; g += BATCH) {
        const docs: Document[] = [];
        for (let i = g; i < Math.min(to, g + BATCH); i++) docs.push(doc(t, runId, i, now));
        await db.collection(t).insertMany(docs, { ordered: false });
      }
    }
  } finally {
    await m.close();
  }
  return { pgMs, mongoMs: performance.now() - t1 };
}
