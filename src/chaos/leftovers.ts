// What is still broken right now, whatever any journal says: paused or stopped allowlisted
// containers, toxics on any proxy, disabled proxies, stress-ng or redelivery processes in allowlisted
// containers. `heal` prints it after repairing; the safety tests assert it is empty.
import { FAULT_PROCESSES } from '../experiment/faults/index.js';
import { allowlistedContainers, execCapture } from './containers.js';
import { dockerCall, type ChaosEnv } from './env.js';
import { listProxies } from './toxiproxy.js';

/** Optional scope (tests on a shared stack): only these containers and proxies are looked at. */
export interface LeftoverScope {
  containers: string[];
  proxies: string[];
}

export async function leftovers(env: ChaosEnv, scope?: LeftoverScope): Promise<string[]> {
  const found: string[] = [];
  const containers = (await allowlistedContainers(env)).filter((n) => !scope || scope.containers.indexOf(n) >= 0);
  for (const name of containers) {
    const info = await dockerCall(env, `inspect ${name}`, () => env.docker.getContainer(name).inspect());
    if (info.State.Paused) found.push(`container ${name} is paused`);
    else if (!info.State.Running) found.push(`container ${name} is not running (${info.State.Status})`);
    else {
      for (const proc of FAULT_PROCESSES) {
        // pgrep exit 1 = no such process.
        const r = await execCapture(env, name, proc.pgrep);
        if (r.code === 0)
          found.push(`${proc.what} running in ${name} (pids ${r.stdout.trim().split(/\s+/).join(', ')})`);
      }
    }
  }
  for (const p of (await listProxies(env)).filter((x) => !scope || scope.proxies.indexOf(x.name) >= 0)) {
    if (!p.enabled) found.push(`proxy ${p.name} is disabled`);
    for (const t of p.toxics) found.push(`toxic ${t.name} (${t.type}) on proxy ${p.name}`);
  }
  return found;
}
