// The load scenario: a realistic mix of inserts, updates and deletes on customers and orders,
// every row tagged with the run id and a per-row version (1 on insert, +1 per update). A share of inserts
// re-creates a key this VU deleted, its version continuing from the deleted row's (a consumer that keeps a deleted
// key's tombstone forever, or compares a re-insert with the delete, loses it). Each write's
// outcome is recorded in the run's history (invoke → ok | fail | info); an unknown one (timeout, reset
// mid-commit) is resolved by reading PG back, and stays info when even that fails.

import { sleep } from 'k6';
import exec from 'k6/execution';
import { flushEveryWriteWindows, type WriteEvent, type WriteResult } from '../experiment/history.js';
import { loadStages } from '../experiment/load-profile.js';
import { hashSeed, prng, weightedPick } from '../experiment/random.js';
import { classifyWriteError, resolveUnknown, type WriteRecord } from '../experiment/verdict.js';
import { pg, type Table } from './clients.js';
import { CONFIG, PLAN, SCENARIO, type RunData } from './config.js';
import { recordHistory } from './history-store.js';
import { successRate, writeDuration, writes, writeUnknown } from './metrics.js';

interface Live {
  table: Table;
  id: string;
  version: number;
}

/** Rows this VU created and still tracks (bounded; untracked rows are verified all the same). */
const MAX_TRACKED = 500;
/** Keys this VU deleted that an insert may re-create (bounded, newest kept). */
const MAX_DELETED = 100;
/** Share of inserts that re-create a deleted key when there is one. */
const REINSERT_SHARE = 0.2;
const STATUSES = ['active', 'suspended', 'closed'];
const ORDER_STATUSES = ['new', 'paid', 'shipped', 'cancelled'];

/** Where this VU may not iterate again (ramp-downs, the load's end): each write's history is sent at once. */
const SEND_AT_ONCE = flushEveryWriteWindows(
  loadStages(SCENARIO.load, PLAN.timeline, CONFIG.vus),
  PLAN.timeline.totalMs,
  3000,
);

let rand: (() => number) | null = null;
/** exec.vu.idInTest, read once: k6 builds the exec.vu object anew on every access. */
let vuId = 0;
let seq = 0;
const live: Live[] = [];
const deleted: Live[] = [];

function pick<T>(list: T[]): T {
  return list[Math.floor((rand as () => number)() * list.length)];
}

/** An insert's statement: a fresh key starts at version 1, a re-created one carries its own ($6). */
function insertSql(table: Table, version: number): string {
  const columns = table === 'customers' ? 'email, status, balance' : 'customer_id, amount, status';
  return `insert into ${table} (id, run_id, version, ${columns}) values ($1, $2, ${version === 1 ? '1' : '$6'}, $3, $4, $5) returning version`;
}

function statement(data: RunData, w: WriteRecord, table: Table): { sql: string; args: unknown[] } {
  const r = rand as () => number;
  if (w.op === 'insert') {
    const version = w.version ?? 1;
    const args =
      table === 'customers'
        ? [w.key, data.runId, `${w.key}@chaos.test`, 'active', Math.floor(r() * 10_000)]
        : [
            w.key,
            data.runId,
            liveCustomer() ?? (data.hotKeys.length > 0 ? pick(data.hotKeys) : 'none'),
            1 + Math.floor(r() * 100_000),
            'new',
          ];
    if (version !== 1) args.push(version);
    return { sql: insertSql(table, version), args };
  }
  if (w.op === 'delete')
    return { sql: `delete from ${table} where id = $1 and run_id = $2 returning version`, args: [w.key, data.runId] };
  if (table === 'customers') {
    return {
      sql: 'update customers set version = version + 1, status = $3, balance = balance + $4, updated_at = now() where id = $1 and run_id = $2 returning version',
      args: [w.key, data.runId, pick(STATUSES), Math.floor(r() * 200) - 100],
    };
  }
  return {
    sql: 'update orders set version = version + 1, status = $3, amount = amount + $4, updated_at = now() where id = $1 and run_id = $2 returning version',
    args: [w.key, data.runId, pick(ORDER_STATUSES), Math.floor(r() * 50)],
  };
}

/** A customer row this VU tracks, drawn at random (a few draws, not a filtered copy of the list per order). */
function liveCustomer(): string | undefined {
  for (let i = 0; i < 8 && live.length > 0; i++) {
    const l = pick(live);
    if (l.table === 'customers') return l.id;
  }
  return undefined;
}

function readBack(table: Table, key: string): number | null {
  const rows = pg().queryWithTimeout('10s', `select version from ${table} where id = $1`, key);
  return rows.length > 0 ? (rows[0].version as number) : null;
}

