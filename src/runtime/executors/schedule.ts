// Pure schedule math for the executors (unit-tested without workers).
import type { Stage } from './options.js';

/** ramping-vus: VUs wanted at `t` ms — k6 steps by whole VUs, truncating toward the previous target. */
export function rampingVUsAt(startVUs: number, stages: Stage[], t: number): number {
  let from = startVUs;
  let at = 0;
  for (const s of stages) {
    if (t < at + s.durationMs) {
      const frac = s.durationMs === 0 ? 1 : (t - at) / s.durationMs;
      return from + Math.trunc((s.target - from) * frac);
    }
    at += s.durationMs;
    from = s.target;
  }
  return from;
}

export function stagesTotal(stages: Stage[]): number {
  return stages.reduce((a, s) => a + s.durationMs, 0);
}

/**
 * Arrival rate: iterations due by `t` ms = ceil(∫ rate/timeUnit). The k-th iteration (0-based)
 * starts when the integral passes k, so a constant rate starts one at t=0 then every timeUnit/rate.
 */
export function arrivalsDue(startRate: number, stages: Stage[], timeUnitMs: number, t: number): number {
  let integral = 0;
  let from = startRate;
  let at = 0;
  for (const s of stages) {
    const end = at + s.durationMs;
    const upto = Math.min(t, end);
    if (upto > at) {
      const dt = upto - at;
      const rateAtUpto = s.durationMs === 0 ? s.target : from + ((s.target - from) * dt) / s.durationMs;
      integral += ((from + rateAtUpto) / 2) * dt;
    }
    if (t <= end) break;
    at = end;
    from = s.target;
  }
  const iters = integral / timeUnitMs;
  // t>0 guard: at exactly 0 nothing is due yet; epsilon absorbs float error at whole numbers.
  return t <= 0 ? 0 : Math.max(0, Math.ceil(iters - 1e-9));
}
