// The checker (Jepsen's lesson): pure functions of PostgreSQL's final state (the truth), MongoDB's
// final state and, where available, the write history — no service in sight, so every verdict is
// unit-tested from hand-written histories.

export type FieldValue = string | number | boolean | null;

export interface PgRow {
  key: string;
  version: number;
  fields: Record<string, FieldValue>;
  /** Known from a write history: the key was deleted (absent rows need no entry). */
  deleted?: boolean;
}

export interface MongoDoc {
  /** The PG key this document claims: its `id` field, else its `_id`. */
  key: string;
  version: number | null;
  fields: Record<string, FieldValue>;
}

export type Outcome = 'ok' | 'failed' | 'unknown';

export interface WriteRecord {
  key: string;
  op: 'insert' | 'update' | 'delete';
  /** Version the write set (insert/update). */
  version?: number;
  outcome: Outcome;
}

export const KEY_VERDICTS = ['ok', 'lost', 'stale', 'resurrected', 'phantom', 'duplicated'] as const;
export type KeyVerdict = (typeof KEY_VERDICTS)[number];

export interface Classification {
  counts: Record<KeyVerdict, number>;
  /** Verdict of every key that is not ok (bounded by the number of problems, not of keys); `why` where the history told. */
  problems: Map<
    string,
    { verdict: KeyVerdict; pgVersion: number | null; mongoVersion: number | null; why?: HistoryFinding }
  >;
  /** Up to `maxExamples` keys per verdict, for the report. */
  examples: Record<KeyVerdict, string[]>;
  keys: number;
}

/** What only the write history can tell. */
export type HistoryFinding = 'failed_write' | 'never_inserted' | 'ack_lost';

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return String(a) === String(b);
}

/** What the write history says about the keys it touched. */
interface HistoryFacts {
  keys: Set<string>;
  /** Keys an insert may have created (ok or unknown). */
  inserted: Set<string>;
  /** `key\0version` of writes that failed, unless another write of the key reached that version (a retried update). */
  failedVersions: Set<string>;
  /** Per key not deleted since (no later delete that may have applied): the highest version an acknowledged write set. */
  acked: Map<string, number>;
}

const kv = (key: string, version: number): string => `${key}\u0000${version}`;

function historyFacts(history: WriteRecord[]): HistoryFacts {
  const facts: HistoryFacts = { keys: new Set(), inserted: new Set(), failedVersions: new Set(), acked: new Map() };
  const reached = new Set<string>();
  // In write order (a key's writes come from one VU, in its order): a delete that may have applied ends what was
  // acknowledged before it, and a re-insert of the key starts it again.
  for (const w of history) {
    facts.keys.add(w.key);
    if (w.op === 'insert' && w.outcome !== 'failed') facts.inserted.add(w.key);
    if (w.op === 'delete' && w.outcome !== 'failed') facts.acked.delete(w.key);
    if (w.version === undefined) continue;
    if (w.outcome === 'failed') facts.failedVersions.add(kv(w.key, w.version));
    else reached.add(kv(w.key, w.version));
    if (w.outcome === 'ok' && w.op !== 'delete')
      facts.acked.set(w.key, Math.max(facts.acked.get(w.key) ?? 0, w.version));
  }
  reached.forEach((k) => facts.failedVersions.delete(k));
  return facts;
}

/**
 * Classifies every key seen on either side:
 * - lost: in PG, no document; or (with a history) an acknowledged write PG does not have — the key
 *   absent or at an older version though no delete of it may have applied;
 * - stale: document older than PG (lower version);
 * - phantom: document carries what PG never committed — a higher version, different values at the
 *   same version, a version whose write failed, or (with a history) a key never inserted;
 * - resurrected: deleted in PG (absent or marked), document still present;
 * - duplicated: several documents claim the key (e.g. a blind-insert consumer with its own _id).
 */
