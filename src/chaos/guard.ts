// The guard: heals every fault whose lease lapsed in the stack's PostgreSQL (src/experiment/lease.ts) —
// its runner died without undoing it (a second Ctrl-C, SIGKILL, OOM, a deleted k6-operator pod) —
// through heal's own restoring-only primitives and allowlist (healFault: a lease row is data, anything
// that would inject is refused), and marks it healed. A fault is healed within lease + poll interval
// of its runner's last renewal. Runs as the stack's cdc-guard container, or `cdc-chaos guard`.
import pg from 'pg';
import type { Primitive } from '../experiment/primitives.js';
import { dueForHeal, HEALED_BY, LEASE_DDL, PRUNE_HEALED, type OpenLease } from '../experiment/lease.js';
import { redactSecrets } from '../experiment/redact.js';
import type { ActiveFault } from './active.js';
import type { ChaosEnv } from './env.js';
import { healFault, type FaultHeal } from './heal.js';
import { undoProblem } from './journal.js';

/** What one lapsed fault's heal came to in a pass. */
type HealOutcome = 'healed' | 'failed' | 'no-env';

export interface LapsedFault extends OpenLease {
  scenario: string;
  action: string;
  target: string;
  undo: unknown;
  recordedAt: string;
}

/** The fault as heal knows it (its undo checked as a journal's is: a row is data too). */
export function asActiveFault(r: LapsedFault): ActiveFault {
  return {
    runId: r.runId,
    scenario: r.scenario,
    fault: r.fault,
    action: r.action,
    target: r.target,
    since: r.recordedAt,
    undo: r.undo as Primitive[],
  };
}

/** heal's own healFault, unless the row's undo is malformed: then a failed step that says why. */
async function healLapsed(env: ChaosEnv, r: LapsedFault): Promise<FaultHeal> {
  const problem = undoProblem(r.fault, r.undo);
  if (problem) return { fault: asActiveFault(r), steps: [{ what: 'recorded undo', ok: false, detail: problem }] };
  return healFault(env, asActiveFault(r));
}

/** One line per heal: what was restored, or what failed. */
export function formatGuardHeal(r: LapsedFault, h: FaultHeal): string {
  const failed = h.steps.filter((s) => !s.ok);
  const what = `fault ${r.fault} of run ${r.runId} (${r.scenario}: ${r.action} ${r.target}; lease lapsed ${(r.overdueMs / 1000).toFixed(1)} s ago)`;
  return failed.length === 0
    ? `healed ${what}: ${h.steps.map((s) => s.detail).join('; ')}`
    : `could not heal ${what}, retrying: ${failed.map((s) => `${s.what}: ${s.detail}`).join('; ')}`;
}

const LAPSED = `select run_id, fault, scenario, action, target, undo, lease_ms, recorded_at::text as recorded_at,
  (extract(epoch from now() - lease_until) * 1000)::float8 as overdue_ms
  from cdc_chaos_faults where healed_at is null and lease_until < now() order by lease_until`;

/** How often the guard deletes fault records past their retention. */
const PRUNE_EVERY_MS = 3_600_000;

export interface GuardOptions {
  env: ChaosEnv;
  pgUrl: string;
  write: (line: string) => void;
}

/** The guard's connection to the lease store and what it remembers between passes. */
export class Guard {
  #client: pg.Client | undefined;
  /** When the store last became reachable; -Infinity at start (no grace: the runners had the store all along). */
  #reachableSince: number | undefined = -Infinity;
  /** Last failure said per fault (or for the store): a retry that fails the same way is not said again. */
  readonly #said = new Map<string, string>();
  #prunedAt = -Infinity;

  constructor(private readonly o: GuardOptions) {}

  /** Writes `line` unless the last one said for `key` had the same `gist` (default: the line itself). */
  #say(key: string, line: string, gist = line): void {
    if (this.#said.get(key) === gist) return;
    this.#said.set(key, gist);
    this.o.write(line);
  }

  async #store(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const c = new pg.Client({ connectionString: this.o.pgUrl, connectionTimeoutMillis: 3000, query_timeout: 10_000 });
    c.on('error', () => this.#drop()); // a server gone between passes: reconnect on the next one
    await c.connect();
    this.#client = c;
    // Best effort: a role without CREATE still reads tables the stack made.
    for (const ddl of LEASE_DDL) await c.query(ddl).catch(() => undefined);
    return c;
  }

