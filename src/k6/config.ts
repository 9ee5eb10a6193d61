// Everything a bundle knows before it runs: the embedded scenario (define'd by src/bundle/k6-bundle.ts),
// the environment knobs (-e NAME=value), and the resolved timeline and fault plan at this time
// scale. Init code: runs in every VU, so it must stay cheap and touch no service.

import { planFaults, type FaultPlan } from '../experiment/fault-plan.js';
import type { Instance } from '../experiment/instance.js';
import type { ScenarioSpec } from '../experiment/scenario.js';
import { kubernetesFaultPlan } from './kubernetes.js';
import { readSettings, type RunConfig } from '../experiment/settings.js';
import { planRules, type PlannedRule } from '../experiment/thresholds.js';

declare const __CHAOS_SCENARIO__: ScenarioSpec;

export const SCENARIO: ScenarioSpec = __CHAOS_SCENARIO__;

export type { RunConfig };

export const CONFIG: RunConfig = readSettings(__ENV, SCENARIO);

/** On Kubernetes (CHAOS_BACKEND, else a pod's KUBERNETES_SERVICE_HOST) every fault is a Chaos Mesh resource instead. */
export const PLAN: FaultPlan =
  CONFIG.backend === 'kubernetes'
    ? kubernetesFaultPlan(__ENV, SCENARIO, planFaults(SCENARIO, CONFIG.scale), CONFIG.runIdText)
    : planFaults(SCENARIO, CONFIG.scale);

/** The rules this run judges: alert rules below their minimum time scale are left out (and reported). */
export const JUDGED_RULES: PlannedRule[] = planRules(SCENARIO, CONFIG.scale).filter((p) => !p.skipped);

/** What setup() hands to every VU and to teardown (JSON). */
export interface RunData {
  runId: string;
  seed: number;
  /** Wall-clock ms of timeline offset 0. */
  epochMs: number;
  hotKeys: string[];
  dryRun: boolean;
  /** This instance's share of a split run (src/experiment/instance.ts); the whole test when not split. */
  instance: Instance;
  /** VUs that read the verification (verify-parts.ts planVerifyReaders); the others of its scenario return at once. */
  verifyReaders: number;
}

/** Timeline offset now, ms. */
export function offsetNow(data: RunData): number {
  return Date.now() - data.epochMs;
}
