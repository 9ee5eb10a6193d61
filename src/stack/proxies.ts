// The contract's Toxiproxy proxies, through the one Node client (src/chaos/toxiproxy.ts): created when missing,
// re-enabled when a fault left them off.
import { PROXIES } from '../experiment/contract.js';
import { putProxy, proxiesByName, toxiproxy, type ToxiproxyApi } from '../chaos/toxiproxy.js';
import { stackEndpoints } from './env.js';
import { StackError } from './errors.js';

const API = { toxiproxyUrl: stackEndpoints().TOXIPROXY_URL };
const LOGS = 'read `cdc-chaos stack logs cdc-toxiproxy`';

export async function toxiproxyReady(): Promise<true | undefined> {
  await toxiproxy(API, 'GET', '/version', undefined, [200], 2000);
  return true;
}

/** Returns the names of proxies that were created or changed. */
export async function ensureProxies(log: (m: string) => void = () => {}, api: ToxiproxyApi = API): Promise<string[]> {
  try {
    const have = await proxiesByName(api);
    const changed: string[] = [];
    for (const p of PROXIES) {
      const cur = have[p.name];
      const toxics = cur?.toxics ?? [];
      if (toxics.length) {
        log(
          `warning: proxy ${p.name} still has toxics (${toxics.map((t) => t.name).join(', ')}) - a fault left behind? \`cdc-chaos heal\` removes them`,
        );
      }
      if (cur && cur.listen.endsWith(p.listen.split(':')[1]) && cur.upstream === p.upstream && cur.enabled) continue;
      await putProxy(api, p, cur !== undefined);
      changed.push(p.name);
    }
    return changed;
  } catch (e) {
    throw new StackError(`Toxiproxy: ${(e as Error).message}`, LOGS);
  }
}