  #drop(): void {
    const c = this.#client;
    this.#client = undefined;
    void c?.end().catch(() => undefined);
  }

  /** The lapsed leases, or undefined when the store does not answer (said once per outage). */
  async #lapsed(): Promise<LapsedFault[] | undefined> {
    let rows: Record<string, unknown>[];
    try {
      rows = (await (await this.#store()).query(LAPSED)).rows;
    } catch (e) {
      this.#drop();
      if (this.#reachableSince !== undefined) {
        this.#reachableSince = undefined;
        this.#said.delete('store');
      }
      this.#say(
        'store',
        `cannot read the leases in ${redactSecrets(this.o.pgUrl)} (${redactSecrets((e as Error).message)}): retrying (set PG_URL)`,
      );
      return undefined;
    }
    if (this.#reachableSince === undefined) {
      this.#reachableSince = Date.now();
      this.#said.delete('store');
      this.o.write(
        'lease store reachable again: a lease that lapsed meanwhile gets one lease length for its runner to renew it',
      );
    }
    return rows.map((r) => ({
      runId: String(r.run_id),
      fault: String(r.fault),
      scenario: String(r.scenario),
      action: String(r.action),
      target: String(r.target),
      undo: r.undo,
      leaseMs: Number(r.lease_ms),
      overdueMs: Number(r.overdue_ms),
      recordedAt: String(r.recorded_at),
    }));
  }

  /** One pass: heals every lapsed lease; `read` = the leases could be read, `ok` = and everything due was healed. */
  async pass(): Promise<{ read: boolean; ok: boolean; healed: number }> {
    const lapsed = await this.#lapsed();
    if (!lapsed) return { read: false, ok: false, healed: 0 };
    await this.#prune();
    // Faults on different targets heal side by side, so a pass lasts its slowest undo, not the sum of them (five
    // faults of a dead runner took 0.8 s more than the first one on a busy machine); one target's stay in order.
    const byTarget = new Map<string, LapsedFault[]>();
    for (const r of dueForHeal(lapsed, Date.now() - (this.#reachableSince ?? Date.now())))
      byTarget.set(r.target, (byTarget.get(r.target) ?? []).concat(r));
    const outcomes = await Promise.all(
      [...byTarget.values()].map(async (rs) => {
        const out: HealOutcome[] = [];
        for (const r of rs) {
          out.push(await this.#healOne(r));
          if (out[out.length - 1] === 'no-env') break;
        }
        return out;
      }),
    );
    const all = outcomes.flat();
    return { read: true, ok: all.every((o) => o === 'healed'), healed: all.filter((o) => o === 'healed').length };
  }

  /** Deletes healed records past their retention, hourly; a failure is said once and retried the next hour. */
  async #prune(): Promise<void> {
    if (Date.now() - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = Date.now();
    try {
      await (await this.#store()).query(PRUNE_HEALED);
      this.#said.delete('prune');
    } catch (e) {
      this.#say('prune', `could not delete old healed fault records: ${redactSecrets((e as Error).message)}`);
    }
  }

  async #healOne(r: LapsedFault): Promise<HealOutcome> {
    const key = `${r.runId}\u0000${r.fault}`;
    let h: FaultHeal;
    try {
      h = await healLapsed(this.o.env, r);
    } catch (e) {
      // No Docker engine or no Toxiproxy (ChaosEnvError names the setting): nothing else will work either.
      this.#say('env', `cannot heal now: ${(e as Error).message}`);
      return 'no-env';
    }
    this.#said.delete('env');
    const line = formatGuardHeal(r, h);
    if (h.steps.some((s) => !s.ok)) {
      // Open and unrenewed: retried on the next pass (the fault may still be in place); said again when the failure changes.
      this.#say(key, line, JSON.stringify(h.steps));
      return 'failed';
    }
    try {
      await (
        await this.#store()
      ).query(
        'update cdc_chaos_faults set healed_at = now(), healed_by = $3 where run_id = $1 and fault = $2 and healed_at is null',
        [r.runId, r.fault, HEALED_BY.guard],
      );
    } catch (e) {
      // Restored but not marked: the next pass re-runs the idempotent undo and tries again.
      this.#drop();
      this.o.write(`${line} (not marked healed: ${redactSecrets((e as Error).message)})`);
      return 'failed';
    }
    this.#said.delete(key);
    this.o.write(line);
    return 'healed';
  }

  close(): void {
    this.#drop();
  }
}
