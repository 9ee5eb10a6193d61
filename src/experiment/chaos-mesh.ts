// The Kubernetes fault backend's half that is pure data: each fault type of a plan as the Chaos Mesh resource(s) that
// cause it (one function per fault type), with the allowlist as a label selector and the run's labels for cleanup.
// src/k6/kubernetes.ts creates and deletes them through the API server; `cdc-chaos heal --kubernetes` deletes by label.
//
// Mapping (docs/scale-out.md): kill/stop → PodChaos pod-failure (the pod stays down for the window, like a stopped
// container; pod-kill would be replaced at once by its controller); restart → PodChaos pod-kill (a bounce); netem and
// partition → NetworkChaos partition / delay / bandwidth between the target's pods and the peers of the links the
// scenario names (the Toxiproxy proxies of the Docker stack); stress → StressChaos. Chaos Mesh has no freeze (pause),
// no TCP reset (reset_peer) and no Kafka redelivery: those are refused before the run starts.
// Every resource carries `duration` = the fault's window, so Chaos Mesh ends the fault on its own even if nobody deletes
// the resource (the role stress-ng's --timeout plays locally).

import { TARGET_LABEL } from './allowlist.js';
import type { Fault, FaultPlan } from './fault-plan.js';
import type { Primitive } from './primitives.js';
import type { ActionSpec, ScenarioSpec } from './scenario.js';
import { proxiesFor } from './targets.js';

export const CHAOS_MESH_API = 'chaos-mesh.org/v1alpha1';
/** The kinds the backend creates, by the plural its REST paths use (RBAC in deploy/kubernetes names the same). */
export const CHAOS_MESH_KINDS = {
  PodChaos: 'podchaos',
  NetworkChaos: 'networkchaos',
  StressChaos: 'stresschaos',
} as const;
export type ChaosMeshKind = keyof typeof CHAOS_MESH_KINDS;

/** Labels on every resource the backend creates: `heal --kubernetes` finds them by these. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdc-chaos' } as const;
export const RUN_LABEL = 'cdc-chaos/run-id';
/** The label a target's pods carry its name under (the Docker container name: scenarios stay the same files). */
export const NAME_LABEL = 'app.kubernetes.io/name';

