// The bundle's side of the lease (src/experiment/lease.ts): over k6/x/sql only, so it works the same
// under k6, k6-operator and cdc-chaos run. Per VU: the chaos VU records a fault's lease before applying
// it and renews the leases of its active faults; every long-lived VU (chaos, probes, verification)
// renews the run's lock. Renewals are throttled to every third of the lease: callers may tick often.
import { HEALED_BY, LEASE_DDL, renewEveryMs, type LockHolder } from '../experiment/lease.js';
import { pg } from './clients.js';
import { CONFIG, PLAN, SCENARIO } from './config.js';
import { journal } from './journal.js';

const Q = '5s';

/**
 * Only a run that fires faults takes the stack's lock: a fault-free one (chaos-resilience: load and
 * verification while an operator injects from outside with `cdc-chaos inject`) must run alongside it.
 */
export const TAKES_LOCK = PLAN.faults.length > 0;
/** lease_until from the lease length in query parameter `n`, in the database's clock. */
const until = (n: number) => `now() + $${n}::int * interval '1 millisecond'`;

/** Creates the lease tables if absent (a stack made before them, or one that is not ours). */
export function ensureLeaseTables(): void {
  for (const ddl of LEASE_DDL) {
    try {
      pg().execWithTimeout('30s', ddl);
    } catch {
      // Two runs creating the tables at once: one loses the catalog race, and the tables exist.
      pg().execWithTimeout('30s', ddl);
    }
  }
}

/** Takes the stack's experiment lock; returns the run holding it instead when another one does. */
export function takeLock(runId: string): LockHolder | undefined {
  // Bounded: a holder that ends between the two statements is retried, a lock changing hands forever is not.
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = pg().queryWithTimeout(
      Q,
      `insert into cdc_chaos_lock as l (run_id, scenario, lease_ms, lease_until) values ($1, $2, $3::int, ${until(3)})
       on conflict (stack) do update set run_id = excluded.run_id, scenario = excluded.scenario, lease_ms = excluded.lease_ms,
         lease_until = excluded.lease_until, taken_at = now()
       where l.lease_until < now() returning run_id`,
      runId,
      SCENARIO.id,
      CONFIG.leaseMs,
    );
    if (got.length > 0) return undefined;
    const h = pg().queryWithTimeout(
      Q,
      'select run_id, scenario, (extract(epoch from lease_until - now()) * 1000)::float8 as left_ms from cdc_chaos_lock where stack = current_database()',
    )[0];
    if (h) return { runId: String(h.run_id), scenario: String(h.scenario), leftMs: Number(h.left_ms) };
  }
  throw new Error('the experiment lock changed hands three times while this run tried to take it');
}

/** Frees the lock (teardown, or a setup that failed after taking it); only this run's. */
export function releaseLock(runId: string): void {
  try {
    pg().execWithTimeout(Q, 'delete from cdc_chaos_lock where stack = current_database() and run_id = $1', runId);
  } catch (e) {
    console.error(
      `cdc-chaos: could not release the experiment lock of run ${runId} (it lapses on its own in ${CONFIG.leaseMs / 1000} s): ${(e as Error).message}`,
    );
  }
}

/** Records a fault's lease BEFORE it is applied; throws when it cannot (then the fault is not applied). */
export function recordFault(runId: string, f: { fault: string; action: string; target: string; undo: unknown }): void {
  pg().execWithTimeout(
    Q,
    `insert into cdc_chaos_faults (run_id, fault, scenario, action, target, undo, lease_ms, lease_until)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::int, ${until(7)})
     on conflict (run_id, fault) do update set undo = excluded.undo, lease_ms = excluded.lease_ms, lease_until = excluded.lease_until,
       healed_at = null, healed_by = null`,
    runId,
    f.fault,
    SCENARIO.id,
    f.action,
    f.target,
    JSON.stringify(f.undo),
    CONFIG.leaseMs,
  );
}

/** Marks faults healed (one, or every open one of the run); a failure only leaves the guard an idempotent undo to run. */
export function markHealed(runId: string, by: (typeof HEALED_BY)[keyof typeof HEALED_BY], fault?: string): void {
  try {
    pg().execWithTimeout(
      Q,
      `update cdc_chaos_faults set healed_at = now(), healed_by = $2 where run_id = $1 and healed_at is null${fault === undefined ? '' : ' and fault = $3'}`,
      ...(fault === undefined ? [runId, by] : [runId, by, fault]),
    );
  } catch (e) {
    console.error(
      `cdc-chaos: could not mark ${fault ?? 'the faults'} of run ${runId} healed (the guard will re-run the undo, harmlessly): ${(e as Error).message}`,
    );
  }
}

let lastRenewMs = 0;
let lockLost = false;
const lostFaults = new Set<string>();

/**
 * Renews the run's lock and the leases of `faults` (the chaos VU's active ones), at most every
 * third of the lease. Says once when the lock or a fault's lease was lost: the runner did not renew
 * in time (a step longer than the lease, the store unreachable) and the guard may have healed it.
 */
export function renewLeases(runId: string, faults: string[] = [], force = false): void {
  if (!TAKES_LOCK) return; // no lock, no faults: nothing to renew
  const now = Date.now();
  if (!force && now - lastRenewMs < renewEveryMs(CONFIG.leaseMs)) return;
  lastRenewMs = now;
  let row: { lock?: unknown; faults?: unknown };
  try {
    row =
      pg().queryWithTimeout(
        Q,
        `with l as (update cdc_chaos_lock set lease_until = ${until(2)} where stack = current_database() and run_id = $1 returning 1),
       f as (update cdc_chaos_faults set lease_until = ${until(2)} where run_id = $1 and healed_at is null
             and fault in (select jsonb_array_elements_text($3::jsonb)) returning fault)
       select (select count(*) from l)::int as lock, (select coalesce(json_agg(fault), '[]') from f)::text as faults`,
        runId,
        CONFIG.leaseMs,
        JSON.stringify(faults),
      )[0] ?? {};
  } catch (e) {
    console.warn(`cdc-chaos: could not renew the leases of run ${runId} (retrying): ${(e as Error).message}`);
    return;
  }
  if (Number(row.lock) === 0 && !lockLost) {
    lockLost = true;
    console.error(
      `cdc-chaos: run ${runId} lost the stack's experiment lock (its lease lapsed before a renewal): another experiment may start on this stack`,
    );
    journal(runId, 'lock_lost', {});
  }
  const renewed = JSON.parse(String(row.faults ?? '[]')) as string[];
  for (const f of faults) {
    if (renewed.indexOf(f) >= 0 || lostFaults.has(f)) continue;
    lostFaults.add(f);
    console.error(
      `cdc-chaos: the lease of fault ${f} lapsed before a renewal and the guard healed it: the fault ended early`,
    );
    journal(runId, 'fault_lease_lost', { fault: f });
  }
}
