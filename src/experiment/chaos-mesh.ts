// The Kubernetes fault backend's shared vocabulary: the Chaos Mesh kinds, the labels every resource carries for cleanup,
// the allowlist as a label selector, a fault's window. Each fault type maps itself (its `chaosMesh`, or the
// `chaosMeshRefusal` saying why Kubernetes cannot cause it) in its file under faults/, from these; kubernetes-plan.ts
// turns a plan into the resources, src/k6/kubernetes.ts creates and deletes them through the API server, and
// `cdc-chaos heal --kubernetes` deletes by label. Every resource carries `duration` = the fault's window, so Chaos Mesh
// ends the fault on its own even if nobody deletes the resource (the role stress-ng's --timeout plays locally).
// The k6 bundles import it (through the fault registry): no node: imports here.

import { TARGET_LABEL } from './allowlist.js';
import type { Fault } from './fault-plan.js';

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

/** What a fault type's `chaosMesh` returns: one resource's kind and spec; `suffix` ends its name (unique per fault). */
export interface ChaosMeshSpec {
  kind: ChaosMeshKind;
  suffix: string;
  spec: Record<string, unknown>;
}

/** Where the resources of a kind live in the API (collection path). */
export function collectionPath(kind: ChaosMeshKind, namespace: string): string {
  return `/apis/${CHAOS_MESH_API}/namespaces/${encodeURIComponent(namespace)}/${CHAOS_MESH_KINDS[kind]}`;
}

/** A label value / name part from free text: lower case, [a-z0-9-], at most `max` characters, alphanumeric ends. */
export function dnsPart(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s;
}

/** Pods a selector picks: the target's, and only if they carry the allowlist label (the blast radius). */
export function podSelector(ns: string, targets: string[]): Record<string, unknown> {
  const labels: Record<string, string> = { [TARGET_LABEL]: 'true' };
  if (targets.length === 1) return { namespaces: [ns], labelSelectors: { ...labels, [NAME_LABEL]: targets[0] } };
  return {
    namespaces: [ns],
    labelSelectors: labels,
    expressionSelectors: [{ key: NAME_LABEL, operator: 'In', values: targets }],
  };
}

/** Whole seconds, at least 1: Chaos Mesh's own deadline for the fault. */
export const faultWindow = (f: Fault) => `${Math.max(1, Math.ceil((f.endMs - f.startMs) / 1000))}s`;

/** The label selector of one run's resources (or of every resource the harness made, without a run). */
export function runSelector(runId?: string): string {
  const managed = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`);
  return (runId === undefined ? managed : [...managed, `${RUN_LABEL}=${dnsPart(runId, 63)}`]).join(',');
}
