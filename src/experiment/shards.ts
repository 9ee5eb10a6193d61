// The verification reads MongoDB one shard at a time. Every row carries a `shard` in [0, SHARDS) (set from
// its key by a trigger in src/stack/schema.sql; the consumer contract copies it like any column), and one
// find({run_id, shard}) per value is a page. Why this paging and not `_id` ranges: FerretDB v1 pushes
// only top-level equality down to PostgreSQL, so a range/sort/limit page re-reads the whole run on
// every page (measured: one 5,000-document `_id` page of a 100k run cost 6–20 s, a full fetch 8–16 s),
// while FerretDB decodes only an equality page's own documents (and, with the stack's GIN index on
// run_id and shard, src/stack/services/ferretdb-storage.ts, PostgreSQL reads only them). Each page must
// stay far below xk6-mongo's 30 s per-operation deadline: 16 shards keep a page of a 1,000,000-change
// run (500k per table) near 31k documents, ~2–5 s at FerretDB's 6–16k documents/s.

/** Must match the check constraint of `shard` and its trigger in src/stack/schema.sql. */
export const SHARDS = 16;

/** A key's shard from the hex md5 of its UTF-8 text, as schema.sql's trigger sets it: the low 4 bits of the first byte. */
export const shardOfMd5 = (hex: string): number => parseInt(hex.slice(0, 2), 16) & (SHARDS - 1);

/** The shards one of `readers` verification readers reads: every readers-th, from its own index. */
export function readerShards(reader: number, readers: number): number[] {
  const out: number[] = [];
  for (let s = reader; s < SHARDS; s += readers) out.push(s);
  return out;
}

/** Row count and version sum: equal on both sides ⇒ the pipeline has caught up with that slice. */
export interface Totals {
  n: number;
  v: number;
}

/** Totals of MongoDB documents (a document without a numeric version adds 0, as a missing row would). */
export function totalsOf(docs: ReadonlyArray<Record<string, unknown>>): Totals {
  let v = 0;
  for (const d of docs) if (typeof d.version === 'number') v += d.version;
  return { n: docs.length, v };
}

/** PostgreSQL's `group by shard` rows → totals per shard; shards without rows are { n: 0, v: 0 }. */
export function totalsByShard(rows: ReadonlyArray<{ shard: number; n: number; v: number }>): Totals[] {
  const out: Totals[] = Array.from({ length: SHARDS }, () => ({ n: 0, v: 0 }));
  for (const r of rows) {
    if (!Number.isInteger(r.shard) || r.shard < 0 || r.shard >= SHARDS)
      throw new Error(`shard ${r.shard} outside [0, ${SHARDS}): src/stack/schema.sql and SHARDS disagree`);
    out[r.shard] = { n: r.n, v: r.v };
  }
  return out;
}

export const sameTotals = (a: Totals, b: Totals): boolean => a.n === b.n && a.v === b.v;
