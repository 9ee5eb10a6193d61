// Hands the probe's and verification's records to handleSummary through a run-scoped PostgreSQL
// table: k6 VUs share no memory, but every k6 stage (VUs, teardown, handleSummary) may use
// k6/x/sql. Rows are keyed by run id; handleSummary reads and deletes them and drops the table
// once it is empty, so nothing outlives the run. The table is not in Debezium's publication.

import { pg } from '../clients.js';
import { EMPTY_RECORD, type ProbeRecord, type RunRecord, type VerifyRecord } from './run-record.js';

const TABLE = 'cdc_chaos_timeseries';

/** Upserts one VU's record of the run (later calls replace it: the probe saves a growing record). */
export function saveRecord(runId: string, kind: 'probe' | 'verify', body: ProbeRecord | VerifyRecord): void {
  const db = pg();
  db.execWithTimeout(
    '10s',
    `create table if not exists ${TABLE} (run_id text not null, kind text not null, body text not null, updated_at timestamptz not null default now(), primary key (run_id, kind))`,
  );
  db.execWithTimeout(
    '10s',
    `insert into ${TABLE} (run_id, kind, body) values ($1, $2, $3) on conflict (run_id, kind) do update set body = excluded.body, updated_at = now()`,
    runId,
    kind,
    JSON.stringify(body),
  );
}

/** Reads the run's records and removes them (plus any left over by runs older than a day). */
export function takeRecord(runId: string): RunRecord {
  const db = pg();
  const exists = db.queryWithTimeout('10s', 'select to_regclass($1)::text as t', `public.${TABLE}`);
  if (exists.length === 0 || exists[0].t === null) return EMPTY_RECORD;
  const out: RunRecord = { probe: null, verify: null };
  for (const row of db.queryWithTimeout('30s', `select kind, body from ${TABLE} where run_id = $1`, runId)) {
    const body = JSON.parse(String(row.body)) as unknown;
    if (row.kind === 'probe') out.probe = body as ProbeRecord;
    else if (row.kind === 'verify') out.verify = body as VerifyRecord;
  }
  db.execWithTimeout('10s', `delete from ${TABLE} where run_id = $1 or updated_at < now() - interval '1 day'`, runId);
  const left = db.queryWithTimeout('10s', `select count(*)::int as n from ${TABLE}`);
  if (left.length > 0 && left[0].n === 0) db.execWithTimeout('10s', `drop table if exists ${TABLE}`);
  return out;
}
