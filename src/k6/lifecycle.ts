// setup(): preflight (the stack's experiment lock, every service the plan needs answers, every target exists) BEFORE any fault, the
// steady-state wait (the consumer caught up with what earlier runs left), then the run's identity (run id, seed, timeline epoch) and its hot rows. teardown(): undo of
// every fault the plan can cause, idempotent and whether or not one is active, its leases marked healed and the lock
// released, then the run's rows are deleted (CHAOS_KEEP_DATA=1 keeps them). Dry run: print the resolved timeline, touch nothing.
// A split run (execution segments, src/k6/instances.ts): every instance runs setup and shares the run id and the lock;
// only the verifying instance undoes faults, frees the lock and deletes the rows, once every other instance's load is over.

import exec from 'k6/execution';
import http from 'k6/http';
import containers from 'k6/x/docker/containers';
import { targetRefusal } from '../experiment/allowlist.js';
import { undoAll } from '../experiment/fault-plan.js';
import { faultProcess } from '../experiment/faults/index.js';
import { HEALED_BY, lockRefusal, type LockHolder } from '../experiment/lease.js';
import { describePrimitive } from '../experiment/primitives.js';
import { instanceLabel, type Instance } from '../experiment/instance.js';
import { hashSeed, parseSeed, prng } from '../experiment/random.js';
import { rulesJudgedOutsideK6 } from '../experiment/thresholds.js';
import { redactSecrets } from '../experiment/redact.js';
import { timelineLines } from '../experiment/timeline-text.js';
import { TABLES, pg } from './clients.js';
import { CONFIG, PLAN, SCENARIO, type RunData } from './config.js';
import { endpointProblems } from './endpoints.js';
import { applyPrimitive } from './faults.js';
import { openHistory, readEvents } from './history-store.js';
import { insertHarnessRow } from './harness-row.js';
import {
  awaitAllInstances,
  awaitOtherInstances,
  forgetInstances,
  markInstanceDone,
  registerInstance,
  thisInstance,
} from './instances.js';
import { forgetParts, planVerifyReaders } from './verify-parts.js';
import { journal } from './journal.js';
import { verdictIncomplete } from './metrics.js';
import { chaosMeshProblems } from './kubernetes.js';
import { ensureLeaseTables, markHealed, releaseLock, renewLeases, TAKES_LOCK, takeLock } from './lease.js';
import { waitForSteadyState } from './steady-state.js';
import { askTarget, haveCommands } from './target-probe.js';

export function resolvedTimeline(seed: number | null): string[] {
  return [
    `cdc-chaos: scenario ${SCENARIO.id} ("${SCENARIO.name}") time scale ${CONFIG.scale}, seed ${seed === null ? '(drawn at setup)' : seed}, delivery ${CONFIG.delivery}, load ${CONFIG.vus} VUs`,
    ...timelineLines(PLAN, CONFIG.quiescenceTimeoutMs),
  ];
}

