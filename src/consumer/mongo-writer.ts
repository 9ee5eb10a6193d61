// Applies decoded changes to MongoDB. Every write is conditional on the stored lsn being lower, so an older
// change never overwrites a newer one even if two consumers overlap during a rebalance; a duplicate-key error
// from such a conditional upsert means "a newer or equal version is stored" and is a skip, not a failure.
// Uses only standard MongoDB operations (FerretDB v1 stands in for MongoDB in the local stack).
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import {
  TOMBSTONES,
  byCollection,
  decide,
  latestPerRow,
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

const DUPLICATE_KEY = 11000;
/** Statements per write command. FerretDB v1.24 holds one pooled SQLite connection per matched update statement
 *  until the whole command ends (pool: 100), so a 100-statement update deadlocks it for good; small commands
 *  are plain MongoDB too and cost little (measured: see the consumer report). */
export const MAX_OPS_PER_COMMAND = 32;

export class MongoWriter {
  constructor(
    private readonly db: Db,
    private readonly fault: ConsumerFault | null,
  ) {}

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async apply(changes: readonly Change[], nowMs: number): Promise<WriteOutcome> {
    const rows = latestPerRow(changes);
    const outcome: WriteOutcome = { written: 0, stale: 0, tombstoned: 0 };
    const unconditional = this.fault === 'overwrite-older';

    const tombstones = unconditional ? new Map<string, number>() : await this.readTombstones(rows);
    const toApply: Change[] = [];
    for (const c of rows) {
      if (decide(c, tombstones.get(tombstoneId(c.collection, c.id))) === 'skip-tombstoned') outcome.tombstoned++;
      else toApply.push(c);
    }

    // Tombstones first: if the process dies between the two steps, the redelivered delete is applied again.
    const deletes = toApply.filter((c) => c.op === 'd');
    if (!unconditional && deletes.length > 0) {
      const ops: AnyBulkWriteOperation<TombstoneDoc>[] = deletes.map((c) => {
        const { _id, ...fields } = toTombstone(c, nowMs);
        return { updateOne: { filter: { _id, lsn: { $lt: c.lsn } }, update: { $set: fields }, upsert: true } };
      });
      await this.bulk(this.db.collection<TombstoneDoc>(TOMBSTONES), ops, () => true);
    }

    for (const [collection, group] of byCollection(toApply)) {
      const coll = this.db.collection<Doc>(collection);
      const blindInserts = new Set<number>();
      const ops: AnyBulkWriteOperation<Doc>[] = group.map((c, i) => {
        if (c.op === 'd') {
          return { deleteOne: { filter: unconditional ? { _id: c.id } : { _id: c.id, '_cdc.lsn': { $lt: c.lsn } } } };
        }
        const doc = toDocument(c, nowMs);
        if (this.fault === 'blind-insert' && (c.op === 'c' || c.op === 'r')) {
          blindInserts.add(i);
          return { insertOne: { document: doc } };
        }
        const filter = unconditional ? { _id: c.id } : { _id: c.id, '_cdc.lsn': { $lt: c.lsn } };
        return { replaceOne: { filter, replacement: doc, upsert: true } };
      });
      const written = await this.bulk(coll, ops, (index) => !blindInserts.has(index));
      outcome.written += written;
      // The rest matched nothing: an upsert that hit a newer/equal version, a delete of a row already gone.
      outcome.stale += group.length - written;
    }
    return outcome;
  }

  private async readTombstones(rows: readonly Change[]): Promise<Map<string, number>> {
    const ids = rows.map((c) => tombstoneId(c.collection, c.id));
    const found = new Map<string, number>();
    if (ids.length === 0) return found;
    const docs = await this.db
      .collection<TombstoneDoc>(TOMBSTONES)
      .find({ _id: { $in: ids } }, { projection: { lsn: 1 } })
      .toArray();
    for (const d of docs) found.set(d._id, d.lsn);
    return found;
  }

  /** Runs an unordered bulk write. Duplicate-key errors on ops for which `dupIsStale(index)` holds are
   *  expected (conditional upsert lost to a newer version) and counted; any other write error is thrown. */
  private async bulk<T extends { _id: string }>(
    coll: Collection<T>,
    ops: AnyBulkWriteOperation<T>[],
    dupIsStale: (index: number) => boolean,
  ): Promise<number> {
    let written = 0;
    for (let from = 0; from < ops.length; from += MAX_OPS_PER_COMMAND) {
      const slice = ops.slice(from, from + MAX_OPS_PER_COMMAND);
      written += await this.bulkSlice(coll, slice, (index) => dupIsStale(from + index));
    }
    return written;
  }

  private async bulkSlice<T extends { _id: string }>(
    coll: Collection<T>,
    ops: AnyBulkWriteOperation<T>[],
    dupIsStale: (index: number) => boolean,
  ): Promise<number> {
    try {
      const r = await coll.bulkWrite(ops, { ordered: false });
      return r.insertedCount + r.upsertedCount + r.modifiedCount + r.deletedCount;
    } catch (e) {
      if (!(e instanceof MongoBulkWriteError)) throw e;
      const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      const unexpected = errors.filter((w) => !(w.code === DUPLICATE_KEY && dupIsStale(w.index)));
      if (unexpected.length > 0 || e.writeConcernError) throw e;
      const r = e.result;
      return r.insertedCount + r.upsertedCount + r.modifiedCount + r.deletedCount;
    }
  }
}
