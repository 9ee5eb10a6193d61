// The stack's read limit for the data a verification reads: the raw Node drivers (no runtime, no bridge) reading
// the run's rows from PostgreSQL — one query per table, unpaged, the columns src/k6/verify.ts selects — and the
// run's documents from FerretDB — one find per collection and shard, projected as src/k6/verify.ts projects: the
// verification's own pages, so the ratio measures the harness rather than the paging (one unpaged find({run_id}) per
// collection was never faster on FerretDB v1: 11.4 s against 11.3 s at 100k in the earlier bench, and 32–46 s for
// 40k documents on this loaded machine while the harness read them in shard pages in 18 s). The verification bench
// divides the harness's verification time by the sum of the two, measured in the same round.
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { BENCH_DB, BENCH_PG_URL, MONGO_URL } from './lib/benchdb.js';
import { SHARDS } from '../src/experiment/shards.js';
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

export async function rawRead(runId: string): Promise<RawRead> {
  const out: RawRead = { pgMs: 0, mongoMs: 0, rows: 0, docs: 0 };
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  try {
    const t0 = performance.now();
    for (const table of TABLES) {
      const r = await c.query(
        `select id, version, ${COMPARED[table].join(', ')}, (extract(epoch from updated_at) * 1000)::float8 as updated_ms from ${table} where run_id = $1`,
        [runId],
      );
      out.rows += r.rows.length;
    }
    out.pgMs = performance.now() - t0;
  } finally {
    await c.end();
  }
  const m = new MongoClient(MONGO_URL);
  try {
    const db = m.db(BENCH_DB);
    await db.command({ ping: 1 }); // connected before the clock starts, as the PG client is
    const t0 = performance.now();
    for (const table of TABLES) {
      const projection = Object.fromEntries(['_id', 'id', 'version', ...COMPARED[table]].map((f) => [f, 1]));
      for (let shard = 0; shard < SHARDS; shard++)
        out.docs += (await db.collection(table).find({ run_id: runId, shard }, { projection }).toArray()).length;
    }
    out.mongoMs = performance.now() - t0;
  } finally {
    await m.close();
  }
  return out;
}
