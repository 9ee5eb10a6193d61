// Per-fault timing from the probes' observations: time to detect (fault → pipeline visibly
// unhealthy), time to recover (heal → first canary written after the heal is visible in MongoDB)
// and lag recovery (heal → consumer lag back under its bound for good: until the next fault, or the
// end of observation), where "heal" is when no fault is active any more (pipelineHealedAt). Pure;
// times on the run's timeline.

import type { Fault } from './fault-plan.js';
import type { Sample } from './rules.js';

export interface Canary {
  writtenMs: number;
  /** First time the probe saw it in MongoDB; null = never. */
  visibleMs: number | null;
}

export interface FaultTiming {
  faultId: string;
  action: string;
  target: string;
  /** null = no unhealthy observation during the fault. */
  detectMs: number | null;
  /** null = never recovered while observed; `recoveryLowerBoundMs` then says how long at least. */
  recoveryMs: number | null;
  recoveryLowerBoundMs: number;
  lagRecoveryMs: number | null;
}

/**
 * `health` is 1 when the pipeline looked healthy (consumer /health 200), 0 otherwise; `lag` the
 * consumer lag. `observedUntilMs` is when the probes stopped.
 */
export function faultTimings(
  faults: Fault[],
  canaries: Canary[],
  health: Sample[],
  lag: Sample[],
  lagBound: number,
  observedUntilMs: number,
): FaultTiming[] {
  return faults.map((f) => {
    const down = health.find((s) => s.t >= f.startMs && s.t <= Math.max(f.endMs, f.startMs + 1) && s.v === 0);
    const healed = pipelineHealedAt(f, faults);
    const fresh = canaries.filter((c) => c.writtenMs >= healed && c.visibleMs !== null);
    const first = fresh.reduce<number | null>(
      (m, c) => (m === null || (c.visibleMs as number) < m ? c.visibleMs : m),
      null,
    );
    const lagOk = lagBackAt(lag, lagBound, healed, nextFaultAt(healed, faults));
    return {
      faultId: f.id,
      action: f.action,
      target: f.target,
      detectMs: down ? down.t - f.startMs : null,
      recoveryMs: first === null ? null : first - healed,
      recoveryLowerBoundMs: Math.max(0, observedUntilMs - healed),
      lagRecoveryMs: lagOk === null ? null : lagOk - healed,
    };
  });
}

/**
 * When the lag came back under `bound` after the heal and stayed there up to `untilMs` (the next fault): the
 * first sample of the last stretch under it. null when the last sample before `untilMs` is over it — a consumer
 * that never caught up — or none follows the heal. One sample under the bound is not a recovery: a consumer
 * that crawls through its backlog reads as caught up for a moment whenever its lag dips while it rejoins.
 */
export function lagBackAt(lag: Sample[], bound: number, healedMs: number, untilMs: number): number | null {
  let since: number | null = null;
  for (const s of lag) {
    if (s.t < healedMs || s.t >= untilMs) continue;
    if (s.v > bound) since = null;
    else if (since === null) since = s.t;
  }
  return since;
}

/** The first fault starting at or after `t` (its start), or Infinity. */
function nextFaultAt(t: number, faults: Fault[]): number {
  return faults.reduce((m, g) => (g.startMs >= t && g.startMs < m ? g.startMs : m), Infinity);
}

/** When the pipeline is fault-free again after `f` heals: a fault still active at that moment (a consumer
 *  restarted while MongoDB is down) postpones it to its own heal, and so on. Recovery counts from there. */
export function pipelineHealedAt(f: Fault, faults: Fault[]): number {
  let t = f.endMs;
  for (let moved = true; moved;) {
    moved = false;
    for (const g of faults) {
      if (g.startMs < t && t < g.endMs) {
        t = g.endMs;
        moved = true;
      }
    }
  }
  return t;
}

/** End-to-end latency of each visible canary (commit → seen in MongoDB), ms. */
export function canaryLatencies(canaries: Canary[]): number[] {
  return canaries.filter((c) => c.visibleMs !== null).map((c) => (c.visibleMs as number) - c.writtenMs);
}

/** Plan's resilience: share of canaries visible within the timeout. */
export function resilient(c: Canary, timeoutMs: number): boolean {
  return c.visibleMs !== null && c.visibleMs - c.writtenMs <= timeoutMs;
}