export function classify(
  pg: PgRow[],
  mongo: MongoDoc[],
  options: { history?: WriteRecord[]; maxExamples?: number } = {},
): Classification {
  const maxExamples = options.maxExamples ?? 5;
  const counts = { ok: 0, lost: 0, stale: 0, resurrected: 0, phantom: 0, duplicated: 0 } as Record<KeyVerdict, number>;
  const examples = { ok: [], lost: [], stale: [], resurrected: [], phantom: [], duplicated: [] } as Record<
    KeyVerdict,
    string[]
  >;
  const problems: Classification['problems'] = new Map();
  const docs = new Map<string, MongoDoc[]>();
  for (const d of mongo) {
    const list = docs.get(d.key);
    if (list) list.push(d);
    else docs.set(d.key, [d]);
  }
  const facts = historyFacts(options.history ?? []);
  const record = (
    key: string,
    verdict: KeyVerdict,
    pgVersion: number | null,
    mongoVersion: number | null,
    why?: HistoryFinding,
  ): void => {
    counts[verdict]++;
    if (examples[verdict].length < maxExamples) examples[verdict].push(key);
    if (verdict !== 'ok') problems.set(key, { verdict, pgVersion, mongoVersion, ...(why ? { why } : {}) });
  };
  const seen = new Set<string>();
  for (const row of pg) {
    seen.add(row.key);
    const list = docs.get(row.key) ?? [];
    const doc = list[0];
    const live = !row.deleted;
    const acked = facts.acked.get(row.key);
    if (list.length > 1) record(row.key, 'duplicated', live ? row.version : null, doc.version);
    else if (acked !== undefined && (!live || row.version < acked))
      record(row.key, 'lost', live ? row.version : null, doc ? doc.version : null, 'ack_lost');
    else if (!live) record(row.key, doc ? 'resurrected' : 'ok', null, doc ? doc.version : null);
    else if (!doc) record(row.key, 'lost', row.version, null);
    else if (doc.version === null || doc.version < row.version) record(row.key, 'stale', row.version, doc.version);
    else if (doc.version > row.version) record(row.key, 'phantom', row.version, doc.version);
    else if (facts.failedVersions.has(kv(row.key, doc.version)))
      record(row.key, 'phantom', row.version, doc.version, 'failed_write');
    else if (Object.keys(row.fields).some((f) => !same(row.fields[f], doc.fields[f])))
      record(row.key, 'phantom', row.version, doc.version);
    else record(row.key, 'ok', row.version, doc.version);
  }
  docs.forEach((list, key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const v = list[0].version;
    if (list.length > 1) record(key, 'duplicated', null, v);
    // PG no longer has a key whose acknowledged write nothing deleted: PG lost it, whatever MongoDB shows.
    else if (facts.acked.has(key)) record(key, 'lost', null, v, 'ack_lost');
    // Debezium streams committed changes only, so a document for a key PG no longer has was
    // committed once and deleted since — unless the history shows it was never inserted.
    else if (facts.keys.size > 0 && !facts.inserted.has(key)) record(key, 'phantom', null, v, 'never_inserted');
    else record(key, 'resurrected', null, v);
  });
  // Acknowledged, never deleted, and on neither side.
  facts.acked.forEach((_, key) => {
    if (!seen.has(key)) record(key, 'lost', null, null, 'ack_lost');
  });
  return {
    counts,
    problems,
    examples,
    keys: counts.ok + counts.lost + counts.stale + counts.resurrected + counts.phantom + counts.duplicated,
  };
}

/** A per-key order violation: the consumer applied an older version after a newer one. */
export interface OrderViolation {
  key: string;
  fromVersion: number;
  toVersion: number;
  atMs: number;
}

/**
 * Watches the versions a document shows over time. Versions are monotonic per key in PG, so a
 * document going from version 7 back to 5 means changes were applied out of order — visible here
 * even when a later redelivery repairs the final state.
 */
export class VersionTracker {
  private readonly highest = new Map<string, number>();
  violations = 0;

  observe(key: string, version: number | null, atMs: number): OrderViolation | null {
    if (version === null) return null;
    const top = this.highest.get(key);
    if (top !== undefined && version < top) {
      this.violations++;
      return { key, fromVersion: top, toVersion: version, atMs };
    }
    this.highest.set(key, top === undefined ? version : Math.max(top, version));
    return null;
  }
}

// A statement that failed with one of these never reached the server (or was refused by it);
// anything else (timeouts, resets, EOF mid-commit) may or may not have committed.
const DEFINITELY_NOT_APPLIED =
  /connection refused|dial tcp|no such host|duplicate key|violates|syntax error|does not exist|authentication failed|password authentication|too many clients|database system is (starting up|shutting down)|cannot connect/i;

export function classifyWriteError(message: string): Exclude<Outcome, 'ok'> {
  return DEFINITELY_NOT_APPLIED.test(message) ? 'failed' : 'unknown';
}

/**
 * Resolves an unknown outcome by reading PostgreSQL back after the fact: `pgVersion` is the row's
 * version now (null = no row). An update counts as applied when the row reached its version.
 */
export function resolveUnknown(write: WriteRecord, pgVersion: number | null): Exclude<Outcome, 'unknown'> {
  if (write.op === 'insert') return pgVersion !== null ? 'ok' : 'failed';
  if (write.op === 'delete') return pgVersion === null ? 'ok' : 'failed';
  return pgVersion !== null && write.version !== undefined && pgVersion >= write.version ? 'ok' : 'failed';
}
