// Where verification time goes: the parts of src/k6/verify.ts re-timed outside the runtime with the
// raw Node drivers over the same data — PG keyset scan (same query, same page size), Mongo fetch
// (same pages: one find per shard), classify() (the very function the bundles call), and one structured
// clone of the fetched documents (what the sync bridge does to every reply). Plus the same fetch in one
// unpaged find (what paging costs), and two cheaper Mongo reads the quiescence check could use instead
// of fetching every document (aggregate count+sum, projection).
import { MongoClient, type Document } from 'mongodb';
import pg from 'pg';
import { SHARDS } from '../src/experiment/shards.js';
import { classify, type FieldValue, type MongoDoc, type PgRow } from '../src/experiment/verdict.js';
import { BENCH_DB, BENCH_PG_URL, MONGO_URL } from './lib/benchdb.js';
import { TABLES } from './lib/dataset.js';
import { sec } from './lib/stats.js';

// Mirrors COMPARED in src/k6/clients.ts (k6-only code, not importable from Node) and scanPg's page.
const COMPARED: Record<(typeof TABLES)[number], string[]> = {
  customers: ['email', 'status', 'balance'],
  orders: ['customer_id', 'amount', 'status'],
};
const PAGE = 5000;

export interface Parts {
  pgScanMs: number;
  mongoFindMs: number;
  mongoUnpagedMs: number;
  cloneMs: number;
  classifyMs: number;
  mongoAggregateMs: number;
  mongoProjectedMs: number;
  summary: string;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

export async function timeParts(runId: string): Promise<Parts> {
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  const m = new MongoClient(MONGO_URL);
  await c.connect();
  const parts = {
    pgScanMs: 0,
    mongoFindMs: 0,
    mongoUnpagedMs: 0,
    cloneMs: 0,
    classifyMs: 0,
    mongoAggregateMs: 0,
    mongoProjectedMs: 0,
  };
  try {
    const db = m.db(BENCH_DB);
    for (const table of TABLES) {
      const cols = COMPARED[table];
      const [truth, pgMs] = await timed(async () => {
        const out: PgRow[] = [];
        for (let after = ''; ;) {
          const r = await c.query(
            `select id, version, ${cols.join(', ')}, (extract(epoch from updated_at) * 1000)::float8 as updated_ms from ${table} where run_id = $1 and id > $2 order by id limit ${PAGE}`,
            [runId, after],
          );
          for (const row of r.rows as Record<string, unknown>[]) {
            const fields: Record<string, FieldValue> = {};
            for (const col of cols) fields[col] = row[col] as FieldValue;
            out.push({ key: row.id as string, version: Number(row.version), fields });
          }
          if (r.rows.length < PAGE) break;
          after = (r.rows[r.rows.length - 1] as { id: string }).id;
        }
        return out;
      });
      const [docs, findMs] = await timed(async () => {
        const out: Document[] = [];
        for (let shard = 0; shard < SHARDS; shard++)
          for (const d of await db.collection(table).find({ run_id: runId, shard }).toArray()) out.push(d);
        return out;
      });
      const cloneT0 = performance.now();
      structuredClone(docs);
      const cloneMs = performance.now() - cloneT0;
      const mapped: MongoDoc[] = docs.map((d: Document) => {
        const fields: Record<string, FieldValue> = {};
        for (const col of cols) fields[col] = d[col] === undefined ? null : (d[col] as FieldValue);
        return {
          key: typeof d.id === 'string' ? d.id : String(d._id),
          version: typeof d.version === 'number' ? d.version : null,
          fields,
        };
      });
      const classifyT0 = performance.now();
      const verdict = classify(truth, mapped);
      const classifyMs = performance.now() - classifyT0;
      if (verdict.counts.ok !== truth.length)
        throw new Error(`${table}: raw re-check disagrees (${JSON.stringify(verdict.counts)})`);
      const [, aggMs] = await timed(() =>
        db
          .collection(table)
          .aggregate([
            { $match: { run_id: runId } },
            { $group: { _id: null, n: { $sum: 1 }, v: { $sum: '$version' } } },
          ])
          .toArray(),
      );
      const [, projMs] = await timed(() =>
        db
          .collection(table)
          .find({ run_id: runId }, { projection: { version: 1 } })
          .toArray(),
      );
      const [, unpagedMs] = await timed(() => db.collection(table).find({ run_id: runId }).toArray());
      parts.pgScanMs += pgMs;
      parts.mongoFindMs += findMs;
      parts.cloneMs += cloneMs;
      parts.classifyMs += classifyMs;
      parts.mongoAggregateMs += aggMs;
      parts.mongoProjectedMs += projMs;
      parts.mongoUnpagedMs += unpagedMs;
    }
  } finally {
    await c.end();
    await m.close();
  }
  const summary =
    `PG keyset scan ${sec(parts.pgScanMs)}, Mongo find (all fields, ${SHARDS} shard pages per table) ${sec(parts.mongoFindMs)}, structured clone of the documents ${sec(parts.cloneMs)}, ` +
    `classify() ${sec(parts.classifyMs)} (both tables); the same documents in one unpaged find per table ${sec(parts.mongoUnpagedMs)}. Alternatives to fetching every document for the ` +
    `version sum: aggregate count+sum ${sec(parts.mongoAggregateMs)}, find with projection {version} ${sec(parts.mongoProjectedMs)}.`;
  return { ...parts, summary };
}
