// Applies decoded changes to MongoDB. It reads the stored lsns of the step's rows, plans the writes (apply.ts), and
// sends only writes expected to succeed, each still conditional on the stored lsn being lower, so an older change
// never overwrites a newer one even if two consumers overlap during a rebalance. Any write error fails the whole
// step, which is retried from a fresh read: FerretDB v1 ignores `ordered: false` and abandons the rest of an
// update command at its first error, so "skip the duplicate-key errors" would silently drop writes there.
// Uses only standard MongoDB operations (FerretDB v1 stands in for MongoDB in the local stack).
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import {
  TOMBSTONES,
  byCollection,
  latestPerRow,
  planWrites,
  toDocument,
  toTombstone,
  tombstoneId,
  type Doc,
  type TombstoneDoc,
} from './apply.js';
import type { Change } from './envelope.js';
import type { ConsumerFault } from './faults.js';

export interface WriteOutcome {
  /** Rows written (upserted, replaced or deleted). */
  written: number;
  /** Rows skipped because an equal or newer version (or delete) is already stored. */
  stale: number;
  /** Rows skipped because a delete with an equal or higher lsn was already applied. */
  tombstoned: number;
}

/** Statements per write command. FerretDB v1.24 holds one pooled storage connection per matched update statement
 *  until the whole command ends, so statements in flight beyond its pool deadlock it for good (measured: 100 on its
 *  SQLite backend, 50 — its default pool — on PostgreSQL); small commands are plain MongoDB too
 *  (src/consumer/README.md). */
export const MAX_OPS_PER_COMMAND = 32;

interface StoredDoc {
  lsn: number;
  version: unknown;
}

export class MongoWriter {
  constructor(
    /** Called once per operation, so a renewed client (mongo-connection.ts) is used from the next one on. */
    private readonly db: () => Db,
    private readonly fault: ConsumerFault | null,
  ) {}

  async ping(): Promise<void> {
    await this.db().command({ ping: 1 });
  }

  async apply(changes: readonly Change[], nowMs: number): Promise<WriteOutcome> {
    if (this.fault === 'overwrite-older') return this.applyUnconditionally(changes, nowMs);
    const db = this.db();
    const rows = latestPerRow(changes);
    const [tombstones, docs] = await Promise.all([this.readTombstones(db, rows), this.readDocs(db, rows)]);
    const versionAsText = this.fault === 'version-as-text';
    const plan = planWrites(
      rows,
      {
        docLsn: (c) => {
          const d = docs.get(c.collection)?.get(c.id);
          if (d === undefined || !versionAsText || c.row === null) return d?.lsn;
          // CONSUMER_FAULT=version-as-text: "older" when the stored version is not lower as text ("10" < "9").
          return String(d.version) < String(c.row.version) ? -1 : Infinity;
        },
        tombstoneLsn: (c) => {
          const lsn = tombstones.get(tombstoneId(c.collection, c.id));
          // CONSUMER_FAULT=tombstone-forever: any tombstone outranks every change of its key.
          return lsn !== undefined && this.fault === 'tombstone-forever' ? Infinity : lsn;
        },
      },
      this.fault === 'blind-insert',
    );

    // Tombstones first: if the process dies between the two steps, the redelivered delete is applied again.
    const tombstoneOps: AnyBulkWriteOperation<TombstoneDoc>[] = plan.tombstones.map((c) => {
      const { _id, ...fields } = toTombstone(c, nowMs);
      return { updateOne: { filter: { _id, lsn: { $lt: c.lsn } }, update: { $set: fields }, upsert: true } };
    });
    await this.bulk(db.collection<TombstoneDoc>(TOMBSTONES), tombstoneOps);

    let written = 0;
    const ops = [
      ...plan.inserts.map((c) => ({ c, op: { insertOne: { document: toDocument(c, nowMs) } } })),
      ...plan.upserts.map((c) => ({
        c,
        op: {
          replaceOne: {
            // version-as-text's check cannot be a MongoDB filter: its read above is all it has.
            filter: versionAsText ? { _id: c.id } : { _id: c.id, '_cdc.lsn': { $lt: c.lsn } },
            replacement: toDocument(c, nowMs),
            upsert: true,
          },
        },
      })),
      ...plan.deletes.map((c) => ({ c, op: { deleteOne: { filter: { _id: c.id, '_cdc.lsn': { $lt: c.lsn } } } } })),
    ];
    for (const [collection, group] of byCollection(ops.map(({ c, op }) => ({ collection: c.collection, op })))) {
      written += await this.bulk(
        db.collection<Doc>(collection),
        group.map((g) => g.op as AnyBulkWriteOperation<Doc>),
      );
    }
    return { written, stale: plan.stale + (ops.length - written), tombstoned: plan.tombstoned };
  }