export interface ChaosResource {
  apiVersion: typeof CHAOS_MESH_API;
  kind: ChaosMeshKind;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

export interface KubernetesContext {
  namespace: string;
  runId: string;
}

/** Where the resources of a kind live in the API (collection path). */
export function collectionPath(kind: ChaosMeshKind, namespace: string): string {
  return `/apis/${CHAOS_MESH_API}/namespaces/${encodeURIComponent(namespace)}/${CHAOS_MESH_KINDS[kind]}`;
}

/** A label value / name part from free text: lower case, [a-z0-9-], at most `max` characters, alphanumeric ends. */
function dnsPart(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s;
}

/** Pods a selector picks: the target's, and only if they carry the allowlist label (the blast radius). */
function podSelector(ns: string, targets: string[]): Record<string, unknown> {
  const labels: Record<string, string> = { [TARGET_LABEL]: 'true' };
  if (targets.length === 1) return { namespaces: [ns], labelSelectors: { ...labels, [NAME_LABEL]: targets[0] } };
  return {
    namespaces: [ns],
    labelSelectors: labels,
    expressionSelectors: [{ key: NAME_LABEL, operator: 'In', values: targets }],
  };
}

/** The peers of a network fault: the other end of each link (the Docker stack's proxy) the scenario names. */
const LINK_ENDS: Record<string, [string, string]> = {
  consumer_kafka: ['cdc-consumer', 'cdc-kafka'],
  consumer_mongodb: ['cdc-consumer', 'cdc-mongodb'],
  connect_kafka: ['cdc-connect', 'cdc-kafka'],
  connect_postgres: ['cdc-connect', 'cdc-postgres'],
};

function linkPeers(a: ActionSpec): string[] {
  const peers = new Set<string>();
  for (const proxy of a.network?.proxies ?? proxiesFor(a.target))
    LINK_ENDS[proxy]?.filter((e) => e !== a.target).forEach((e) => peers.add(e));
  return [...peers].sort();
}

/** Whole seconds, at least 1: Chaos Mesh's own deadline for the fault. */
const window = (f: Fault) => `${Math.max(1, Math.ceil((f.endMs - f.startMs) / 1000))}s`;

type Spec = { kind: ChaosMeshKind; suffix: string; spec: Record<string, unknown> };

function podFailure(a: ActionSpec, f: Fault, ns: string): Spec[] {
  return [
    {
      kind: 'PodChaos',
      suffix: 'failure',
      spec: { action: 'pod-failure', mode: 'all', selector: podSelector(ns, [a.target]), duration: window(f) },
    },
  ];
}

function podKill(a: ActionSpec, _f: Fault, ns: string): Spec[] {
  return [
    {
      kind: 'PodChaos',
      suffix: 'kill',
      spec: { action: 'pod-kill', mode: 'all', selector: podSelector(ns, [a.target]) },
    },
  ];
}

/** netem / partition: one NetworkChaos per effect (a NetworkChaos has one action), between the target and its link peers. */
function network(a: ActionSpec, f: Fault, ns: string): Spec[] {
  const net = a.network ?? {};
  const base = (direction: string) => ({
    mode: 'all',
    selector: podSelector(ns, [a.target]),
    direction,
    target: { mode: 'all', selector: podSelector(ns, linkPeers(a)) },
    duration: window(f),
  });
  const out: Spec[] = [];
  // Both of Toxiproxy's partitions (blackhole, down) become a packet drop: Chaos Mesh cannot refuse connections.
  if (net.partition)
    out.push({ kind: 'NetworkChaos', suffix: 'partition', spec: { ...base('both'), action: 'partition' } });
  if (net.delayMs !== undefined) {
    const delay = { latency: `${net.delayMs}ms`, jitter: `${net.jitterMs ?? 0}ms`, correlation: '0' };
    out.push({ kind: 'NetworkChaos', suffix: 'delay', spec: { ...base('to'), action: 'delay', delay } });
  }
  if (net.rateKBps !== undefined) {
    // Chaos Mesh's "kbps" is kilobytes per second, the scenario's unit; limit and buffer are tc tbf's queue and burst bytes.
    const bandwidth = { rate: `${net.rateKBps}kbps`, limit: 20_971_520, buffer: 10_000 };
    out.push({ kind: 'NetworkChaos', suffix: 'bandwidth', spec: { ...base('to'), action: 'bandwidth', bandwidth } });
  }
  return out;
}

/** stress-ng's K/M/G are binary units; Chaos Mesh's memory size reads KiB/MiB/GiB. */
const memorySize = (bytes: string) => bytes.replace(/^(\d+)([KMG])$/, '$1$2iB');

function stress(a: ActionSpec, f: Fault, ns: string): Spec[] {
  const s = a.stress ?? {};
  const stressors: Record<string, unknown> = {};
  if (s.cpu !== undefined) stressors.cpu = { workers: s.cpu, ...(s.cpuLoad !== undefined ? { load: s.cpuLoad } : {}) };
  if (s.vm !== undefined)
    stressors.memory = { workers: s.vm, ...(s.vmBytes !== undefined ? { size: memorySize(s.vmBytes) } : {}) };
  return [
    {
      kind: 'StressChaos',
      suffix: 'stress',
      spec: { mode: 'all', selector: podSelector(ns, [a.target]), stressors, duration: window(f) },
    },
  ];
}

/** Why a fault type has no Chaos Mesh resource (shown when a Kubernetes run is refused). */
const UNMAPPED: Partial<Record<string, string>> = {
  pause: 'Chaos Mesh cannot freeze a pod (no cgroup-freezer action); use kill or stop (PodChaos pod-failure) instead',
  reset_peer: 'Chaos Mesh has no TCP reset; use partition (NetworkChaos partition) instead',
  redeliver: 'a Kafka redelivery runs Kafka tools inside the broker, which is not a Chaos Mesh fault',
};

const MAPPERS: Partial<Record<string, (a: ActionSpec, f: Fault, ns: string) => Spec[]>> = {
  kill: podFailure,
  stop: podFailure,
  restart: podKill,
  netem: network,
  partition: network,
  stress,
};

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
  const map = MAPPERS[f.action];
  if (!map)
    throw new Error(
      `fault ${f.id}: ${f.action} has no Kubernetes (Chaos Mesh) equivalent: ${UNMAPPED[f.action] ?? 'not mapped'}`,
    );
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
  return plan.faults
    .filter((f) => !MAPPERS[f.action])
    .map(
      (f) =>
        `fault ${f.id}: ${f.action} has no Kubernetes (Chaos Mesh) equivalent: ${UNMAPPED[f.action] ?? 'not mapped'}`,
    );
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

/** The label selector of one run's resources (or of every resource the harness made, without a run). */
export function runSelector(runId?: string): string {
  const managed = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`);
  return (runId === undefined ? managed : [...managed, `${RUN_LABEL}=${dnsPart(runId, 63)}`]).join(',');
}
