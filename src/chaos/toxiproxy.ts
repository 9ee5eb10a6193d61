// The Node side's one Toxiproxy client (the bundles' is src/k6/faults.ts, on k6/http). Heal and
// halt only restore (remove harness toxics, enable proxies, reset); `stack up` creates the contract's
// proxies. Toxiproxy's API is the control path: it is used, never faulted.
import type { ProxyDef } from '../experiment/contract.js';
import { TOXIC_PREFIX } from '../experiment/primitives.js';
import { ChaosEnvError, type ChaosEnv } from './env.js';

/** Where the API is: a ChaosEnv, or just its URL. */
export type ToxiproxyApi = Pick<ChaosEnv, 'toxiproxyUrl'>;

/** A proxy as GET /proxies answers it. */
export interface ProxyState extends ProxyDef {
  toxics: { name: string; type: string }[];
}

/** One API call; unreachable → ChaosEnvError naming TOXIPROXY_URL; another status than `ok` → Error; returns the parsed body. */
export async function toxiproxy(
  api: ToxiproxyApi,
  method: string,
  path: string,
  body?: unknown,
  ok: number[] = [200, 204],
  timeoutMs = 5000,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${api.toxiproxyUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    // undici puts the reason in `cause` (a code such as ECONNREFUSED, or a message such as "bad port").
    const c = (e as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (e as Error).message;
    throw new ChaosEnvError(
      `Toxiproxy API at ${api.toxiproxyUrl} is unreachable (${cause}): start the stack (cdc-chaos stack up) or set TOXIPROXY_URL`,
    );
  }
  const text = await res.text();
  if (ok.indexOf(res.status) < 0)
    throw new Error(`Toxiproxy ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text === '' ? undefined : JSON.parse(text);
}

export async function proxiesByName(api: ToxiproxyApi): Promise<Record<string, ProxyState>> {
  return (await toxiproxy(api, 'GET', '/proxies')) as Record<string, ProxyState>;
}

export async function listProxies(api: ToxiproxyApi): Promise<ProxyState[]> {
  return Object.values(await proxiesByName(api)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Creates the proxy, or sets an existing one's upstream and enables it. */
export async function putProxy(api: ToxiproxyApi, p: ProxyDef, exists: boolean): Promise<void> {
  if (exists)
    await toxiproxy(api, 'POST', `/proxies/${encodeURIComponent(p.name)}`, { upstream: p.upstream, enabled: true });
  else await toxiproxy(api, 'POST', '/proxies', p, [200, 201]);
}

export async function enableProxy(api: ToxiproxyApi, proxy: string): Promise<string> {
  await toxiproxy(api, 'POST', `/proxies/${encodeURIComponent(proxy)}`, { enabled: true });
  return `enabled proxy ${proxy}`;
}

/** Removes the named toxic, only if the harness made it (its name carries TOXIC_PREFIX). */
export async function removeToxic(api: ToxiproxyApi, proxy: string, name: string): Promise<string> {
  if (name.indexOf(TOXIC_PREFIX) !== 0)
    throw new Error(`toxic ${name} on ${proxy} is not the harness's (no ${TOXIC_PREFIX} prefix): left alone`);
  await toxiproxy(
    api,
    'DELETE',
    `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(name)}`,
    undefined,
    [200, 204, 404],
  );
  return `removed toxic ${name} from ${proxy}`;
}

/** Removes every harness toxic of the proxy. */
export async function clearHarnessToxics(api: ToxiproxyApi, proxy: string): Promise<string> {
  const toxics = (await toxiproxy(
    api,
    'GET',
    `/proxies/${encodeURIComponent(proxy)}/toxics`,
    undefined,
    [200, 404],
  )) as { name: string }[] | { error: string } | undefined;
  const mine = Array.isArray(toxics) ? toxics.filter((t) => t.name.indexOf(TOXIC_PREFIX) === 0) : [];
  for (const t of mine) await removeToxic(api, proxy, t.name);
  return mine.length > 0
    ? `removed ${mine.map((t) => t.name).join(', ')} from ${proxy}`
    : `no harness toxic on ${proxy}`;
}

/** Global halt: every toxic removed and every proxy enabled (Toxiproxy's own POST /reset). */
export async function resetAll(api: ToxiproxyApi): Promise<string> {
  await toxiproxy(api, 'POST', '/reset');
  return `toxiproxy reset (every toxic removed, every proxy enabled)`;
}
