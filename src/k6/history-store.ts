// The run's history (src/experiment/history.ts), kept where every k6 stage can reach it: a run-scoped
// PostgreSQL table. Each VU buffers its events and hands
// them over as one row of JSON lines per batch, so the load's many writes cost one insert per VU every
// few seconds, not one per write. handleSummary takes the rows back, deletes them and drops the table once
// it is empty. Not in Debezium's publication. CHAOS_ONLY and dry runs keep no history (no summary reads it).

import type { HistoryEvent } from '../experiment/history.js';
import { pg } from './clients.js';
import { CONFIG } from './config.js';

const TABLE = 'cdc_chaos_history';
/** A batch goes out once it is this old or this big (a load VU near the end or in a ramp-down sends every write at once, so the age only bounds what a crashed runner loses). */
const FLUSH_AGE_MS = 5000;
const FLUSH_SIZE = 500;

const ENABLED = !CONFIG.chaosOnly && !CONFIG.dryRun;

let buffer: string[] = [];
/** This VU's own events, when it judges them itself (keepHistory). */
let kept: HistoryEvent[] | null = null;
let bufferRun = '';
let oldestMs = 0;

/** setup(): creates the table before any VU writes to it (VUs creating it at once could collide in the catalog). */
export function openHistory(): void {
  if (ENABLED)
    pg().execWithTimeout(
      '10s',
      `create table if not exists ${TABLE} (id bigserial primary key, run_id text not null, lines text not null, at timestamptz not null default now())`,
    );
}

/** Sends what this VU has buffered (a failed send is reported once and dropped: the run goes on). */
export function flushHistory(): void {
  if (buffer.length === 0) return;
  const lines = buffer.join('\n');
  const runId = bufferRun;
  buffer = [];
  try {
    pg().execWithTimeout('10s', `insert into ${TABLE} (run_id, lines) values ($1, $2)`, runId, lines);
  } catch (e) {
    console.error(
      `cdc-chaos: could not store ${lines.split('\n').length} history event(s) of run ${runId}: ${(e as Error).message}`,
    );
  }
}

/** From now on this VU keeps a copy of every event it records (the probe judges what it observed from them). */
export function keepHistory(): void {
  kept = kept ?? [];
}

/** The events this VU recorded since keepHistory(). */
export function keptHistory(): HistoryEvent[] {
  return kept ?? [];
}

/** Appends an event; `now` sends the batch at once (rare events that must survive the runner, a VU about to stop). */
export function recordHistory(runId: string, ev: HistoryEvent, now = false): void {
  kept?.push(ev);
  if (!ENABLED) return;
  if (buffer.length > 0 && bufferRun !== runId) flushHistory();
  if (buffer.length === 0) oldestMs = Date.now();
  bufferRun = runId;
  buffer.push(JSON.stringify(ev));
  if (now || buffer.length >= FLUSH_SIZE || Date.now() - oldestMs >= FLUSH_AGE_MS) flushHistory();
}

function parse(rows: Record<string, unknown>[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const r of rows) for (const line of String(r.lines).split('\n')) out.push(JSON.parse(line) as HistoryEvent);
  // Batches interleave across VUs: the history is in wall-clock order (stable, so a VU's own order stays).
  return out.sort((a, b) => a.ms - b.ms);
}

function exists(): boolean {
  const rows = pg().queryWithTimeout('10s', 'select to_regclass($1)::text as t', `public.${TABLE}`);
  return rows.length > 0 && rows[0].t !== null;
}

/** The run's history so far. */
export function readHistory(runId: string): HistoryEvent[] {
  flushHistory();
  if (!exists()) return [];
  return parse(pg().queryWithTimeout('60s', `select lines from ${TABLE} where run_id = $1 order by id`, runId));
}

/** The run's events of the given (journaled) kinds only: a cheap read of a few events while the run goes on. */
export function readEvents(runId: string, names: string[]): HistoryEvent[] {
  flushHistory();
  if (!exists()) return [];
  const rows = pg().queryWithTimeout(
    '30s',
    `select lines from ${TABLE} where run_id = $1 and lines similar to $2 order by id`,
    runId,
    `%"event":"(${names.join('|')})"%`,
  );
  return parse(rows).filter((e) => names.indexOf(e.event) >= 0);
}

/** The run's whole history, removed from the table (with any left over by runs older than a day). */
export function takeHistory(runId: string): HistoryEvent[] {
  const out = readHistory(runId);
  if (!exists()) return out;
  const db = pg();
  db.execWithTimeout('10s', `delete from ${TABLE} where run_id = $1 or at < now() - interval '1 day'`, runId);
  const left = db.queryWithTimeout('10s', `select count(*)::int as n from ${TABLE}`);
  if (left.length > 0 && left[0].n === 0) db.execWithTimeout('10s', `drop table if exists ${TABLE}`);
  return out;
}