/** Checks everything the plan needs; a run that fires faults takes the stack's experiment lock first (and frees it again if a check fails). */
function preflight(runId: string, me: Instance): void {
  const problems: string[] = [];
  let locked = false;
  try {
    pg().queryWithTimeout('10s', 'select 1 as ok');
  } catch (e) {
    problems.push(`PostgreSQL (${redactSecrets(CONFIG.pgUrl)}): ${redactSecrets((e as Error).message)} (set PG_URL)`);
  }
  // Another experiment on the stack: one line naming it, before anything else is looked at (its faults would fail the checks below).
  if (problems.length === 0 && TAKES_LOCK) {
    let holder: LockHolder | undefined;
    try {
      ensureLeaseTables();
      holder = takeLock(runId);
      locked = holder === undefined;
    } catch (e) {
      problems.push(
        `PostgreSQL (${redactSecrets(CONFIG.pgUrl)}): cannot keep fault leases (${redactSecrets((e as Error).message)}): the role needs CREATE in the database for tables cdc_chaos_faults and cdc_chaos_lock (src/stack/schema.sql creates them) and write access to them`,
      );
    }
    // The instances of one split run share its lock: whichever comes first takes it.
    if (holder && holder.runId !== runId) throw new Error(lockRefusal(holder));
  }
  if (!CONFIG.chaosOnly) problems.push(...endpointProblems());
  if (CONFIG.backend === 'kubernetes') problems.push(...chaosMeshProblems(PLAN));
  const targets = new Set<string>();
  const proxies = new Set<string>();
  for (const f of PLAN.faults) {
    for (const op of f.inject) {
      if (op.kind === 'container' || op.kind === 'exec') targets.add(op.container);
      if (op.kind === 'toxic_add' || op.kind === 'proxy_enabled') proxies.add(op.proxy);
    }
  }
  // Blast radius: every target must be allowlisted (label or CHAOS_ALLOW), checked before ANY fault.
  targets.forEach((name) => {
    try {
      const info = containers.inspect(name);
      const refusal = targetRefusal(name, info.name, info.config.labels, CONFIG.allow);
      if (refusal) problems.push(refusal);
    } catch (e) {
      problems.push(`container ${name}: ${(e as Error).message}`);
    }
  });
  // xk6-docker's exec reports nothing: prove the tools an exec fault (and its undo) needs are in its target.
  const tools = new Map<string, { container: string; needs: string[]; what: string }>();
  for (const f of PLAN.faults) {
    for (const op of f.inject) {
      const proc = op.kind === 'exec' && op.process ? faultProcess(op.process) : undefined;
      if (op.kind === 'exec' && proc) {
        tools.set(`${op.container} ${op.process}`, { container: op.container, needs: proc.needs, what: proc.what });
      }
    }
  }
  tools.forEach((t) => {
    if (problems.some((p) => p.indexOf(t.container) >= 0)) return; // already refused above
    const answer = askTarget(t.container, haveCommands(t.needs));
    if (answer === false)
      problems.push(
        `container ${t.container} lacks one of ${t.needs.join(', ')}: the ${t.what} fault and its undo would do nothing there (use an image that has them)`,
      );
    else if (answer === undefined) {
      problems.push(
        `container ${t.container}: cannot prove it has ${t.needs.join(', ')} for the ${t.what} fault (xk6-docker's exec reports no status; the harness reads a marker its shell writes to /proc/1/fd/1 back from the container's log, which needs sh and a log driver docker logs reads)`,
      );
    }
  });
  if (proxies.size > 0) {
    const res = http.get(`${CONFIG.toxiproxyUrl}/proxies`, { timeout: '5s' });
    if (res.status !== 200)
      problems.push(`Toxiproxy at ${CONFIG.toxiproxyUrl} answered ${res.status || 'nothing'} (set TOXIPROXY_URL)`);
    else {
      const have = res.json() as Record<string, unknown>;
      proxies.forEach((p) => {
        if (!have[p]) problems.push(`Toxiproxy has no proxy "${p}" (the stack creates it)`);
      });
    }
  }
  if (problems.length > 0) {
    if (locked && me.verifier) releaseLock(runId);
    throw new Error(`preflight failed, no fault was injected:\n  ${problems.join('\n  ')}`);
  }
}

/** Hot rows start one update short of a new digit, so every run's first hot updates take rows past version 10, 100
 *  and 1,000: a consumer whose newer-wins breaks only there (a version compared as text, "10" < "9") is caught at
 *  any time scale. */
const HOT_START_VERSIONS = [9, 99, 999];

