// A customers row the harness writes itself (setup's hot rows, a fault's witness rows, verification's sentinel),
// recorded in the run's history as a write of VU 0, so the verdict judges it like any load write.
import { pg } from './clients.js';
import { recordHistory } from './history-store.js';

function record(runId: string, key: string, op: 'insert' | 'update' | 'delete', ms: number, version?: number): void {
  recordHistory(runId, {
    event: 'write',
    ms,
    done: Date.now(),
    vu: 0,
    table: 'customers',
    key,
    op,
    result: 'ok',
    ...(version !== undefined ? { version } : {}),
  });
}

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
  record(runId, key, 'insert', ms, version);
  return rows[0].shard as number;
}

/** Updates (version + 1) or deletes the row; false when there was no such row. */
export function changeHarnessRow(runId: string, key: string, op: 'update' | 'delete'): boolean {
  const ms = Date.now();
  const rows = pg().queryWithTimeout(
    '10s',
    op === 'update'
      ? 'update customers set version = version + 1, updated_at = now() where id = $1 and run_id = $2 returning version'
      : 'delete from customers where id = $1 and run_id = $2 returning version',
    key,
    runId,
  );
  if (rows.length === 0) return false;
  record(runId, key, op, ms, op === 'update' ? (rows[0].version as number) : undefined);
  return true;
}
