// Pure schedule math for the executors (unit-tested without workers), for this instance's
// execution segment: which VUs run when (ramping-vus) and when each iteration starts
// (arrival-rate), after k6 v1.8.1 lib/executor/ramping_vus.go and *_arrival_rate.go.
import type { Stage } from './options.js';
import { SegmentedIndex, type ExecutionTuple, type Stripe } from './execution-segment.js';

export interface VuStep {
  atMs: number;
  vus: number;
}

/**
 * ramping-vus: from which offset this instance runs how many VUs (k6 getRawExecutionSteps). The
 * test-wide VU n joins when the whole test's ramp reaches n (and leaves when it drops below n)
 * and belongs to the instance whose stripe holds it, so the instances' steps add up to the
 * unsegmented ramp: whole VUs, truncated toward the previous target.
 */
export function rampingVUSteps(startVUs: number, stages: Stage[], et: ExecutionTuple): VuStep[] {
  const index = new SegmentedIndex(et.stripe());
  index.goTo(startVUs);
  const steps: VuStep[] = [{ atMs: 0, vus: index.scaled }];
  const add = (atMs: number, vus: number): void => {
    if (steps[steps.length - 1].vus !== vus) steps.push({ atMs, vus });
  };
  let from = startVUs;
  let end = 0;
  for (const s of stages) {
    end += s.durationMs;
    const diff = s.target - from;
    if (diff === 0) continue;
    if (s.durationMs === 0) {
      index.goTo(s.target);
      add(end, index.scaled);
    } else if (index.unscaled > s.target) {
      // ramping down: a VU leaves when the next lower whole number is reached
      for (; index.unscaled > s.target; index.prev())
        add(end - (s.durationMs * (s.target - index.unscaled + 1)) / diff, index.scaled - 1);
    } else {
      for (; index.unscaled <= s.target; index.next())
        add(end - (s.durationMs * (s.target - index.unscaled)) / diff, index.scaled);
    }
    from = s.target;
  }
  return steps;
}

/** VUs wanted at `t` ms from the steps. */
export function vusAt(steps: VuStep[], t: number): number {
  let vus = 0;
  for (const s of steps) {
    if (s.atMs > t) break;
    vus = s.vus;
  }
  return vus;
}

export function stagesTotal(stages: Stage[]): number {
  return stages.reduce((a, s) => a + s.durationMs, 0);
}

const NS_PER_MS = 1e6;

/**
 * constant-arrival-rate: start offsets (ms) of this instance's iterations — the test-wide
 * iteration i starts at i × (timeUnit / rate), truncated to whole nanoseconds as Go's
 * time.Duration does; only those before the end of `durationMs` start.
 */
export function* constantArrivals(rate: number, timeUnitMs: number, durationMs: number, st: Stripe): Generator<number> {
  const periodNs = Math.trunc(Math.round(timeUnitMs * NS_PER_MS) / rate);
  for (let k = 0, i = st.start; ; i += st.offsets[k % st.offsets.length], k++) {
    const at = (periodNs * i) / NS_PER_MS;
    if (at >= durationMs) return;
    yield at;
  }
}

/**
 * ramping-arrival-rate: start offsets (ms) of this instance's iterations (k6 RampingArrivalRate
 * cal). The test-wide iteration i (0-based) starts when the area under the rate curve reaches
 * i + 1 — solved per linear stage — so a stage starting at rate 0 does not start one at once.
 * Those falling at or after the end of the stages do not start.
 */
export function* rampingArrivals(
  startRate: number,
  stages: Stage[],
  timeUnitMs: number,
  st: Stripe,
): Generator<number> {
  const timeUnit = Math.round(timeUnitMs * NS_PER_MS);
  const totalMs = stagesTotal(stages);
  let k = 0;
  const next = (): number => st.offsets[k++ % st.offsets.length];
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let from = startRate / timeUnit;
  let i = st.start + 1;
  for (const s of stages) {
    const to = s.target / timeUnit;
    const dur = Math.round(s.durationMs * NS_PER_MS);
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i += next()) {
        const x =
          (from * dur - Math.sqrt(Math.max(0, dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from))))) /
          (from - to);
        const at = (Math.trunc(x) + stageStart) / NS_PER_MS;
        if (at >= totalMs) return;
        yield at;
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i += next()) {
        const at = (Math.trunc((i - doneSoFar) / to) + stageStart) / NS_PER_MS;
        if (at >= totalMs) return;
        yield at;
      }
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
}
