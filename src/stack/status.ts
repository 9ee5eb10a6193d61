// `stack status`: each container's state and health, plus the connector's state.
import { CONTAINERS as CONTRACT_CONTAINERS } from '../experiment/contract.js';
import { listProxies } from '../chaos/toxiproxy.js';
import { connectorStatus } from './connector.js';
import { inspectOrUndefined } from './containers.js';
import { docker, engineConnection } from './engine.js';
import { HOST_PORTS, PIPELINE, stackEndpoints } from './env.js';
import { StackError } from './errors.js';
import { HOST_PROBED, hostHealth } from './health.js';

export interface ContainerStatus {
  name: string;
  state: string; // running | exited | paused | missing | ...
  health: string; // healthy | unhealthy | starting | none
  port?: number;
}

export interface ProxyStatus {
  name: string;
  enabled: boolean;
  toxics: string[];
}

export interface StackStatus {
  containers: ContainerStatus[];
  connector: string; // RUNNING, FAILED, ... or 'unknown'
  proxies: ProxyStatus[]; // empty when Toxiproxy does not answer
  healthy: boolean;
}

/** Every stack container: those with a published port, and the guard (no port). */
export const CONTAINERS: string[] = [...Object.keys(HOST_PORTS), CONTRACT_CONTAINERS.guard];

export async function stackStatus(): Promise<StackStatus> {
  const d = docker();
  try {
    await d.ping();
  } catch {
    throw new StackError(
      `no Docker engine answers at ${engineConnection().host}`,
      'run `cdc-chaos stack up` (it starts a local engine)',
    );
  }
  const containers = await Promise.all(
    CONTAINERS.map(async (name): Promise<ContainerStatus> => {
      const info = await inspectOrUndefined(d, name);
      const probe = HOST_PROBED[name];
      return {
        name,
        state: info ? (info.State.Paused ? 'paused' : info.State.Status) : 'missing',
        health: info?.State.Health?.Status ?? (probe && info?.State.Running ? await hostHealth(probe) : 'none'),
        port: (HOST_PORTS as Record<string, number>)[name],
      };
    }),
  );
  let connector = 'unknown';
  try {
    const s = await connectorStatus();
    if (s)
      connector = [s.connector.state, ...s.tasks.map((t) => t.state)].every((x) => x === 'RUNNING')
        ? 'RUNNING'
        : `${s.connector.state} (tasks: ${s.tasks.map((t) => t.state).join(',') || 'none'})`;
    else connector = 'not registered';
  } catch {
    /* Connect not answering */
  }
  let proxies: ProxyStatus[] = [];
  try {
    const all = await listProxies({ toxiproxyUrl: stackEndpoints().TOXIPROXY_URL });
    proxies = all.map((p) => ({ name: p.name, enabled: p.enabled, toxics: p.toxics.map((t) => t.name) }));
  } catch {
    /* Toxiproxy not answering */
  }
  const healthy =
    containers.every((c) => c.state === 'running' && (c.health === 'healthy' || c.health === 'none')) &&
    connector === 'RUNNING';
  return { containers, connector, proxies, healthy };
}

export function formatStatus(s: StackStatus): string {
  const rows = s.containers.map(
    (c) => `${c.name.padEnd(16)} ${c.state.padEnd(9)} ${c.health.padEnd(10)} ${c.port ? `127.0.0.1:${c.port}` : '-'}`,
  );
  return [
    `${'CONTAINER'.padEnd(16)} ${'STATE'.padEnd(9)} ${'HEALTH'.padEnd(10)} PUBLISHED`,
    ...rows,
    `connector ${PIPELINE.connector}: ${s.connector}`,
    `proxies: ${s.proxies.map((p) => `${p.name}${p.enabled ? '' : ' (DISABLED)'}${p.toxics.length ? ` (toxics: ${p.toxics.join(',')})` : ''}`).join(', ') || 'unknown'}`,
    `stack: ${s.healthy ? 'healthy' : 'NOT healthy'}`,
  ].join('\n');
}
