// Applies fault primitives: containers through xk6-docker (stop = immediate kill, no restart or
// kill-with-signal exist there), network faults through Toxiproxy's HTTP API with k6/http,
// stress through docker exec (fire-and-forget: xk6-docker returns no exit code); on Kubernetes, Chaos Mesh resources
// through the API server (src/k6/kubernetes.ts).

import { sleep } from 'k6';
import http from 'k6/http';
import containers from 'k6/x/docker/containers';
import type { Primitive } from '../experiment/primitives.js';
import { CONFIG } from './config.js';
import { applyChaosMesh } from './kubernetes.js';

const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' }, timeout: '5s', tags: { name: 'toxiproxy' } };

function expect(res: { status: number; body: unknown }, ok: number[], what: string): void {
  if (ok.indexOf(res.status) < 0) {
    const body = typeof res.body === 'string' ? res.body.slice(0, 200) : '';
    throw new Error(`${what}: Toxiproxy answered ${res.status || 'nothing (unreachable?)'} ${body}`);
  }
}

function proxyUrl(proxy: string): string {
  return `${CONFIG.toxiproxyUrl}/proxies/${encodeURIComponent(proxy)}`;
}

/** Attempts at a docker pause that runc's freezer gave up on. Two: runc's cgroup-v1 freezer tries for about a second
 *  (longer under load) before it gives up, and the other faults' leases are renewed only between steps (10 s lease). */
const PAUSE_ATTEMPTS = 2;

/** docker pause, tried again when runc could not freeze every task of the container in its time limit ("unable to
 *  freeze": Kafka Connect's JVM at a load average of 17 on 2 cores, CI of 49a8efe); runc thaws it again first. */
function pause(container: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      containers.pause(container);
      return;
    } catch (e) {
      if (attempt >= PAUSE_ATTEMPTS || !/unable to freeze/.test((e as Error).message)) throw e;
      sleep(0.25);
    }
  }
}

export function applyPrimitive(p: Primitive): void {
  switch (p.kind) {
    case 'container':
      if (p.op === 'stop') containers.stop(p.container);
      else if (p.op === 'start') containers.start(p.container);
      else if (p.op === 'pause') pause(p.container);
      // An undo must be idempotent: unpausing a container that is not paused (its pause failed: "unable to
      // freeze" on a busy machine) is an error in Docker but nothing to do here.
      else if (containers.inspect(p.container).state.paused) containers.unpause(p.container);
      return;
    case 'container_ensure_running': {
      const state = containers.inspect(p.container).state;
      if (state.paused) containers.unpause(p.container);
      if (!state.running) containers.start(p.container);
      return;
    }
    case 'toxic_add':
      // 409 = a toxic of that name exists already (a retried injection): same effect.
      expect(
        http.post(`${proxyUrl(p.proxy)}/toxics`, JSON.stringify(p.toxic), JSON_HEADERS),
        [200, 409],
        `add toxic ${p.toxic.name} to ${p.proxy}`,
      );
      return;
    case 'toxic_remove':
      expect(
        http.del(`${proxyUrl(p.proxy)}/toxics/${encodeURIComponent(p.name)}`, null, JSON_HEADERS),
        [200, 204, 404],
        `remove toxic ${p.name} from ${p.proxy}`,
      );
      return;
    case 'toxics_clear': {
      const res = http.get(`${proxyUrl(p.proxy)}/toxics`, JSON_HEADERS);
      expect(res, [200], `list toxics of ${p.proxy}`);
      for (const t of res.json() as { name: string }[]) {
        if (t.name.indexOf(p.prefix) === 0) applyPrimitive({ kind: 'toxic_remove', proxy: p.proxy, name: t.name });
      }
      return;
    }
    case 'proxy_enabled':
      expect(
        http.post(proxyUrl(p.proxy), JSON.stringify({ enabled: p.enabled }), JSON_HEADERS),
        [200],
        `${p.enabled ? 'enable' : 'disable'} proxy ${p.proxy}`,
      );
      return;
    case 'exec':
      containers.exec(p.container, { cmd: p.cmd });
      return;
    case 'chaos_mesh_create':
    case 'chaos_mesh_delete':
    case 'chaos_mesh_clear':
      applyChaosMesh(p);
      return;
  }
}

/** Whether a container looks healthy: running, not paused, and healthy if it has a healthcheck. */
export function containerHealthy(name: string): boolean {
  const state = containers.inspect(name).state;
  const health = state.health as { status?: string } | undefined;
  return state.running && !state.paused && (!health || !health.status || health.status === 'healthy');
}
