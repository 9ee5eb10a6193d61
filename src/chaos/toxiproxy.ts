// The Toxiproxy side of heal/halt: only operations that restore (remove harness toxics, enable
// proxies, reset). Toxiproxy's API is the control path: it is used, never faulted.
import { TOXIC_PREFIX } from '../experiment/primitives.js';
import { toxiproxy, type ChaosEnv } from './env.js';

export interface ProxyState {
  name: string;
  enabled: boolean;
  toxics: { name: string; type: string }[];
}

export async function listProxies(env: ChaosEnv): Promise<ProxyState[]> {
  const body = (await toxiproxy(env, 'GET', '/proxies')) as Record<string, ProxyState>;
  return Object.values(body).sort((a, b) => a.name.localeCompare(b.name));
}

export async function enableProxy(env: ChaosEnv, proxy: string): Promise<string> {
  await toxiproxy(env, 'POST', `/proxies/${encodeURIComponent(proxy)}`, { enabled: true });
  return `enabled proxy ${proxy}`;
}

/** Removes the named toxic, only if the harness made it (its name carries TOXIC_PREFIX). */
export async function removeToxic(env: ChaosEnv, proxy: string, name: string): Promise<string> {
  if (name.indexOf(TOXIC_PREFIX) !== 0) throw new Error(`toxic ${name} on ${proxy} is not the harness's (no ${TOXIC_PREFIX} prefix): left alone`);
  await toxiproxy(env, 'DELETE', `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(name)}`, undefined, [200, 204, 404]);
  return `removed toxic ${name} from ${proxy}`;
}

/** Removes every harness toxic of the proxy. */
export async function clearHarnessToxics(env: ChaosEnv, proxy: string): Promise<string> {
  const toxics = (await toxiproxy(env, 'GET', `/proxies/${encodeURIComponent(proxy)}/toxics`, undefined, [200, 404])) as { name: string }[] | { error: string } | undefined;
  const mine = Array.isArray(toxics) ? toxics.filter((t) => t.name.indexOf(TOXIC_PREFIX) === 0) : [];
  for (const t of mine) await removeToxic(env, proxy, t.name);
  return mine.length > 0 ? `removed ${mine.map((t) => t.name).join(', ')} from ${proxy}` : `no harness toxic on ${proxy}`;
}

/** Global halt: every toxic removed and every proxy enabled (Toxiproxy's own POST /reset). */
export async function resetAll(env: ChaosEnv): Promise<string> {
  await toxiproxy(env, 'POST', '/reset');
  return `toxiproxy reset (every toxic removed, every proxy enabled)`;
}
