// A fault plan on Kubernetes: each fault's Docker/Toxiproxy operations replaced by the Chaos Mesh resources its type
// maps it to (the `chaosMesh` of its file under faults/), named and labelled per run (chaos-mesh.ts) so that
// `cdc-chaos heal --kubernetes` finds them. A type that states a `chaosMeshRefusal` instead makes the run refused
// before it starts. The k6 bundles import it (src/k6/kubernetes.ts): no node: imports here.

import { CHAOS_MESH_API, dnsPart, MANAGED_BY, RUN_LABEL, type ChaosResource } from './chaos-mesh.js';
import type { Fault, FaultPlan } from './fault-plan.js';
import { faultType } from './faults/index.js';
import type { Primitive } from './primitives.js';
import type { ActionSpec, ScenarioSpec } from './scenario.js';

export interface KubernetesContext {
  namespace: string;
  runId: string;
}

/** Why Kubernetes cannot cause this fault, in one line naming it; undefined when its type maps to Chaos Mesh. */
function refusal(f: Fault): string | undefined {
  const t = faultType(f.action);
  if (t?.chaosMesh) return undefined;
  return `fault ${f.id}: ${f.action} has no Kubernetes (Chaos Mesh) equivalent: ${t?.chaosMeshRefusal ?? 'not mapped'}`;
}

/** The scenario action a fault comes from (its id is `<phase>.<action index>.<type>.<target>`). */
function actionOf(scenario: ScenarioSpec, f: Fault): ActionSpec {
  const index = Number(f.id.slice(f.phase.length + 1).split('.')[0]);
  const a = scenario.phases.find((p) => p.name === f.phase)?.actions[index];
  if (!a || a.type !== f.action || a.target !== f.target)
    throw new Error(`fault ${f.id} is not an action of scenario ${scenario.id}`);
  return a;
}

/** The Chaos Mesh resources of one fault; throws (one line naming the fault) for a type without one. */
export function chaosMeshResources(scenario: ScenarioSpec, f: Fault, ctx: KubernetesContext): ChaosResource[] {
  const map = faultType(f.action)?.chaosMesh;
  if (!map) throw new Error(refusal(f));
  const run = dnsPart(ctx.runId, 63);
  return map(actionOf(scenario, f), f, ctx.namespace).map((s, i) => ({
    apiVersion: CHAOS_MESH_API,
    kind: s.kind,
    metadata: {
      // Unique per run and fault; at most 63 characters (a DNS label, which every kind's name accepts).
      name: `${dnsPart(`cdc-${run}`, 32)}-${dnsPart(f.phase, 12)}-${f.id.slice(f.phase.length + 1).split('.')[0]}-${i}-${s.suffix}`,
      namespace: ctx.namespace,
      labels: { ...MANAGED_BY, [RUN_LABEL]: run, 'cdc-chaos/fault': dnsPart(f.id, 63) },
    },
    spec: s.spec,
  }));
}

/** Every fault of the plan that Kubernetes cannot cause, one line each (empty: the plan runs on Kubernetes). */
export function kubernetesRefusals(plan: FaultPlan): string[] {
  return plan.faults.flatMap((f) => refusal(f) ?? []);
}

/**
 * The plan with each fault's Docker/Toxiproxy operations replaced by Chaos Mesh ones: inject creates the resources,
 * heal deletes them. Throws, listing every fault Kubernetes cannot cause, before anything runs.
 */
export function kubernetesPlan(scenario: ScenarioSpec, plan: FaultPlan, ctx: KubernetesContext): FaultPlan {
  const refused = kubernetesRefusals(plan);
  if (refused.length > 0) throw new Error(`this scenario cannot run on Kubernetes:\n  ${refused.join('\n  ')}`);
  const ops = new Map<string, { inject: Primitive[]; heal: Primitive[] }>();
  const faults = plan.faults.map((f) => {
    const resources = chaosMeshResources(scenario, f, ctx);
    const inject: Primitive[] = resources.map((resource) => ({ kind: 'chaos_mesh_create', resource }));
    const heal: Primitive[] = resources.map((r) => ({
      kind: 'chaos_mesh_delete',
      resourceKind: r.kind,
      namespace: r.metadata.namespace,
      name: r.metadata.name,
    }));
    ops.set(f.id, { inject, heal });
    return { ...f, inject, heal };
  });
  const steps = plan.steps.map((s) => ({
    ...s,
    ops: (s.kind === 'inject' ? ops.get(s.faultId)?.inject : ops.get(s.faultId)?.heal) ?? [],
  }));
  return { ...plan, faults, steps };
}
