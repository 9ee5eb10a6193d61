// The resolved timeline as text (dry run, and the top of every run's log): each phase, the faults it
// injects with every primitive, and the heals due in it. One pass over the plan, so a scenario with
// thousands of phases and faults prints in time linear in its size.

import { formatDuration } from './duration.js';
import type { Fault, FaultPlan, Step } from './fault-plan.js';
import { describePrimitive } from './primitives.js';
import type { TimedPhase } from './timeline.js';

/** Index of the first phase whose span holds `atMs` (its end included, so a 0s phase can hold a heal); -1 past the end. */
function homeIndex(phases: TimedPhase[], atMs: number): number {
  let lo = 0;
  let hi = phases.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (phases[mid].endMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo < phases.length && phases[lo].startMs <= atMs ? lo : -1;
}

function push<T>(lists: T[][], i: number, item: T): void {
  (lists[i] ??= []).push(item);
}

export function timelineLines(plan: FaultPlan, quiescenceTimeoutMs: number): string[] {
  const phases = plan.timeline.phases;
  const phaseIndex = new Map(phases.map((p, i) => [p.name, i]));
  const faults = new Map<string, Fault>(plan.faults.map((f) => [f.id, f]));
  const injects: Step[][] = [];
  const heals: Step[][] = [];
  for (const s of plan.steps) {
    if (s.kind === 'inject') push(injects, phaseIndex.get(s.phase) ?? -1, s);
    else if (s.ops.length > 0) push(heals, homeIndex(phases, s.atMs), s);
  }
  const lines: string[] = [];
  phases.forEach((p, i) => {
    lines.push(
      `  ${formatDuration(p.startMs).padStart(7)}  phase ${p.index} ${p.name} (${formatDuration(p.endMs - p.startMs)})`,
    );
    for (const s of injects[i] ?? []) {
      const f = faults.get(s.faultId);
      const span =
        f && f.heal.length === 0
          ? 'instantaneous, nothing to heal'
          : `until ${formatDuration(f ? f.endMs : s.atMs)} (healed by ${f ? f.healedBy : '?'})`;
      lines.push(`  ${formatDuration(s.atMs).padStart(7)}    inject ${s.action} ${s.target} ${span}`);
      for (const op of s.ops) lines.push(`             ${describePrimitive(op)}`);
    }
    for (const s of heals[i] ?? []) {
      lines.push(
        `  ${formatDuration(s.atMs).padStart(7)}    heal ${s.action} ${s.target}: ${s.ops.map(describePrimitive).join('; ')}`,
      );
    }
  });
  lines.push(
    `  ${formatDuration(plan.timeline.totalMs).padStart(7)}  verification (quiescence timeout ${formatDuration(quiescenceTimeoutMs)})`,
  );
  return lines;
}
