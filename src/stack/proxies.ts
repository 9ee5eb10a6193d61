// Toxiproxy proxies through its API on 127.0.0.1:8474: created when missing, re-enabled when a fault left them off.
import { HOST_PORTS } from './env.js';
import { StackError } from './errors.js';
import { PROXIES } from '../experiment/contract.js';
import { fetchJson } from './wait.js';

const API = `http://127.0.0.1:${HOST_PORTS['cdc-toxiproxy']}`;

interface ProxyState {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: unknown[];
}

export async function toxiproxyReady(): Promise<true | undefined> {
  const r = await fetchJson(`${API}/version`, {}, 2000);
  return r.status === 200 ? true : undefined;
}

/** Returns the names of proxies that were created or changed. */
export async function ensureProxies(log: (m: string) => void = () => {}): Promise<string[]> {
  const r = await fetchJson(`${API}/proxies`);
  if (r.status !== 200) throw new StackError(`Toxiproxy API answered ${r.status} to GET /proxies`, 'read `cdc-chaos stack logs cdc-toxiproxy`');
  const have = r.body as Record<string, ProxyState>;
  const changed: string[] = [];
  for (const p of PROXIES) {
    const cur = have[p.name];
    const toxics = (cur?.toxics ?? []) as Array<{ name?: string }>;
    if (toxics.length) {
      log(`warning: proxy ${p.name} still has toxics (${toxics.map((t) => t.name).join(', ')}) - a fault left behind? \`cdc-chaos heal\` removes them`);
    }
    if (cur && cur.listen.endsWith(p.listen.split(':')[1]) && cur.upstream === p.upstream && cur.enabled) continue;
    const res = cur
      ? await fetchJson(`${API}/proxies/${p.name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upstream: p.upstream, enabled: true }) })
      : await fetchJson(`${API}/proxies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) });
    if (res.status >= 300) {
      throw new StackError(`Toxiproxy refused proxy ${p.name}: ${res.status} ${JSON.stringify(res.body)}`, 'read `cdc-chaos stack logs cdc-toxiproxy`');
    }
    changed.push(p.name);
  }
  return changed;
}
