// Absolute offsets of every phase at a given time scale: the one clock the chaos VU, the probes,
// the load profile and the report share.

import { scaleDuration } from './duration.js';
import type { ScenarioSpec } from './scenario.js';

export interface TimedPhase {
  name: string;
  /** 1-based, the value of the chaos_phase gauge. */
  index: number;
  startMs: number;
  endMs: number;
}

export interface Timeline {
  scale: number;
  phases: TimedPhase[];
  totalMs: number;
}

export function buildTimeline(scenario: ScenarioSpec, scale: number): Timeline {
  let at = 0;
  const phases = scenario.phases.map((p, i) => {
    const startMs = at;
    at += scaleDuration(p.durationMs, scale, p.minDurationMs);
    return { name: p.name, index: i + 1, startMs, endMs: at };
  });
  return { scale, phases, totalMs: at };
}

export function phaseNamed(timeline: Timeline, name: string): TimedPhase {
  const p = timeline.phases.find((q) => q.name === name);
  if (!p) throw new Error(`no phase "${name}"`);
  return p;
}

/** The phase running at offset t (the last one once the timeline is over). */
export function phaseAt(timeline: Timeline, t: number): TimedPhase {
  for (const p of timeline.phases) if (t < p.endMs) return p;
  return timeline.phases[timeline.phases.length - 1];
}