  /** CONSUMER_FAULT=overwrite-older: every change written as it comes, no lsn comparison, no tombstones. */
  private async applyUnconditionally(changes: readonly Change[], nowMs: number): Promise<WriteOutcome> {
    const db = this.db();
    let written = 0;
    for (const [collection, group] of byCollection(latestPerRow(changes))) {
      const ops: AnyBulkWriteOperation<Doc>[] = group.map((c) =>
        c.op === 'd'
          ? { deleteOne: { filter: { _id: c.id } } }
          : { replaceOne: { filter: { _id: c.id }, replacement: toDocument(c, nowMs), upsert: true } },
      );
      written += await this.bulk(db.collection<Doc>(collection), ops);
    }
    return { written, stale: 0, tombstoned: 0 };
  }

  /** The stored lsn (and the row's version, for CONSUMER_FAULT=version-as-text) of each row's document. */
  private async readDocs(db: Db, rows: readonly Change[]): Promise<Map<string, Map<string, StoredDoc>>> {
    const found = new Map<string, Map<string, StoredDoc>>();
    for (const [collection, group] of byCollection(rows)) {
      const stored = new Map<string, StoredDoc>();
      const docs = await byIds(
        db.collection<Doc>(collection),
        group.map((c) => c.id),
        { '_cdc.lsn': 1, version: 1 },
      );
      for (const d of docs)
        stored.set(d._id, { lsn: typeof d._cdc?.lsn === 'number' ? d._cdc.lsn : -1, version: d.version });
      found.set(collection, stored);
    }
    return found;
  }

  private async readTombstones(db: Db, rows: readonly Change[]): Promise<Map<string, number>> {
    const ids = rows.map((c) => tombstoneId(c.collection, c.id));
    const found = new Map<string, number>();
    if (ids.length === 0) return found;
    const docs = await byIds(db.collection<TombstoneDoc>(TOMBSTONES), ids, { lsn: 1 });
    for (const d of docs) found.set(d._id, d.lsn);
    return found;
  }

  /** Sends `ops` in commands of at most MAX_OPS_PER_COMMAND statements; returns the documents changed.
   *  A lost conditional race still counts as not written (its filter matched nothing). */
  private async bulk<T extends { _id: string }>(coll: Collection<T>, ops: AnyBulkWriteOperation<T>[]): Promise<number> {
    let written = 0;
    for (let from = 0; from < ops.length; from += MAX_OPS_PER_COMMAND) {
      const r = await coll.bulkWrite(ops.slice(from, from + MAX_OPS_PER_COMMAND), { ordered: true });
      written += r.insertedCount + r.upsertedCount + r.modifiedCount + r.deletedCount;
      if (this.fault === 'partial-batch') break;
    }
    return written;
  }
}

/** Documents by _id as concurrent equality lookups, not one `$in`: FerretDB v1 pushes only simple equalities down
 *  to its storage, so `$in` scans the whole collection (measured: 145 ms for 50 ids in 5k documents, against
 *  ~2 ms per _id lookup); on MongoDB both use the _id index. */
async function byIds<T extends { _id: string }>(
  coll: Collection<T>,
  ids: readonly string[],
  projection: Record<string, 1>,
): Promise<T[]> {
  const found = await Promise.all(ids.map((_id) => coll.findOne({ _id } as Filter<T>, { projection })));
  return found.filter((d) => d !== null) as T[];
}
