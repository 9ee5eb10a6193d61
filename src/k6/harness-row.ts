// A customers row the harness writes itself (setup's hot rows, verification's sentinel): one insert, recorded in the
// run's history as a write of VU 0, so the verdict judges it like any load write.
import { pg } from './clients.js';
import { recordHistory } from './history-store.js';

/** Inserts the row and returns its shard; `ifAbsent`: an existing row is left as it is and null returned. */
export function insertHarnessRow(
  runId: string,
  key: string,
  version: number,
  status: string,
  ifAbsent = false,
): number | null {
  const ms = Date.now();
  const rows = pg().queryWithTimeout(
    '10s',
    `insert into customers (id, run_id, version, email, status, balance) values ($1, $2, $3, $4, $5, 0)${ifAbsent ? ' on conflict (id) do nothing' : ''} returning shard`,
    key,
    runId,
    version,
    `${key}@chaos.test`,
    status,
  );
  if (rows.length === 0) return null;
  recordHistory(runId, {
    event: 'write',
    ms,
    done: Date.now(),
    vu: 0,
    table: 'customers',
    key,
    op: 'insert',
    result: 'ok',
    version,
  });
  return rows[0].shard as number;
}
