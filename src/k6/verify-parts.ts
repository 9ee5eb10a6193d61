// Where the verification's readers meet (src/k6/verify.ts): a run-scoped PostgreSQL table, one row per reader — its
// heartbeat while it reads, then its part of the verdict (src/experiment/verdict-parts.ts) as JSON. The first
// reader waits for the other parts and merges them; the verifier's teardown deletes the run's rows. Not in
// Debezium's publication.

import { sleep } from 'k6';
import type { VerifyPart } from '../experiment/verdict-parts.js';
import { pg } from './clients.js';
import { CONFIG } from './config.js';
import type { Instance } from '../experiment/instance.js';

const TABLE = 'cdc_chaos_verify_parts';
const BEAT_EVERY_MS = 5_000;
/** A reader whose heartbeat is this old without a part is gone (its longest single call: a 120 s PG page). */
const STALE_MS = 180_000;
/** Readers start together; one without a row by then never started. */
const START_MS = 60_000;

let mine: { runId: string; reader: number; beatMs: number } | null = null;

/**
 * setup(): creates the table, and says how many VUs read the verification: CHAOS_VERIFY_READERS, or one when
 * readers could not split the keys — a split run (its verification VUs land on several instances) or a database
 * whose rows do not take their shard from their key (schema.sql's trigger; without it a re-inserted key or a
 * history key on neither side could fall between two readers).
 */
export function planVerifyReaders(instance: Instance): number {
  pg().execWithTimeout(
    '10s',
    `create table if not exists ${TABLE} (run_id text not null, reader integer not null, beat_at timestamptz not null default now(), part text, primary key (run_id, reader))`,
  );
  if (CONFIG.verifyReaders === 1 || instance.count > 1) return 1;
  const rows = pg().queryWithTimeout(
    '10s',
    `select count(*)::int as n from pg_trigger where tgname = 'cdc_chaos_shard' and not tgisinternal and tgrelid in ('customers'::regclass, 'orders'::regclass)`,
  );
  if (Number(rows[0]?.n) === 2) return CONFIG.verifyReaders;
  console.warn(
    `cdc-chaos: CHAOS_VERIFY_READERS=${CONFIG.verifyReaders} ignored, one VU verifies: tables customers and orders lack the cdc_chaos_shard trigger that sets a row's shard from its key (src/stack/schema.sql; 'cdc-chaos stack up' applies it)`,
  );
  return 1;
}

/** This VU reads as `reader` from now on: its row is its heartbeat. */
export function startPart(runId: string, reader: number): void {
  mine = { runId, reader, beatMs: Date.now() };
  pg().execWithTimeout(
    '10s',
    `insert into ${TABLE} (run_id, reader) values ($1, $2) on conflict (run_id, reader) do update set beat_at = now(), part = null`,
    runId,
    reader,
  );
}

/** Tells the first reader this one is still at work (throttled; called where the verification renews its leases). */
export function beatPart(): void {
  if (!mine || Date.now() - mine.beatMs < BEAT_EVERY_MS) return;
  mine.beatMs = Date.now();
  pg().execWithTimeout(
    '10s',
    `update ${TABLE} set beat_at = now() where run_id = $1 and reader = $2`,
    mine.runId,
    mine.reader,
  );
}

/** A reader's part, or what stopped it. */
export type StoredPart = VerifyPart | { reader: number; shards: number[]; error: string };

export function storePart(runId: string, part: StoredPart): void {
  pg().execWithTimeout(
    '30s',
    `update ${TABLE} set part = $3, beat_at = now() where run_id = $1 and reader = $2`,
    runId,
    part.reader,
    JSON.stringify(part),
  );
  mine = null;
}

/** The first reader: waits until every reader has stored its part (or its error), or one is gone; `missing` = readers
 *  without a part, `errors` what stopped those that said. */
export function collectParts(
  runId: string,
  readers: number,
  renew: () => void,
): { parts: VerifyPart[]; missing: number; errors: string[] } {
  const started = Date.now();
  for (;;) {
    renew();
    const rows = pg().queryWithTimeout(
      '30s',
      `select reader, part, (extract(epoch from now() - beat_at) * 1000)::float8 as age_ms from ${TABLE} where run_id = $1`,
      runId,
    );
    const stored = rows.filter((r) => r.part !== null).map((r) => JSON.parse(String(r.part)) as StoredPart);
    const gone =
      rows.some((r) => r.part === null && Number(r.age_ms) > STALE_MS) ||
      (rows.length < readers && Date.now() - started > START_MS);
    if (stored.length >= readers || gone) {
      const parts = stored.filter((p): p is VerifyPart => !('error' in p));
      const errors = stored.flatMap((p) => ('error' in p ? [`reader ${p.reader}: ${p.error}`] : []));
      return { parts, missing: readers - parts.length, errors };
    }
    sleep(0.2);
  }
}

/** The verifier's teardown (and the first reader once merged): the run's rows, and any a crashed run left a day ago. */
export function forgetParts(runId: string): void {
  pg().execWithTimeout('10s', `delete from ${TABLE} where run_id = $1 or beat_at < now() - interval '1 day'`, runId);
}
