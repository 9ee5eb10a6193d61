// Readiness probes from the host, each failing fast when its container has exited.
import type Docker from 'dockerode';
import { MongoClient } from 'mongodb';
import { inspectOrUndefined, tailLogs } from './containers.js';
import { CONTAINERS } from '../experiment/contract.js';
import { HOST_PORTS, stackEndpoints } from './env.js';
import { StackError } from './errors.js';
import { fetchJson, waitFor } from './wait.js';

/** Throws at once when the container is gone or has exited (with its last log lines). */
export async function assertRunning(d: Docker, name: string): Promise<void> {
  const info = await inspectOrUndefined(d, name);
  if (info?.State.Running) return;
  const logs = await tailLogs(d, name, 15);
  throw new StackError(
    `${name} ${info ? `exited (code ${info.State.ExitCode})` : 'does not exist'}${logs ? `; its last output:\n${indent(logs)}` : ''}`,
    `read \`cdc-chaos stack logs ${name}\`, fix the cause, then rerun \`cdc-chaos stack up\``,
  );
}

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

export async function waitReady<T>(
  d: Docker,
  name: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  try {
    return await waitFor(
      async () => {
        await assertRunning(d, name);
        return probe();
      },
      {
        what: name,
        timeoutMs,
        hint: `read \`cdc-chaos stack logs ${name}\`; a slow machine may need CDC_CHAOS_STACK_TIMEOUT_S=600`,
      },
    );
  } catch (err) {
    if (err instanceof StackError && !err.message.includes('last output')) {
      const logs = await tailLogs(d, name, 15);
      if (logs) throw new StackError(`${err.message}; ${name}'s last output:\n${indent(logs)}`, err.hint, err.exitCode);
    }
    throw err;
  }
}

export async function mongoReady(): Promise<true | undefined> {
  const c = new MongoClient(stackEndpoints().MONGO_URL, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await c.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await c.close().catch(() => {});
  }
}

export async function httpOk(url: string): Promise<true | undefined> {
  const r = await fetchJson(url, {}, 3000);
  return r.status === 200 ? true : undefined;
}

export const consumerHealthUrl = `${stackEndpoints().CONSUMER_URL}/health`;
export const prometheusReadyUrl = `${stackEndpoints().PROMETHEUS_URL}/-/ready`;

/** Health of the harness's own HTTP services, probed from the host instead of by Docker healthchecks: each of those is
 *  a `docker exec` costing the engine ~60 ms of CPU, every 3 s per container, and no scenario faults these or reads
 *  their health. (The guard keeps its healthcheck: its heartbeat file is on the engine's side.) */
export const HOST_PROBED: Readonly<Record<string, string>> = {
  [CONTAINERS.toxiproxy]: `${stackEndpoints().TOXIPROXY_URL}/version`,
  [CONTAINERS.prometheus]: prometheusReadyUrl,
  [CONTAINERS.lagExporter]: `http://127.0.0.1:${HOST_PORTS[CONTAINERS.lagExporter]}/health`,
};

/** 'healthy' when the service answers 200, else 'unhealthy'. */
export async function hostHealth(url: string): Promise<'healthy' | 'unhealthy'> {
  return (await httpOk(url).catch(() => undefined)) ? 'healthy' : 'unhealthy';
}

/** Waits until Docker's own healthcheck agrees (so `stack status` right after `up` says healthy). */
export async function waitDockerHealthy(d: Docker, names: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const states = await Promise.all(
        names.map(async (n) => [n, (await inspectOrUndefined(d, n))?.State.Health?.Status ?? 'none'] as const),
      );
      const pending = states.filter(([, h]) => h !== 'healthy' && h !== 'none');
      if (pending.length) throw new Error(pending.map(([n, h]) => `${n} ${h}`).join(', '));
      return true;
    },
    {
      what: "Docker's healthchecks",
      timeoutMs,
      hint: 'see `cdc-chaos stack status` and `docker inspect --format "{{json .State.Health}}" <name>`',
    },
  );
}
