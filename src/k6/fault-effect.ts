// When a fault (or its undo) is observably in place, looked at right after its dispatch: a killed
// container no longer running, a paused one paused, a toxic listed on its proxy, a proxy disabled. A
// dispatch returns before the effect (a container kill takes effect some 300 ms later), so the run's
// history keeps both times.

import { sleep } from 'k6';
import http from 'k6/http';
import containers from 'k6/x/docker/containers';
import type { Primitive } from '../experiment/primitives.js';
import { CONFIG } from './config.js';

const POLL_MS = 50;
const HTTP = { timeout: '2s', tags: { name: 'toxiproxy' } };

interface ProxyState {
  enabled?: boolean;
  toxics?: { name: string }[];
}

function proxyState(proxy: string): ProxyState | undefined {
  const res = http.get(`${CONFIG.toxiproxyUrl}/proxies/${encodeURIComponent(proxy)}`, HTTP);
  return res.status === 200 ? (res.json() as ProxyState) : undefined;
}

/** Whether the primitive's effect is in place now; undefined = it cannot be seen from here (or the look failed). */
function inPlace(op: Primitive): boolean | undefined {
  try {
    switch (op.kind) {
      case 'container': {
        const st = containers.inspect(op.container).state;
        if (op.op === 'stop') return !st.running;
        if (op.op === 'start') return st.running;
        return op.op === 'pause' ? st.paused : !st.paused;
      }
      case 'container_ensure_running': {
        const st = containers.inspect(op.container).state;
        return st.running && !st.paused;
      }
      case 'toxic_add':
      case 'toxic_remove':
      case 'toxics_clear': {
        const names = (proxyState(op.proxy)?.toxics ?? null)?.map((t) => t.name);
        if (!names) return undefined;
        if (op.kind === 'toxic_add') return names.indexOf(op.toxic.name) >= 0;
        if (op.kind === 'toxic_remove') return names.indexOf(op.name) < 0;
        return !names.some((n) => n.indexOf(op.prefix) === 0);
      }
      case 'proxy_enabled': {
        const enabled = proxyState(op.proxy)?.enabled;
        return enabled === undefined ? undefined : enabled === op.enabled;
      }
      case 'exec':
        // A fault process is proven running right after its exec (chaos.ts asks the target); other execs report nothing.
        return op.process ? true : undefined;
      case 'chaos_mesh_create':
      case 'chaos_mesh_delete':
      case 'chaos_mesh_clear':
        // The API server accepted it; whether Chaos Mesh's controller acted on the pods cannot be seen from here.
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** What a primitive changes: of several on one subject (a heal's kill-then-start), only the last one's effect stays. */
function subject(op: Primitive): string {
  switch (op.kind) {
    case 'container':
    case 'container_ensure_running':
      return `container ${op.container}`;
    case 'toxic_add':
      return `toxic ${op.proxy} ${op.toxic.name}`;
    case 'toxic_remove':
      return `toxic ${op.proxy} ${op.name}`;
    case 'toxics_clear':
      return `toxics ${op.proxy}`;
    case 'proxy_enabled':
      return `proxy ${op.proxy}`;
    case 'exec':
      return `exec ${op.container} ${op.cmd.join(' ')}`;
    case 'chaos_mesh_create':
      return `chaos ${op.resource.metadata.namespace} ${op.resource.kind} ${op.resource.metadata.name}`;
    case 'chaos_mesh_delete':
      return `chaos ${op.namespace} ${op.resourceKind} ${op.name}`;
    case 'chaos_mesh_clear':
      return `chaos ${op.namespace} run ${op.runId}`;
  }
}

/** Primitives whose effect the runner cannot look at (an exec's output, what Chaos Mesh's controller did): no wait. */
const NEVER_SEEN = new Set<Primitive['kind']>(['exec', 'chaos_mesh_create', 'chaos_mesh_delete', 'chaos_mesh_clear']);

/** Wall-clock ms when every primitive's lasting effect was seen in place (looking for up to `waitMs`), or null when one never was. */
export function waitForEffect(ops: Primitive[], waitMs = 10_000): number | null {
  const last = new Map<string, Primitive>();
  for (const op of ops) last.set(subject(op), op);
  const pending = Array.from(last.values());
  const started = Date.now();
  while (pending.length > 0) {
    for (let i = pending.length - 1; i >= 0; i--) {
      const seen = inPlace(pending[i]);
      if (seen === undefined && NEVER_SEEN.has(pending[i].kind)) return null;
      if (seen === true) pending.splice(i, 1);
    }
    if (pending.length === 0) break;
    if (Date.now() - started >= waitMs) return null;
    sleep(POLL_MS / 1000);
  }
  return Date.now();
}
