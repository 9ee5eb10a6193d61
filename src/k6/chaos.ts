// The chaos scenario (one VU, one iteration): walks the timeline and fires every step of the fault
// plan at its offset, journaling each fault start and end with scheduled, dispatch and in-effect times (and,
// before each injection, the fault's undo for `cdc-chaos heal`). Each fault is also on a lease in
// the stack's PostgreSQL (src/k6/lease.ts), recorded before it is applied and renewed while it is
// active, so `cdc-chaos guard` heals it if this runner dies.

import { sleep } from 'k6';
import { describePrimitive } from '../experiment/primitives.js';
import { undoAll, witnessKey, type Step, type Witness } from '../experiment/fault-plan.js';
import { faultProcess } from '../experiment/faults/index.js';
import { HEALED_BY } from '../experiment/lease.js';
import { PLAN, offsetNow, type RunData } from './config.js';
import { waitForEffect } from './fault-effect.js';
import { applyPrimitive } from './faults.js';
import { changeHarnessRow, insertHarnessRow } from './harness-row.js';
import { journal } from './journal.js';
import { markHealed, recordFault, renewLeases } from './lease.js';
import { askTarget } from './target-probe.js';
import { actionDelay, actionErrors, chaosPhase, faultActive } from './metrics.js';

const FAULTS = new Map(PLAN.faults.map((f) => [f.id, f]));
/** How long a step looks for its effect (short: the next step may be due soon after at small time scales). */
const EFFECT_WAIT_MS = 3000;

type Event = { atMs: number; phase?: { name: string; index: number }; step?: Step; witness?: Witness };

/** Sleeps until the timeline offset (bounded: at most the remaining time, in ≤ 1 s slices), renewing the leases. */
function waitUntil(data: RunData, atMs: number, leased: Set<string>): void {
  for (let i = 0; i < 1_000_000; i++) {
    renewLeases(data.runId, Array.from(leased));
    const left = atMs - offsetNow(data);
    if (left <= 0) return;
    sleep(Math.min(left, 1000) / 1000);
  }
}

/** Runs one step; `leased` holds the faults whose lease this VU renews. */
function runStep(data: RunData, step: Step, leased: Set<string>): void {
  const tags = { action: step.action, target: step.target };
  const actualMs = offsetNow(data);
  const errors: string[] = [];
  let ops = step.ops;
  // What every journal line of this step says about it.
  const stepFields = {
    fault: step.faultId,
    phase: step.phase,
    action: step.action,
    target: step.target,
    scheduled_ms: step.atMs,
    actual_ms: actualMs,
  };
  // Journaled and leased BEFORE the fault is applied, with its idempotent undo as data: if the runner
  // dies between here and fault_end, `cdc-chaos heal` (journal) and `cdc-chaos guard` (lease) know
  // exactly what to restore. A fault whose lease cannot be recorded is not applied.
  if (step.kind === 'inject') {
    const fault = FAULTS.get(step.faultId);
    const undo = undoAll({ ...PLAN, faults: fault ? [fault] : [] });
    journal(data.runId, 'fault_intent', { ...stepFields, undo });
    try {
      recordFault(data.runId, { fault: step.faultId, action: step.action, target: step.target, undo });
      leased.add(step.faultId);
    } catch (e) {
      errors.push(
        `lease not recorded, fault not applied (nothing could heal it if this runner died): ${(e as Error).message}`,
      );
      ops = [];
    }
  }
  for (const op of ops) {
    try {
      applyPrimitive(op);
      // An exec reports nothing: a fault process that is not seen running did not take effect.
      const proc = op.kind === 'exec' && op.process ? faultProcess(op.process) : undefined;
      if (op.kind === 'exec' && proc) {
        const seen = askTarget(op.container, proc.observed);
        if (seen !== true)
          errors.push(
            `${describePrimitive(op)}: no effect observed (${proc.what} ${seen === false ? 'not running' : 'unknown: no answer'} in ${op.container} after the exec)`,
          );
      }
    } catch (e) {
      errors.push(`${describePrimitive(op)}: ${(e as Error).message}`);
    }
  }
  // When the fault (or its undo) was seen in place: the history's in-effect / healed time.
  const seenAt = errors.length === 0 && ops.length > 0 ? waitForEffect(ops, EFFECT_WAIT_MS) : null;
  actionDelay.add(Math.abs(actualMs - step.atMs), tags);
  faultActive.add(step.kind === 'inject' ? 1 : 0, tags);
  if (errors.length > 0) actionErrors.add(errors.length, tags);
  journal(data.runId, step.kind === 'inject' ? 'fault_start' : 'fault_end', {
    ...stepFields,
    effect_ms: seenAt === null ? null : seenAt - data.epochMs,
    ops: ops.map(describePrimitive),
    ...(errors.length ? { errors } : {}),
  });
  if (step.kind === 'heal' && leased.delete(step.faultId)) {
    // A heal that failed stays open and unrenewed: its lease lapses and the guard retries the undo.
    if (errors.length === 0) markHealed(data.runId, HEALED_BY.fault_end, step.faultId);
  } else if (step.kind === 'inject') {
    // Applying took time: renew before the next step (throttled, so cheap when it did not).
    renewLeases(data.runId, Array.from(leased));
  }
}

