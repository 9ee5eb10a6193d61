// The apply decision, pure. Newer wins by source.lsn; a delete leaves a tombstone lsn so a redelivered older
// change can never resurrect the row. The MongoDB writer enforces the same rule atomically with conditional
// filters (a doc's `_cdc.lsn` must be lower); this module decides what to send and builds the documents.
import type { Change, Row } from './envelope.js';

export const TOMBSTONES = '_cdc_tombstones';

export interface CdcMeta {
  lsn: number;
  source_ts_ms: number;
  applied_at_ms: number;
  op: Change['op'];
}

export type Doc = Row & { _id: string; _cdc: CdcMeta };

export interface TombstoneDoc {
  _id: string;
  coll: string;
  key: string;
  lsn: number;
  deleted_at_ms: number;
}

export const tombstoneId = (collection: string, id: string): string => `${collection}/${id}`;

const rowKey = (c: Change): string => `${c.collection}\u0000${c.id}`;

/** Keeps, per (collection, id), only the change with the highest lsn: within one write step only the last
 *  state of a row matters, and one write per row keeps the MongoDB round trips down. */
export function latestPerRow(changes: readonly Change[]): Change[] {
  const latest = new Map<string, Change>();
  for (const c of changes) {
    const k = rowKey(c);
    const prev = latest.get(k);
    if (prev === undefined || c.lsn >= prev.lsn) latest.set(k, c);
  }
  return [...latest.values()];
}

export type Decision = 'upsert' | 'delete' | 'skip-tombstoned';

/** `tombstoneLsn`: lsn of the newest delete already recorded for this row, if any. An upsert at or below it is
 *  older than (or is) that delete, so it must not bring the row back. A delete is always applied (conditionally,
 *  so it only removes an older version): its tombstone may have been written by an attempt that died before
 *  removing the document. */
export function decide(change: Change, tombstoneLsn: number | undefined): Decision {
  if (change.op === 'd') return 'delete';
  return tombstoneLsn !== undefined && change.lsn <= tombstoneLsn ? 'skip-tombstoned' : 'upsert';
}

export interface WritePlan {
  /** Conditional upserts (`_cdc.lsn` lower than the change's, or no document). */
  upserts: Change[];
  /** CONSUMER_FAULT=blind-insert only: plain inserts of creates, whatever is stored. */
  inserts: Change[];
  /** Conditional deletes of documents older than the delete. */
  deletes: Change[];
  /** Tombstones to record (none stored yet, or an older one). */
  tombstones: Change[];
  /** Changes that are not newer than what is stored: nothing to write. */
  stale: number;
  /** Upserts at or below a recorded delete. */
  tombstoned: number;
}

/** Decides every write of a step from the stored state (document lsn and tombstone lsn per row), so the writes
 *  that are sent are expected to succeed: a write error then always means "retry the step", never "skip", and no
 *  server's handling of a failed statement inside an unordered bulk can silently drop the others. */
export function planWrites(
  changes: readonly Change[],
  stored: { docLsn: (c: Change) => number | undefined; tombstoneLsn: (c: Change) => number | undefined },
  blindInsert = false,
): WritePlan {
  const plan: WritePlan = { upserts: [], inserts: [], deletes: [], tombstones: [], stale: 0, tombstoned: 0 };
  for (const c of latestPerRow(changes)) {
    const tombstone = stored.tombstoneLsn(c);
    const doc = stored.docLsn(c);
    const decision = decide(c, tombstone);
    if (decision === 'skip-tombstoned') plan.tombstoned++;
    else if (decision === 'delete') {
      if (tombstone === undefined || tombstone < c.lsn) plan.tombstones.push(c);
      if (doc !== undefined && doc < c.lsn) plan.deletes.push(c);
      else plan.stale++;
    } else if (blindInsert && (c.op === 'c' || c.op === 'r')) plan.inserts.push(c);
    else if (doc === undefined || doc < c.lsn) plan.upserts.push(c);
    else plan.stale++;
  }
  return plan;
}

/** The mirrored document: every column by name, `_id` = primary key, plus the reference consumer's `_cdc`. */
export function toDocument(change: Change, appliedAtMs: number): Doc {
  if (change.row === null)
    throw new Error(`toDocument: ${change.op} change of ${change.collection}/${change.id} has no row`);
  return {
    ...change.row,
    _id: change.id,
    _cdc: { lsn: change.lsn, source_ts_ms: change.sourceTsMs, applied_at_ms: appliedAtMs, op: change.op },
  };
}

export function toTombstone(change: Change, appliedAtMs: number): TombstoneDoc {
  return {
    _id: tombstoneId(change.collection, change.id),
    coll: change.collection,
    key: change.id,
    lsn: change.lsn,
    deleted_at_ms: appliedAtMs,
  };
}

/** Groups by collection, keeping input order inside each group. */
export function byCollection<T extends { collection: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const g = groups.get(it.collection);
    if (g) g.push(it);
    else groups.set(it.collection, [it]);
  }
  return groups;
}
