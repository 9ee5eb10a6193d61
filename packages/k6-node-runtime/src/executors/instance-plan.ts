// What this instance runs of each scenario under its execution segment (pure): each executor's
// scaled VUs and iterations, iteration numbering and "has work" rule, after k6 v1.8.1
// lib/executor/*.go (GetVUs, GetIterations, Init, HasWork, GetExecutionRequirements). Without a
// segment the tuple is the whole test and every number is the scenario's own.
import type { ScenarioConfig } from './options.js';
import { scenarioMaxMs } from './options.js';
import type { ExecutionTuple, Stripe } from './execution-segment.js';
import { rampingVUSteps, constantArrivals, rampingArrivals, type VuStep } from './schedule.js';

/** A scenario with this instance's share: vus, iterations, startVUs, preAllocatedVUs, maxVUs scaled. */
export interface ScenarioPlan extends ScenarioConfig {
  /** this instance's iteration numbers → the test-wide ones (exec.scenario.iterationInTest) */
  iterationStripe: Stripe;
  /** ramping-vus: VUs to run from each offset */
  vuSteps: VuStep[];
}

/**
 * The scenario's share for tuple `et`, or undefined when it has nothing to do in this instance
 * (k6 then skips it: no VUs, no progress bar, no dropped_iterations).
 */
export function planScenario(c: ScenarioConfig, et: ExecutionTuple): ScenarioPlan | undefined {
  const plan: ScenarioPlan = { ...c, iterationStripe: et.stripe(), vuSteps: [] };
  switch (c.executor) {
    case 'shared-iterations': {
      // iterations are split as if each VU of the whole test took its share (k6 GetIterations)
      plan.vus = et.scale(c.vus);
      const byVUs = et.forValue(c.vus);
      plan.iterations = byVUs ? byVUs.scale(c.iterations) : 0;
      if (plan.vus === 0 || plan.iterations === 0) return undefined;
      plan.iterationStripe = byVUs!.stripe();
      return plan;
    }
    case 'per-vu-iterations':
    case 'constant-vus':
      // per-vu-iterations: only the VUs are split, each still runs all its iterations
      plan.vus = et.scale(c.vus);
      return plan.vus > 0 ? plan : undefined;
    case 'ramping-vus':
      plan.vuSteps = rampingVUSteps(c.startVUs, c.stages, et);
      plan.startVUs = plan.vuSteps[0].vus;
      return scenarioVUs(plan) > 0 ? plan : undefined;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      plan.preAllocatedVUs = et.scale(c.preAllocatedVUs);
      plan.maxVUs = et.scale(c.maxVUs);
      if (plan.maxVUs === 0) return undefined;
      // iteration start times are striped by the sequence re-cut on maxVUs (k6 Init)
      plan.iterationStripe = et.forValue(c.maxVUs)!.stripe();
      return plan;
    }
  }
}

/** This instance's iteration start offsets (ms) of an arrival-rate plan. */
export function arrivalOffsets(p: ScenarioPlan): Generator<number> {
  return p.executor === 'constant-arrival-rate'
    ? constantArrivals(p.rate, p.timeUnitMs, p.durationMs, p.iterationStripe)
    : rampingArrivals(p.startRate, p.stages, p.timeUnitMs, p.iterationStripe);
}

/** VUs a scenario needs initialized before the test starts. */
export function scenarioVUs(p: ScenarioPlan): number {
  switch (p.executor) {
    case 'ramping-vus':
      return Math.max(...p.vuSteps.map((s) => s.vus));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return p.preAllocatedVUs;
    default:
      return p.vus;
  }
}

/** Max over time of the VUs needed by overlapping scenarios (k6 reuses VUs between them). */
export function plannedVUs(plans: ScenarioPlan[]): number {
  let best = 0;
  for (const s of plans) {
    const t = s.startTimeMs;
    let sum = 0;
    for (const o of plans) if (o.startTimeMs <= t && t < o.startTimeMs + scenarioMaxMs(o)) sum += scenarioVUs(o);
    best = Math.max(best, sum);
  }
  return best;
}