/** A fault type's witness write (faults/types.ts), journaled; one that fails only weakens what the run can show. */
function writeWitness(data: RunData, w: Witness): void {
  const key = witnessKey(data.runId, w);
  const fields = { fault: w.faultId, key, op: w.op, scheduled_ms: w.atMs, actual_ms: offsetNow(data) };
  try {
    const done =
      w.op === 'insert'
        ? insertHarnessRow(data.runId, key, 1, 'witness') !== null
        : changeHarnessRow(data.runId, key, w.op);
    journal(data.runId, 'witness_write', done ? fields : { ...fields, error: 'no such row' });
  } catch (e) {
    journal(data.runId, 'witness_write', { ...fields, error: (e as Error).message });
  }
}

/**
 * The live progress line's phase (cdc-chaos run shows a console line starting with
 * `cdc-chaos:phase ` under the scenario bars; on k6 it is an ordinary log line).
 */
function announce(phase: { name: string; index: number }, active: Map<string, string>): void {
  const faults = Array.from(active.values());
  console.log(
    `cdc-chaos:phase ${phase.name} (${phase.index}/${PLAN.timeline.phases.length})${faults.length ? ` · fault: ${faults.join(', ')}` : ''}`,
  );
}

export function chaosVu(data: RunData): void {
  const active = new Map<string, string>();
  const leased = new Set<string>();
  let current = PLAN.timeline.phases[0];
  const events: Event[] = PLAN.timeline.phases.map((p) => ({
    atMs: p.startMs,
    phase: { name: p.name, index: p.index },
  }));
  // Witnesses before steps at equal times: a witness due at its action was meant to come before it.
  for (const witness of PLAN.witnesses) events.push({ atMs: witness.atMs, witness });
  for (const step of PLAN.steps) events.push({ atMs: step.atMs, step });
  // Phase marks first at equal times, then heals before injections (the plan's own order); sort is stable.
  events.sort((a, b) => a.atMs - b.atMs || (a.phase ? -1 : 0) - (b.phase ? -1 : 0));
  for (const ev of events) {
    waitUntil(data, ev.atMs, leased);
    if (ev.phase) {
      // An instant phase is superseded in the same millisecond: k6's remote write pushes a series
      // only for a newer ms, so a second value at the same ms could be lost — the gauge gets the last.
      const at = ev.phase;
      // Phases are contiguous: a later phase starts at the same ms only if the very next one does.
      if (PLAN.timeline.phases[at.index]?.startMs !== ev.atMs) chaosPhase.add(at.index);
      current = PLAN.timeline.phases[ev.phase.index - 1];
      announce(current, active);
      journal(data.runId, 'phase_start', {
        phase: ev.phase.name,
        index: ev.phase.index,
        scheduled_ms: ev.atMs,
        actual_ms: offsetNow(data),
      });
    } else if (ev.witness) {
      writeWitness(data, ev.witness);
    } else if (ev.step) {
      runStep(data, ev.step, leased);
      if (ev.step.kind === 'inject') active.set(ev.step.faultId, `${ev.step.action} ${ev.step.target}`);
      else active.delete(ev.step.faultId);
      announce(current, active);
    }
  }
  waitUntil(data, PLAN.timeline.totalMs, leased);
  console.log('cdc-chaos:phase verification (timeline over)');
  journal(data.runId, 'timeline_end', { scheduled_ms: PLAN.timeline.totalMs, actual_ms: offsetNow(data) });
}
