// How every Docker client of the project reaches the engine: from the environment, read as the
// docker CLI reads it, so `stack`, `chaos`/`heal` and a bundle's k6/x/docker calls always talk to
// the same engine the user's `docker` does.
//   DOCKER_HOST         unix:///path or tcp://host[:port] (a bare host:port is tcp); unset or empty:
//                       unix:///var/run/docker.sock. A tcp port defaults to 2376 with TLS, else 2375.
//   DOCKER_TLS_VERIFY   any non-empty value: TLS, and the engine's certificate is verified.
//   DOCKER_TLS          any non-empty value: TLS without verification (implied by DOCKER_TLS_VERIFY).
//   DOCKER_CERT_PATH    where ca.pem, cert.pem and key.pem are (default ~/.docker); a missing file is
//                       left out, as the CLI does.
//   DOCKER_API_VERSION  the API version to speak; unset: each caller's default.
// Self-contained (the runtime imports no harness code; the harness imports this).
import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export type DockerEnv = Record<string, string | undefined>;

/** A Docker setting that cannot work: the message names the variable, the value and what to do. */
export class DockerEnvError extends Error {
  override name = 'DockerEnvError';
}

export interface DockerConnection {
  /** The engine's address as resolved (unix:///var/run/docker.sock, tcp://host:2376), for messages. */
  host: string;
  /** Whether it is a local socket (an engine the harness could start itself). */
  local: boolean;
  /** DOCKER_API_VERSION when set, as given (cliDocker checks it; the runtime applies xk6-docker's rule). */
  apiVersion?: string;
  /** dockerode's connection options, without the API version (`agent`: docker-modem takes it, the types omit it). */
  options: Docker.DockerOptions & { agent?: Agent };
}

const USE = 'use unix:///path/to/docker.sock or tcp://host:port';

function hostError(raw: string, what: string): DockerEnvError {
  return new DockerEnvError(
    `DOCKER_HOST=${JSON.stringify(raw)} ${what}; ${USE} (or unset it for ${DEFAULT_DOCKER_HOST})`,
  );
}

/** DOCKER_CERT_PATH, else ~/.docker. */
export const certDir = (env: DockerEnv = process.env): string => env.DOCKER_CERT_PATH || join(homedir(), '.docker');

function readCert(dir: string, file: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DockerEnvError(
      `DOCKER_CERT_PATH: cannot read ${join(dir, file)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions or point DOCKER_CERT_PATH elsewhere`,
    );
  }
}

function tcpOptions(raw: string, address: string, env: DockerEnv): Pick<DockerConnection, 'host' | 'options'> {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  const tls = verify || Boolean(env.DOCKER_TLS);
  let url: URL;
  try {
    // An empty host means localhost, as in the CLI (tcp://:2375).
    url = new URL(`http://${address.startsWith(':') ? `localhost${address}` : address}`);
  } catch {
    throw hostError(raw, 'is not a host[:port] address');
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw hostError(raw, 'has more than host[:port] (no user, path or query is supported)');
  }
  const port = url.port || (tls ? '2376' : '2375');
  const options: DockerConnection['options'] = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(port),
    protocol: tls ? 'https' : 'http',
  };
  if (tls) {
    const dir = certDir(env);
    const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((f) => readCert(dir, f));
    Object.assign(options, { ca, cert, key });
    if (!verify) options.agent = new Agent({ rejectUnauthorized: false, ca, cert, key });
  }
  return { host: `tcp://${url.hostname}:${port}`, options };
}

/** Reads DOCKER_HOST and the TLS variables as the docker CLI does; one that cannot work throws DockerEnvError. */
export function dockerConnection(env: DockerEnv = process.env): DockerConnection {
  const apiVersion = (env.DOCKER_API_VERSION ?? '').trim() || undefined;
  const raw = (env.DOCKER_HOST ?? '').trim();
  const text = raw === '' ? DEFAULT_DOCKER_HOST : raw.includes('://') ? raw : `tcp://${raw}`;
  const scheme = text.slice(0, text.indexOf('://')).toLowerCase();
  const rest = text.slice(scheme.length + 3);
  if (scheme === 'unix') {
    if (rest === '') throw hostError(raw, 'names no socket path');
    return { host: text, local: true, apiVersion, options: { socketPath: rest } };
  }
  if (scheme === 'tcp') return { ...tcpOptions(raw, rest, env), local: false, apiVersion };
  throw hostError(raw, `uses ${scheme}://, which cdc-chaos does not support`);
}

/** A client of the engine speaking `version` (undefined: unversioned paths, i.e. the engine's own version). */
export function dockerClient(conn: DockerConnection, version?: string): Docker {
  return new Docker({ ...conn.options, ...(version ? { version: `v${version}` } : {}) });
}

/** The client the docker CLI would use: DOCKER_API_VERSION when set (checked), else the engine's own version. */
export function cliDocker(env: DockerEnv = process.env): { conn: DockerConnection; docker: Docker } {
  const conn = dockerConnection(env);
  if (conn.apiVersion !== undefined && !/^\d+\.\d+$/.test(conn.apiVersion)) {
    throw new DockerEnvError(
      `DOCKER_API_VERSION=${JSON.stringify(conn.apiVersion)} is not an API version such as 1.43; unset it or run: export DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`,
    );
  }
  return { conn, docker: dockerClient(conn, conn.apiVersion) };
}