export function setupRun(): RunData {
  const instance = thisInstance();
  if (CONFIG.dryRun) {
    const seed = parseSeed(CONFIG.seedText, Math.random);
    return { runId: 'dry-run', seed, epochMs: Date.now(), hotKeys: [], dryRun: true, instance, verifyReaders: 1 };
  }
  // exec.test.options in setup: --no-teardown, K6_NO_TEARDOWN and options.noTeardown all end up there.
  if ((exec.test.options as { noTeardown?: boolean | null }).noTeardown === true)
    throw new Error(
      "--no-teardown (K6_NO_TEARDOWN, options.noTeardown) is refused: this experiment's teardown undoes its faults, frees the stack's experiment lock, counts what the verdict lacks (chaos_verdict_incomplete) and deletes the run's rows; without it an unfinished verification would pass. Keep the run's rows with -e CHAOS_KEEP_DATA=1. No fault was injected.",
    );
  const split = instance.count > 1;
  if (split && !CONFIG.runIdText)
    throw new Error(
      `CHAOS_RUN_ID is not set, but this run is split (execution segment ${instance.segment}, instance ${instanceLabel(instance)}): pass the same -e CHAOS_RUN_ID=<id> to every instance so all tag their rows alike (deploy/kubernetes/testrun.yaml sets it from the TestRun's name)`,
    );
  const runId = CONFIG.runIdText || `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  // Without CHAOS_SEED the instances of a split run draw the same seed from their shared run id.
  const seed = parseSeed(CONFIG.seedText, split ? prng(hashSeed(runId)) : Math.random);
  preflight(runId, instance);
  // k6 runs no teardown after a failed setup: the lock is freed here (a killed setup's lapses with its lease).
  try {
    openHistory();
    const verifyReaders = CONFIG.chaosOnly ? 1 : planVerifyReaders(instance);
    if (split) {
      registerInstance(runId, instance);
      awaitAllInstances(runId, instance, () => renewLeases(runId));
    }
    // Every instance waits, so their loads start together; the verifier's wait is the run's.
    const before = waitForSteadyState(() => renewLeases(runId));
    if (instance.verifier) journal(runId, 'steady_state', { before });
    const hotKeys: string[] = [];
    // Hot keys are the load's; CHAOS_ONLY runs no load, so it writes no row at all.
    for (let i = 0; i < (CONFIG.chaosOnly ? 0 : SCENARIO.load.hotKeys); i++) {
      const id = `${runId}-hot-${i}`;
      const version = HOT_START_VERSIONS[i % HOT_START_VERSIONS.length];
      // Every instance of a split run inserts them; the first one's insert is the write.
      insertHarnessRow(runId, id, version, 'hot', true);
      hotKeys.push(id);
    }
    const data = { runId, seed, epochMs: Date.now(), hotKeys, dryRun: false, instance, verifyReaders };
    if (!instance.verifier) {
      journal(runId, 'instance_start', { segment: instance.segment, epoch_ms: data.epochMs });
      return data;
    }
    for (const line of resolvedTimeline(seed)) console.log(line);
    journal(runId, 'run_start', {
      seed,
      scale: CONFIG.scale,
      delivery: CONFIG.delivery,
      vus: CONFIG.vus,
      total_ms: PLAN.timeline.totalMs,
      lease_ms: CONFIG.leaseMs,
      epoch_ms: data.epochMs,
      ...(split ? { instances: instance.count } : {}),
    });
    renewLeases(runId, [], true);
    return data;
  } catch (e) {
    if (TAKES_LOCK && instance.verifier) releaseLock(runId);
    throw e;
  }
}

export function dryRun(data: RunData): void {
  for (const line of resolvedTimeline(data.seed)) console.log(line);
  console.log('cdc-chaos: dry run (CHAOS_DRY_RUN) — nothing was touched');
}

/**
 * What the verdict lacks (chaos_verdict_incomplete): a verification that did not finish, rules that never reported. Counted
 * here, by the instance that verifies, so an instance that only loads has nothing to count and its threshold holds.
 */
function countIncomplete(runId: string): void {
  const events = readEvents(runId, ['verification_end', 'rule']);
  const seen = new Set(events.map((e) => (e as { rule?: string }).rule));
  const missing = rulesJudgedOutsideK6(SCENARIO, CONFIG.scale).filter((id) => !seen.has(id));
  const finished = events.some((e) => e.event === 'verification_end');
  if (!finished) verdictIncomplete.add(1, { part: 'verification' });
  if (missing.length > 0) verdictIncomplete.add(missing.length, { part: 'rules' });
}

export function teardownRun(data: RunData | undefined): void {
  if (!data || data.dryRun) return;
  if (!data.instance.verifier) {
    markInstanceDone(data.runId, data.instance);
    return;
  }
  const split = data.instance.count > 1;
  // Faults stay until every instance's load is over (the verification waited already, unless it never ran).
  if (split) awaitOtherInstances(data.runId, data.instance, () => renewLeases(data.runId));
  if (!CONFIG.chaosOnly) countIncomplete(data.runId);
  const errors: string[] = [];
  for (const op of undoAll(PLAN)) {
    try {
      applyPrimitive(op);
    } catch (e) {
      errors.push(`${describePrimitive(op)}: ${(e as Error).message}`);
    }
  }
  journal(data.runId, 'undo_all', { ops: undoAll(PLAN).map(describePrimitive), ...(errors.length ? { errors } : {}) });
  if (errors.length > 0) {
    // The leases stay open and the lock held: both lapse, and the guard retries the undo before another run can start.
    console.error(
      `cdc-chaos: undo incomplete, run 'cdc-chaos heal' (or let 'cdc-chaos guard' heal it once its lease lapses):\n  ${errors.join('\n  ')}`,
    );
  } else if (TAKES_LOCK) {
    markHealed(data.runId, HEALED_BY.undo_all);
    releaseLock(data.runId);
  }
  if (split) forgetInstances(data.runId);
  if (!CONFIG.chaosOnly) forgetParts(data.runId);
  if (CONFIG.keepData) return;
  for (const table of TABLES) {
    try {
      pg().execWithTimeout('60s', `delete from ${table} where run_id = $1`, data.runId);
    } catch (e) {
      console.error(`cdc-chaos: could not delete run ${data.runId} rows from ${table}: ${(e as Error).message}`);
    }
  }
}
