// What the three network faults (netem, partition, reset_peer) share: they act on Toxiproxy's proxies in
// front of the target (targets.ts, the stack contract), by adding harness-named toxics and, for a
// partition in `down` mode, disabling the proxy.
import type { Checker, Obj, Path } from '../checker.js';
import { TOXIC_PREFIX, type Primitive, type Toxic } from '../primitives.js';
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
