// What the three network faults (netem, partition, reset_peer) share: they act on Toxiproxy's proxies in
// front of the target (targets.ts, the stack contract), by adding harness-named toxics and, for a
// partition in `down` mode, disabling the proxy. On Kubernetes, netem and partition are NetworkChaos between
// the target's pods and the other ends of those links.
import { faultWindow, podSelector, type ChaosMeshSpec } from '../chaos-mesh.js';
import type { Checker, Obj, Path } from '../checker.js';
import type { Fault } from '../fault-plan.js';
import { TOXIC_PREFIX, type Primitive, type Toxic } from '../primitives.js';
import type { ActionSpec } from '../scenario.js';
import { isProxy, PROXIES, proxiesFor } from '../targets.js';

export interface NetworkParams {
  /** Toxiproxy proxies the fault applies to; default: every contract proxy in front of the target. */
  proxies?: string[];
  /** Loss 100 % = partition (the only loss Toxiproxy can model). */
  partition?: 'blackhole' | 'down';
  delayMs?: number;
  jitterMs?: number;
  /** Bandwidth cap, KB/s. */
  rateKBps?: number;
}

declare module '../scenario.js' {
  interface ActionSpec {
    network?: NetworkParams;
  }
}

/** `params.proxies`, each a contract proxy; undefined when not given. */
function proxiesParam(c: Checker, p: Obj, path: Path): string[] | undefined {
  const list = c.array(p, 'proxies', path, false);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !isProxy(v))
      c.fail(path.concat('proxies', i), `unknown proxy ${JSON.stringify(v)} (contract proxies: ${PROXIES.join(', ')})`);
    else out.push(v);
  });
  if (out.length === 0 && list.length === 0) c.fail(path.concat('proxies'), 'must name at least one proxy');
  return out;
}

/** The network params with the proxies the action names, if it names any. */
export function withProxies(c: Checker, p: Obj, path: Path): NetworkParams {
  const proxies = proxiesParam(c, p, path);
  return proxies ? { proxies } : {};
}

export function toxicName(faultId: string, suffix: string): string {
  return `${TOXIC_PREFIX}${faultId.replace(/[^A-Za-z0-9]+/g, '_')}_${suffix}`;
}

export function modeParam(c: Checker, v: unknown, path: Path): 'blackhole' | 'down' | undefined {
  if (v === 'blackhole' || v === 'down') return v;
  return c.fail(path, 'must be blackhole (silent drop) or down (connections refused/closed)');
}

/** A silent drop both ways: a `timeout` toxic with timeout 0 holds every byte. */
export function blackholeToxics(faultId: string): Toxic[] {
  return (['upstream', 'downstream'] as const).map((stream) => ({
    name: toxicName(faultId, `blackhole_${stream}`),
    type: 'timeout',
    stream,
    toxicity: 1,
    attributes: { timeout: 0 },
  }));
}

/** Inject and heal on the action's proxies (default: those in front of its target): the proxy disabled
 *  (`down`) and/or the toxics added; the heal undoes exactly that. */
export function proxyOps(
  target: string,
  net: NetworkParams,
  toxics: Toxic[],
): { inject: Primitive[]; heal: Primitive[] } {
  const inject: Primitive[] = [];
  const heal: Primitive[] = [];
  for (const proxy of net.proxies ?? proxiesFor(target)) {
    if (net.partition === 'down') {
      inject.push({ kind: 'proxy_enabled', proxy, enabled: false });
      heal.push({ kind: 'proxy_enabled', proxy, enabled: true });
    }
    for (const toxic of toxics) {
      inject.push({ kind: 'toxic_add', proxy, toxic });
      heal.push({ kind: 'toxic_remove', proxy, name: toxic.name });
    }
  }
  return { inject, heal };
}

/** The peers of a network fault: the other end of each link (the Docker stack's proxy) the scenario names. */
const LINK_ENDS: Record<string, [string, string]> = {
  consumer_kafka: ['cdc-consumer', 'cdc-kafka'],
  consumer_mongodb: ['cdc-consumer', 'cdc-mongodb'],
  connect_kafka: ['cdc-connect', 'cdc-kafka'],
  connect_postgres: ['cdc-connect', 'cdc-postgres'],
};

export function linkPeers(target: string, net: NetworkParams): string[] {
  const peers = new Set<string>();
  for (const proxy of net.proxies ?? proxiesFor(target))
    LINK_ENDS[proxy]?.filter((e) => e !== target).forEach((e) => peers.add(e));
  return [...peers].sort();
}

/** netem / partition on Kubernetes: one NetworkChaos per effect (a NetworkChaos has one action), between the target
 *  and its link peers. */
export function networkChaos(a: ActionSpec & { network: NetworkParams }, f: Fault, ns: string): ChaosMeshSpec[] {
  const net = a.network;
  const base = (direction: string) => ({
    mode: 'all',
    selector: podSelector(ns, [a.target]),
    direction,
    target: { mode: 'all', selector: podSelector(ns, linkPeers(a.target, net)) },
    duration: faultWindow(f),
  });
  const out: ChaosMeshSpec[] = [];
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
