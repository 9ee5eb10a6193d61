// The few orthogonal operations every fault is built from (Toxiproxy's lesson: compose small
// primitives rather than write one bespoke fault per scenario). Pure data: src/k6/faults applies
// them through xk6-docker and Toxiproxy's HTTP API; the journal and dry run print them.

import type { ChaosResource } from './chaos-mesh.js';
import { CHAOS_MESH_KINDS } from './chaos-mesh.js';

export interface Toxic {
  name: string;
  type: 'timeout' | 'latency' | 'bandwidth' | 'reset_peer';
  stream: 'upstream' | 'downstream';
  toxicity: number;
  attributes: Record<string, number>;
}

export type Primitive =
  /** xk6-docker: stop = immediate SIGKILL (timeout 0), start, pause, unpause. */
  | { kind: 'container'; op: 'stop' | 'start' | 'pause' | 'unpause'; container: string }
  /** Undo: whatever state the container is in, leave it running and unpaused. */
  | { kind: 'container_ensure_running'; container: string }
  | { kind: 'toxic_add'; proxy: string; toxic: Toxic }
  | { kind: 'toxic_remove'; proxy: string; name: string }
  /** Undo: delete every toxic of this proxy whose name starts with the harness prefix. */
  | { kind: 'toxics_clear'; proxy: string; prefix: string }
  | { kind: 'proxy_enabled'; proxy: string; enabled: boolean }
  /** docker exec, fire-and-forget (xk6-docker returns no output or exit code); `undo` stops what it started,
   *  `what` says it in words where the command is a script, `process` names the fault process it starts
   *  (faults/: a FaultProcess's name; its tools are proven present before any fault, and its effect observed
   *  after the exec). */
  | { kind: 'exec'; container: string; cmd: string[]; undo?: string[]; what?: string; process?: string }
  /** Kubernetes (src/experiment/kubernetes-plan.ts): create a Chaos Mesh resource, delete it, or delete every one of a run. */
  | { kind: 'chaos_mesh_create'; resource: ChaosResource }
  | { kind: 'chaos_mesh_delete'; resourceKind: keyof typeof CHAOS_MESH_KINDS; namespace: string; name: string }
  | { kind: 'chaos_mesh_clear'; namespace: string; runId: string };

/** Every toxic the harness creates starts with this, so undo never removes someone else's toxic. */
export const TOXIC_PREFIX = 'cdc_chaos_';

export function describePrimitive(p: Primitive): string {
  switch (p.kind) {
    case 'container':
      return `docker ${p.op === 'stop' ? 'stop (SIGKILL, timeout 0)' : p.op} ${p.container}`;
    case 'container_ensure_running':
      return `docker unpause/start ${p.container} if needed`;
    case 'toxic_add':
      return `toxiproxy ${p.proxy}: add ${p.toxic.type} ${p.toxic.stream} ${JSON.stringify(p.toxic.attributes)} as ${p.toxic.name}`;
    case 'toxic_remove':
      return `toxiproxy ${p.proxy}: remove ${p.name}`;
    case 'toxics_clear':
      return `toxiproxy ${p.proxy}: remove every ${p.prefix}* toxic`;
    case 'proxy_enabled':
      return `toxiproxy ${p.proxy}: ${p.enabled ? 'enable' : 'disable (connections refused and closed)'}`;
    case 'exec':
      return `docker exec ${p.container} ${p.what ?? p.cmd.join(' ')}`;
    case 'chaos_mesh_create':
      return `kubernetes: create ${p.resource.kind} ${p.resource.metadata.namespace}/${p.resource.metadata.name}`;
    case 'chaos_mesh_delete':
      return `kubernetes: delete ${p.resourceKind} ${p.namespace}/${p.name}`;
    case 'chaos_mesh_clear':
      return `kubernetes: delete every Chaos Mesh resource of run ${p.runId} in ${p.namespace}`;
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string');

/** Why `v` (read back from a journal on disk) is not a well-formed Primitive, or undefined if it is one. */
export function primitiveProblem(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `not an operation: ${JSON.stringify(v)}`;
  const p = v as Record<string, unknown>;
  const bad = (field: string) => `${String(p.kind)} operation without a valid ${field}`;
  switch (p.kind) {
    case 'container':
      if (!isString(p.container)) return bad('container');
      return ['stop', 'start', 'pause', 'unpause'].indexOf(p.op as string) < 0 ? bad('op') : undefined;
    case 'container_ensure_running':
      return isString(p.container) ? undefined : bad('container');
    case 'toxic_add': {
      const t = p.toxic as Record<string, unknown> | null;
      if (!isString(p.proxy)) return bad('proxy');
      return t &&
        typeof t === 'object' &&
        isString(t.name) &&
        isString(t.type) &&
        isString(t.stream) &&
        t.attributes &&
        typeof t.attributes === 'object'
        ? undefined
        : bad('toxic');
    }
    case 'toxic_remove':
      return !isString(p.proxy) ? bad('proxy') : !isString(p.name) ? bad('name') : undefined;
    case 'toxics_clear':
      return !isString(p.proxy) ? bad('proxy') : !isString(p.prefix) ? bad('prefix') : undefined;
    case 'proxy_enabled':
      return !isString(p.proxy) ? bad('proxy') : typeof p.enabled !== 'boolean' ? bad('enabled') : undefined;
    case 'exec':
      if (!isString(p.container)) return bad('container');
      if (!isStrings(p.cmd)) return bad('cmd');
      if (p.undo !== undefined && !isStrings(p.undo)) return bad('undo');
      return p.what !== undefined && typeof p.what !== 'string' ? bad('what') : undefined;
    case 'chaos_mesh_create': {
      const r = p.resource as Record<string, unknown> | null;
      return r &&
        typeof r === 'object' &&
        typeof r.kind === 'string' &&
        r.kind in CHAOS_MESH_KINDS &&
        r.metadata &&
        typeof r.metadata === 'object'
        ? undefined
        : bad('resource');
    }
    case 'chaos_mesh_delete':
      if (typeof p.resourceKind !== 'string' || !(p.resourceKind in CHAOS_MESH_KINDS)) return bad('resourceKind');
      return !isString(p.namespace) ? bad('namespace') : !isString(p.name) ? bad('name') : undefined;
    case 'chaos_mesh_clear':
      return !isString(p.namespace) ? bad('namespace') : !isString(p.runId) ? bad('runId') : undefined;
    default:
      return `unknown operation kind ${JSON.stringify(p.kind)}`;
  }
}
