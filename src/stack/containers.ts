// Runs ServiceSpecs as containers, idempotently: a container whose spec hash label matches and that runs is left
// alone; a stopped one is started; one whose spec changed is recreated.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { LABEL_SPEC, LABEL_STACK, LABEL_TARGET, NETWORK, STACK_VALUE } from './config.js';
import { StackError } from './errors.js';
import type { Progress } from './progress.js';
import type { ServiceSpec } from './services/spec.js';
import { CONTAINERS } from '../experiment/contract.js';

export type EnsureResult = 'unchanged' | 'started' | 'created';

function createOptions(spec: ServiceSpec, hash: string): Docker.ContainerCreateOptions {
  const ports = Object.entries(spec.ports ?? {});
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const [c, h] of ports) {
    exposed[`${c}/tcp`] = {};
    bindings[`${c}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: String(h) }];
  }
  return {
    name: spec.name,
    Hostname: spec.name,
    Image: spec.image,
    Cmd: spec.cmd.length ? spec.cmd : undefined,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    User: spec.user,
    WorkingDir: spec.workingDir,
    StopSignal: spec.stopSignal,
    ExposedPorts: exposed,
    Labels: {
      [LABEL_STACK]: STACK_VALUE,
      ...(spec.target ? { [LABEL_TARGET]: 'true' } : {}),
      [LABEL_SPEC]: hash,
    },
    Healthcheck: spec.healthcheck
      ? { Test: ['CMD-SHELL', spec.healthcheck], Interval: 3e9, Timeout: 5e9, Retries: 3, StartPeriod: 60e9 }
      : undefined,
    HostConfig: {
      Binds: spec.binds,
      PortBindings: bindings,
      Init: spec.init ?? false,
      NetworkMode: NETWORK,
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: { EndpointsConfig: { [NETWORK]: { Aliases: [spec.name] } } },
  };
}

/** Hash of everything the container is created from (Docker options + config-file fingerprint). */
export function specHash(spec: ServiceSpec): string {
  return createHash('sha256')
    .update(JSON.stringify([createOptions(spec, ''), spec.fingerprint ?? '']))
    .digest('hex')
    .slice(0, 16);
}

export async function inspectOrUndefined(d: Docker, name: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await d.getContainer(name).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** What `ensure` would do, without doing it (used for the port pre-check). */
export async function plan(d: Docker, spec: ServiceSpec): Promise<EnsureResult> {
  const info = await inspectOrUndefined(d, spec.name);
  if (!info || info.Config.Labels?.[LABEL_SPEC] !== specHash(spec)) return 'created';
  return info.State.Running ? 'unchanged' : 'started';
}

export async function ensureContainer(d: Docker, spec: ServiceSpec, log: Progress): Promise<EnsureResult> {
  const hash = specHash(spec);
  const info = await inspectOrUndefined(d, spec.name);
  if (info && info.Config.Labels?.[LABEL_STACK] !== STACK_VALUE) {
    throw new StackError(
      `a container named ${spec.name} exists but was not made by cdc-chaos`,
      `remove or rename it (\`docker rm -f ${spec.name}\`), then retry`,
    );
  }
  if (info && info.Config.Labels?.[LABEL_SPEC] === hash) {
    if (info.State.Running) {
      if (info.State.Paused) {
        log(`${spec.name}: paused (left by a fault?) - unpausing`);
        await d.getContainer(spec.name).unpause();
        return 'started';
      }
      return 'unchanged';
    }
    spec.prepare?.();
    log(`${spec.name}: starting existing container`);
    await d.getContainer(spec.name).start();
    return 'started';
  }
  if (info) {
    log(`${spec.name}: its configuration changed - recreating`);
    if (info.State.Running && !info.State.Paused)
      await d
        .getContainer(spec.name)
        .stop({ t: 10 })
        .catch(() => {});
    await d.getContainer(spec.name).remove({ force: true });
  }
  spec.prepare?.();
  log(`${spec.name}: creating`);
  try {
    const c = await d.createContainer(createOptions(spec, hash));
    await c.start();
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/No such image/i.test(msg)) {
      throw new StackError(
        `image ${spec.image} for ${spec.name} is not on this Docker engine`,
        `build or load it (\`docker build\` / \`docker load\`), then retry`,
      );
    }
    if (/address already in use|port is already allocated/i.test(msg)) {
      throw new StackError(
        `${spec.name} could not publish its port: ${msg}`,
        'free that port on 127.0.0.1 (see `ss -ltnp`), then retry',
      );
    }
    throw new StackError(
      `${spec.name} could not be started: ${msg}`,
      `read \`cdc-chaos stack logs ${spec.name}\`, fix the cause, then retry`,
    );
  }
  return 'created';
}

export async function stackContainers(d: Docker): Promise<Docker.ContainerInfo[]> {
  return d.listContainers({ all: true, filters: { label: [`${LABEL_STACK}=${STACK_VALUE}`] } });
}

/** The guard and the clients first (the guard would only report the stores going away), so the consumer and Connect leave their groups cleanly (else Kafka keeps a dead member until its
 * session times out and the next start waits for that), then the rest; each gets `graceS` to stop, then is removed. */
const STOP_ORDER: string[][] = [
  [CONTAINERS.guard, CONTAINERS.consumer, CONTAINERS.connect, CONTAINERS.lagExporter],
  [CONTAINERS.kafka, CONTAINERS.postgres, CONTAINERS.mongodb, CONTAINERS.toxiproxy, CONTAINERS.prometheus],
];

export async function removeStackContainers(d: Docker, log: Progress, graceS = 10): Promise<string[]> {
  const list = await stackContainers(d);
  const nameOf = (c: Docker.ContainerInfo) => c.Names[0]?.replace(/^\//, '') ?? c.Id;
  const stage = (c: Docker.ContainerInfo) => {
    const i = STOP_ORDER.findIndex((names) => names.includes(nameOf(c)));
    return i < 0 ? STOP_ORDER.length : i;
  };
  for (let s = 0; s <= STOP_ORDER.length; s++) {
    await Promise.all(
      list
        .filter((c) => stage(c) === s)
        .map(async (c) => {
          const ctr = d.getContainer(c.Id);
          if (c.State === 'paused') await ctr.unpause().catch(() => {});
          if (c.State === 'running' || c.State === 'paused') await ctr.stop({ t: graceS }).catch(() => {});
          await ctr.remove({ force: true });
          log(`${nameOf(c)}: removed`);
        }),
    );
  }
  return list.map(nameOf);
}

/** Last lines of a container's output, for error messages. */
export async function tailLogs(d: Docker, name: string, lines = 20): Promise<string> {
  try {
    const buf = await d.getContainer(name).logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demux(buf).trimEnd();
  } catch {
    return '';
  }
}

/** Docker's multiplexed log stream (8-byte frame headers) to plain text. */
export function demux(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return i === 0 && buf.length > 0 ? buf.toString('utf8') : out;
}
