// I/O side of k6/x/docker/* (grafana/xk6-docker v0.2.0 on Docker Go SDK v23): one client for the
// whole run (the extension builds its clients once, from DOCKER_HOST & co.: io/docker-connection.ts),
// API version 1.42 unless DOCKER_API_VERSION says otherwise, no negotiation here (`run` settles the version
// before this worker starts: io/docker-api.ts). Results keep the SDK's field names through k6's snake_case mapper.
import type Docker from 'dockerode';
import type { IoHandler } from './types.js';
import { XK6_DOCKER_API } from './docker-api.js';
import { dockerClient, dockerConnection, type DockerConnection } from './docker-connection.js';
import { apiKeys, goKeys } from './go-names.js';

const ENV_KEYS = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH', 'DOCKER_API_VERSION'];
let client: { key: string; conn: DockerConnection; docker: Docker } | undefined;
/** The run's client, made again only when the environment changes (tests do). */
function connected(): { conn: DockerConnection; docker: Docker } {
  const key = ENV_KEYS.map((k) => process.env[k] ?? '').join('\0');
  if (client?.key !== key) {
    const conn = dockerConnection();
    client = { key, conn, docker: dockerClient(conn, conn.apiVersion || XK6_DOCKER_API) };
  }
  return client;
}
const docker = (): Docker => connected().docker;

/** Go SDK wording: "Error response from daemon: <message>", or the dial failure message. */
function sdkError(e: unknown): Error {
  const err = e as Error & { statusCode?: number; json?: { message?: string } | null; reason?: string; code?: string };
  if (err.statusCode !== undefined) {
    const msg = err.json?.message ?? (typeof err.json === 'string' ? err.json : (err.reason ?? err.message));
    return Object.assign(new Error(`Error response from daemon: ${String(msg).trim()}`), {
      code: String(err.statusCode),
    });
  }
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'EACCES') {
    return Object.assign(
      new Error(`Cannot connect to the Docker daemon at ${connected().conn.host}. Is the docker daemon running?`),
      { code: err.code },
    );
  }
  return err instanceof Error ? err : new Error(String(e));
}

async function sdk<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    // The SDK treats 304 (already started/stopped) as success: only status >= 400 is an error.
    if ((e as { statusCode?: number }).statusCode === 304) return undefined as T;
    throw sdkError(e);
  }
}

/** A raw Engine API call, for the endpoints whose response dockerode replaces by a handle. */
function dial<T>(method: string, path: string, body: unknown): Promise<T> {
  const modem = docker().modem as unknown as {
    dial(o: object, cb: (err: Error | null, data: unknown) => void): void;
  };
  return new Promise((resolve, reject) =>
    modem.dial(
      {
        path,
        method,
        options: body,
        statusCodes: {
          200: true,
          201: true,
          400: 'bad parameter',
          403: 'forbidden',
          404: 'not found',
          409: 'conflict',
          500: 'server error',
        },
      },
      (err, data) => (err ? reject(err) : resolve(data as T)),
    ),
  );
}

const flag = (v: unknown) => (v ? true : undefined);
const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
const opts = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const drop = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;

const EXEC_FIELDS = [
  'User',
  'Privileged',
  'Tty',
  'AttachStdin',
  'AttachStderr',
  'AttachStdout',
  'Detach',
  'DetachKeys',
  'Env',
  'WorkingDir',
  'Cmd',
] as const;
const NETWORK_FIELDS = [
  'CheckDuplicate',
  'Driver',
  'Scope',
  'EnableIPv6',
  'IPAM',
  'Internal',
  'Attachable',
  'Ingress',
  'ConfigOnly',
  'ConfigFrom',
  'Options',
  'Labels',
] as const;
const VOLUME_FIELDS = ['Driver', 'DriverOpts', 'Labels', 'Name'] as const;

/** ContainerExecStart: POST /exec/{id}/start (not detached), then read ≤ 512 bytes and close. */
async function execStart(exec: Docker.Exec): Promise<void> {
  const stream = (await exec.start({ Detach: false, Tty: false })) as NodeJS.ReadableStream & { destroy(): void };
  await new Promise<void>((resolve) => {
    let seen = 0;
    const done = () => (stream.destroy(), resolve());
    stream.on('data', (b: Buffer) => {
      seen += b.length;
      if (seen >= 512) done();
    });
    stream.on('end', done).on('close', done).on('error', done);
  });
}

