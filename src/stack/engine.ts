// Makes sure a Docker engine answers where DOCKER_HOST & co. say (read as the docker CLI reads them:
// packages/k6-node-runtime/src/io/docker-connection.ts): starts the installed `dockerd` when none answers on a local socket.
import type Docker from 'dockerode';
import { spawn, spawnSync } from 'node:child_process';
import { openSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cliDocker,
  dockerClient,
  DockerEnvError,
  type DockerConnection,
} from 'k6-node-runtime/io/docker-connection.js';
import { StackError } from './errors.js';
import type { Progress } from './progress.js';
import { waitFor } from './wait.js';

function engine(): { conn: DockerConnection; docker: Docker } {
  try {
    return cliDocker();
  } catch (e) {
    if (e instanceof DockerEnvError)
      throw new StackError(e.message, 'fix the variable named above (README, "Which Docker engine"), then retry');
    throw e;
  }
}

export const docker = (): Docker => engine().docker;
export const engineConnection = (): DockerConnection => engine().conn;

/** The engine's own API version (asked unversioned), or undefined when no engine answers. */
export async function engineApiVersion(): Promise<string | undefined> {
  try {
    return (await dockerClient(engine().conn).version()).ApiVersion;
  } catch {
    return undefined;
  }
}

async function answers(d: Docker): Promise<boolean> {
  try {
    await d.ping();
    return true;
  } catch {
    return false;
  }
}

function which(cmd: string): string | undefined {
  const r = spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export async function ensureEngine(log: Progress, logDir: string, timeoutMs = 60_000): Promise<Docker> {
  const { conn, docker: d } = engine();
  if (await answers(d)) return d;
  if (!conn.local) {
    throw new StackError(
      `no Docker engine answers at ${conn.host} (DOCKER_HOST)`,
      'start that engine, or unset DOCKER_HOST to use (and start) the local one, then retry',
    );
  }
  const dockerd = which(process.env.CDC_CHAOS_DOCKERD ?? 'dockerd');
  if (!dockerd) {
    throw new StackError(
      `no Docker engine answers at ${conn.host} and \`dockerd\` is not installed`,
      "run `bash scripts/setup.sh` as root (installs Debian's docker.io), or start a Docker engine yourself, then retry",
    );
  }
  if (process.getuid?.() !== 0) {
    throw new StackError(
      'no Docker engine answers and starting `dockerd` needs root',
      'start the Docker engine (e.g. `sudo dockerd &`) and retry',
    );
  }
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'dockerd.log');
  log(`no Docker engine answers: starting ${dockerd} (log: ${logFile})`);
  const out = openSync(logFile, 'a');
  const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  await waitFor(async () => ((await answers(d)) ? true : undefined), {
    what: 'the Docker engine (dockerd)',
    timeoutMs,
    hint: `read ${logFile} for why dockerd did not start, fix it (or start an engine yourself), then retry`,
  });
  log('Docker engine is up');
  return d;
}
