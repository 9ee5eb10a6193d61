// The instances of one split run (`k6 run --execution-segment i/N …`, a k6-operator TestRun with parallelism N) meet
// in a run-scoped PostgreSQL table: each records its start in setup and waits there for all the others (a start
// barrier, as k6-operator's starter gives), records the end of its load in teardown, and the verifying instance waits
// for every other one's end before it reads the run (src/experiment/instance.ts: which
// instance verifies). Rows are the run's; the verifier's teardown deletes them. Not in Debezium's publication.

import exec from 'k6/execution';
import { sleep } from 'k6';
import { instanceOf, type Instance } from '../experiment/instance.js';
import { pg } from './clients.js';

const TABLE = 'cdc_chaos_instances';
/** The other instances' loads end with the verifier's timeline, offset by how much their setups differed. */
const WAIT_MS = 120_000;

/** This instance's share of the run (setup and later: k6 gives no test options in init code). */
export function thisInstance(): Instance {
  const o = exec.test.options as unknown as Record<string, unknown>;
  return instanceOf(o.executionSegment, o.executionSegmentSequence);
}

/** setup(): this instance has started (every instance creates the table: one may lose the catalog race, then it exists). */
export function registerInstance(runId: string, me: Instance): void {
  const ddl = `create table if not exists ${TABLE} (run_id text not null, segment text not null, started_at timestamptz not null default now(), done_at timestamptz, primary key (run_id, segment))`;
  try {
    pg().execWithTimeout('10s', ddl);
  } catch {
    pg().execWithTimeout('10s', ddl);
  }
  pg().execWithTimeout(
    '10s',
    `insert into ${TABLE} (run_id, segment) values ($1, $2) on conflict (run_id, segment) do update set started_at = now(), done_at = null`,
    runId,
    me.segment,
  );
}

/** Polls the count of instance rows matching `where` (over `args`) until it reaches `want` or WAIT_MS pass, renewing
 *  the leases meanwhile; returns the last count. */
function awaitCount(where: string, args: string[], want: number, renew: () => void): number {
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < WAIT_MS) {
    renew();
    const rows = pg().queryWithTimeout('10s', `select count(*)::int as n from ${TABLE} where ${where}`, ...args);
    n = Number(rows[0]?.n ?? 0);
    if (n >= want) return n;
    sleep(0.5);
  }
  return n;
}

/** setup(), after registerInstance: waits until every instance of the run has registered, so none is still in its
 *  preflight when the verifier's first fault lands (a CI run started three instances together and the last one's
 *  preflight met the verifier's MongoDB kill). Throws, naming how many came, when they do not all come in time. */
export function awaitAllInstances(runId: string, me: Instance, renew: () => void): void {
  if (me.count === 1) return;
  const here = awaitCount('run_id = $1 and done_at is null', [runId], me.count, renew);
  if (here < me.count)
    throw new Error(
      `only ${here} of the ${me.count} instances of split run ${runId} started within ${WAIT_MS / 1000} s: start every instance (the same CHAOS_RUN_ID, one execution segment each) at the same time. No fault was injected.`,
    );
}

/** teardown() of an instance that only loads: its load is over, every write of it is in the history. */
export function markInstanceDone(runId: string, me: Instance): void {
  pg().execWithTimeout(
    '10s',
    `update ${TABLE} set done_at = now() where run_id = $1 and segment = $2`,
    runId,
    me.segment,
  );
}

/** Waits until every other instance's load is over; returns how many did not say so in time. */
export function awaitOtherInstances(runId: string, me: Instance, renew: () => void): number {
  if (me.count === 1) return 0;
  return (
    me.count -
    1 -
    awaitCount('run_id = $1 and segment <> $2 and done_at is not null', [runId, me.segment], me.count - 1, renew)
  );
}

/** The verifier's teardown: the run's instance rows go with its other rows. */
export function forgetInstances(runId: string): void {
  pg().execWithTimeout('10s', `delete from ${TABLE} where run_id = $1`, runId);
}