export const handlers: Record<string, IoHandler> = {
  'docker.containers.list': async ([o]) => {
    const q = opts(o);
    const limit = Number(q.limit ?? 0);
    const list = await sdk(() =>
      docker().listContainers(
        drop({
          all: flag(q.all),
          size: flag(q.size),
          limit: limit > 0 ? limit : undefined,
          since: str(q.since),
          before: str(q.before),
        }),
      ),
    );
    return goKeys(list);
  },
  'docker.containers.start': async ([id]) => void (await sdk(() => docker().getContainer(String(id)).start())),
  // xk6-docker passes StopOptions{Timeout: 0}: no grace period, immediate SIGKILL.
  'docker.containers.stop': async ([id]) => void (await sdk(() => docker().getContainer(String(id)).stop({ t: 0 }))),
  'docker.containers.pause': async ([id]) => void (await sdk(() => docker().getContainer(String(id)).pause())),
  'docker.containers.unpause': async ([id]) => void (await sdk(() => docker().getContainer(String(id)).unpause())),
  'docker.containers.logs': async ([id, o]) => {
    const q = opts(o);
    const buf = await sdk(() =>
      docker()
        .getContainer(String(id))
        .logs(
          drop({
            stdout: flag(q.show_stdout),
            stderr: flag(q.show_stderr),
            since: str(q.since),
            until: str(q.until),
            timestamps: flag(q.timestamps),
            follow: false as const,
            tail: str(q.tail),
            details: flag(q.details),
          }) as Docker.ContainerLogsOptions & { follow: false },
        ),
    );
    // Raw bytes (8-byte frame headers included without a TTY) as a Go string reaches JS: UTF-8,
    // invalid sequences become U+FFFD.
    return Buffer.isBuffer(buf) ? buf.toString('utf8') : String(buf ?? '');
  },
  'docker.containers.inspect': async ([id]) => goKeys(await sdk(() => docker().getContainer(String(id)).inspect())),
  'docker.containers.exec': async ([id, o]) => {
    const exec = await sdk(() =>
      docker()
        .getContainer(String(id))
        .exec(apiKeys(o, EXEC_FIELDS) as Docker.ExecCreateOptions),
    );
    await sdk(() => execStart(exec));
  },

  'docker.images.list': async ([o]) => {
    const q = opts(o);
    return goKeys(await sdk(() => docker().listImages(drop({ all: flag(q.all) }))));
  },
  'docker.images.pull': async ([ref]) => {
    const stream = await sdk(() => docker().pull(String(ref)));
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  },
  'docker.images.remove': async ([id, o]) => {
    const q = opts(o);
    // Go: noprune=1 unless prune_children; every item carries both fields.
    const items = (await sdk(() =>
      docker()
        .getImage(String(id))
        .remove(drop({ force: flag(q.force), noprune: q.prune_children ? undefined : true })),
    )) as Array<Record<string, string>>;
    return (items ?? []).map((i) => ({ untagged: i.Untagged ?? '', deleted: i.Deleted ?? '' }));
  },
  'docker.images.inspect': async ([id]) => goKeys(await sdk(() => docker().getImage(String(id)).inspect())),

  'docker.networks.list': async () => goKeys(await sdk(() => docker().listNetworks())),
  'docker.networks.create': async ([name, o]) => {
    const res = await sdk(() =>
      dial<{ Id: string; Warning?: string }>('POST', '/networks/create', {
        ...apiKeys(o, NETWORK_FIELDS),
        Name: String(name),
      }),
    );
    return { id: res.Id, warning: res.Warning ?? '' };
  },
  'docker.networks.remove': async ([id]) => void (await sdk(() => docker().getNetwork(String(id)).remove())),

  'docker.volumes.create': async ([o]) =>
    goKeys(await sdk(() => dial('POST', '/volumes/create', apiKeys(o, VOLUME_FIELDS)))),
  // The Go signature takes filters.Args, which sobek cannot build from JS: every volume is listed.
  'docker.volumes.list': async () => goKeys(await sdk(() => docker().listVolumes())),
  'docker.volumes.remove': async ([id, force]) =>
    void (await sdk(() =>
      docker()
        .getVolume(String(id))
        .remove(drop({ force: flag(force) })),
    )),
};
