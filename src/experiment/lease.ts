// Faults on a lease, and one experiment at a time per stack: the rows a bundle writes to the stack's
// PostgreSQL BEFORE it applies a fault (with the fault's undo), renews while the fault is meant to
// last and marks healed when it undid it; `cdc-chaos guard` heals every fault whose lease lapsed
// (its runner died: double Ctrl-C, SIGKILL, OOM, a deleted pod). The lock row keeps a second
// experiment off the stack while one runs. Shared by the bundle (src/k6/lease.ts, over k6/x/sql)
// and the guard (src/chaos/guard.ts, over node-postgres): the DDL, the lease knob and the words.
import { formatDuration, parseDurationSetting } from './duration.js';

export const DEFAULT_LEASE_MS = 10_000;
/** Below this a renewal (every third of the lease, between ≤ 1 s sleeps and fault steps) could miss it. */
export const MIN_LEASE_MS = 5_000;

/** CHAOS_LEASE: how long a fault (and the lock) outlives its runner's last renewal. */
export function parseLease(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_LEASE_MS;
  const atLeast = `at least ${formatDuration(MIN_LEASE_MS)}: renewals come every third of it, between fault steps`;
  const ms = parseDurationSetting('CHAOS_LEASE', text, atLeast);
  if (ms < MIN_LEASE_MS)
    throw new Error(`CHAOS_LEASE=${JSON.stringify(text)} is too short; expected a duration of ${atLeast}`);
  return ms;
}

/** Renewal period: three renewals per lease, so one slow step does not let it lapse. */
export const renewEveryMs = (leaseMs: number): number => Math.floor(leaseMs / 3);

/**
 * Idempotent DDL, one statement each (run by the bundle's setup, the guard, and src/stack/schema.sql).
 * Times are the database's own (now()), so the runner's and the guard's clocks never meet.
 */
export const LEASE_DDL = [
  `create table if not exists cdc_chaos_faults (
  run_id text not null, fault text not null, scenario text not null, action text not null, target text not null,
  undo jsonb not null, lease_ms integer not null, lease_until timestamptz not null,
  recorded_at timestamptz not null default now(), healed_at timestamptz, healed_by text,
  primary key (run_id, fault))`,
  'create index if not exists cdc_chaos_faults_open on cdc_chaos_faults (lease_until) where healed_at is null',
  `create table if not exists cdc_chaos_lock (
  stack text primary key default current_database(), run_id text not null, scenario text not null,
  lease_ms integer not null, lease_until timestamptz not null, taken_at timestamptz not null default now())`,
];

/** A healed fault's record (what was done, who undid it) is kept this long for whoever looks into a run, then
 *  deleted by the guard, so the table does not grow with every run for ever. */
export const HEALED_RETENTION_DAYS = 7;
export const PRUNE_HEALED = `delete from cdc_chaos_faults where healed_at < now() - interval '${HEALED_RETENTION_DAYS} days'`;

export const HEALED_BY = {
  fault_end: 'runner: fault_end',
  undo_all: 'runner: teardown undo-all',
  guard: 'cdc-chaos guard',
} as const;

export interface LockHolder {
  runId: string;
  scenario: string;
  /** ms until its lease lapses if nobody renews it. */
  leftMs: number;
}

/** The one line a second experiment on the stack is refused with. */
export function lockRefusal(h: LockHolder): string {
  return (
    `preflight failed, no fault was injected: experiment ${h.scenario} (run ${h.runId}) is running on this stack; ` +
    `one experiment at a time: wait for it to end (a run that died frees the stack when its lease lapses, in ${formatDuration(Math.max(0, Math.ceil(h.leftMs / 1000) * 1000))} at most)`
  );
}

export interface OpenLease {
  runId: string;
  fault: string;
  leaseMs: number;
  /** now − lease_until, ms, in the database's clock: > 0 = lapsed. */
  overdueMs: number;
}

/**
 * Which open (unhealed) leases the guard heals now: the lapsed ones — unless the store was out of
 * reach lately. While the store is down no runner can renew, so a lease that lapsed then says
 * nothing about its runner: after the guard reaches the store again, each row gets its own lease
 * length for its runner to renew it before it counts as lapsed.
 */
export function dueForHeal<T extends OpenLease>(rows: T[], storeReachableForMs: number): T[] {
  return rows.filter((r) => r.overdueMs > 0 && storeReachableForMs >= r.leaseMs);
}