function remember(
  data: RunData,
  table: Table,
  w: WriteRecord,
  started: number,
  result: WriteResult,
  version: number | undefined,
  resolved: boolean,
): void {
  const done = Date.now();
  const now = done - data.epochMs;
  const ev: WriteEvent = { event: 'write', ms: started, done, vu: vuId, table, key: w.key, op: w.op, result };
  if (version !== undefined) ev.version = version;
  if (resolved) ev.resolved = resolved;
  let atOnce = false;
  for (const [a, b] of SEND_AT_ONCE) if (now >= a && now < b) atOnce = true;
  recordHistory(data.runId, ev, atOnce);
}

/**
 * Runs one write and records its outcome. `version`: the row's version after an insert or update, the deleted
 * row's for a delete; null when the statement returned no row or its outcome is not known to be ok.
 */
function write(data: RunData, table: Table, w: WriteRecord): { result: WriteResult; version: number | null } {
  const { sql, args } = statement(data, w, table);
  const started = Date.now();
  const tags = { table, op: w.op };
  try {
    const rows = pg().queryWithTimeout('10s', sql, ...args);
    writeDuration.add(Date.now() - started, tags);
    writes.add(1, tags);
    successRate.add(true, tags);
    const version = rows.length === 0 ? null : (rows[0].version as number);
    remember(data, table, w, started, 'ok', w.op === 'delete' ? undefined : (version ?? undefined), false);
    return { result: 'ok', version };
  } catch (e) {
    const outcome = classifyWriteError((e as Error).message);
    let result: WriteResult = outcome === 'failed' ? 'fail' : 'info';
    if (outcome === 'unknown') {
      writeUnknown.add(1, tags);
      try {
        result = resolveUnknown(w, readBack(table, w.key)) === 'ok' ? 'ok' : 'fail';
      } catch {
        // still unreadable: unknown in the history, counted against the error rate
      }
    }
    successRate.add(result === 'ok', tags);
    if (result === 'ok') writes.add(1, tags);
    remember(data, table, w, started, result, w.version, outcome === 'unknown' && result !== 'info');
    return { result, version: null };
  }
}

export function loadIteration(data: RunData): void {
  if (!rand) {
    vuId = exec.vu.idInTest;
    rand = prng(hashSeed(`${data.seed}:load:${vuId}`));
  }
  const load = SCENARIO.load;
  const op = weightedPick(rand, [
    load.mix.insert,
    live.length > 0 ? load.mix.update : 0,
    live.length > 0 ? load.mix.delete : 0,
  ]);
  if (op === 0) {
    let row: Live;
    if (deleted.length > 0 && rand() < REINSERT_SHARE) {
      const gone = deleted.splice(Math.floor(rand() * deleted.length), 1)[0];
      row = { table: gone.table, id: gone.id, version: gone.version + 1 };
    } else {
      const table: Table = rand() < 0.5 ? 'customers' : 'orders';
      // idInTest, not __VU: the instances of a split run number their VUs alike, k6 numbers them across the test.
      row = { table, id: `${data.runId}-${table === 'customers' ? 'c' : 'o'}-${vuId}-${++seq}`, version: 1 };
    }
    const { version } = write(data, row.table, { key: row.id, op: 'insert', version: row.version, outcome: 'unknown' });
    if (version !== null) {
      live.push({ table: row.table, id: row.id, version });
      if (live.length > MAX_TRACKED) live.shift();
    }
  } else if (op === 1) {
    // A share of updates hit the hot rows every VU updates, so per-key order gets exercised.
    if (data.hotKeys.length > 0 && rand() < 0.2) {
      write(data, 'customers', { key: pick(data.hotKeys), op: 'update', outcome: 'unknown' });
    } else {
      const row = pick(live);
      const { version } = write(data, row.table, {
        key: row.id,
        op: 'update',
        version: row.version + 1,
        outcome: 'unknown',
      });
      if (version !== null) row.version = version;
    }
  } else {
    const i = Math.floor(rand() * live.length);
    const row = live[i];
    const { result, version } = write(data, row.table, { key: row.id, op: 'delete', outcome: 'unknown' });
    live.splice(i, 1);
    // Only a key known to be gone is re-created (one that may still exist would be refused by its primary key).
    if (result === 'ok') {
      deleted.push({ table: row.table, id: row.id, version: version ?? row.version });
      if (deleted.length > MAX_DELETED) deleted.shift();
    }
  }
  if (load.thinkMs > 0) sleep(load.thinkMs / 1000);
}
