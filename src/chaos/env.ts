// Where Node-side chaos tooling (heal, halt, leftover checks) reaches the control path: the
// Docker engine (DOCKER_HOST & co., read as the docker CLI reads them: packages/k6-node-runtime/src/io/docker-connection.ts)
// and Toxiproxy's API (TOXIPROXY_URL; its client: ./toxiproxy.ts), plus the configured allowlist. Failures to reach either are reported with the
// setting to fix, never as a bare stack trace.
import type Docker from 'dockerode';
import { parseAllowList } from '../experiment/allowlist.js';
import { DEFAULT_ENDPOINTS } from '../experiment/contract.js';
import { cliDocker, DockerEnvError } from 'k6-node-runtime/io/docker-connection.js';

export interface ChaosEnv {
  docker: Docker;
  /** As configured, for messages. */
  dockerHost: string;
  toxiproxyUrl: string;
  allow: string[];
}

/** A problem with the environment: the message names the setting and what to do. */
export class ChaosEnvError extends Error {
  override name = 'ChaosEnvError';
}

export function chaosEnv(env: NodeJS.ProcessEnv = process.env): ChaosEnv {
  let engine: ReturnType<typeof cliDocker>;
  try {
    engine = cliDocker(env);
  } catch (e) {
    throw e instanceof DockerEnvError ? new ChaosEnvError(e.message) : e;
  }
  return {
    docker: engine.docker,
    dockerHost: engine.conn.host,
    toxiproxyUrl: (env.TOXIPROXY_URL || DEFAULT_ENDPOINTS.TOXIPROXY_URL).replace(/\/+$/, ''),
    allow: parseAllowList(env.CHAOS_ALLOW),
  };
}

const UNREACHABLE = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'ECONNRESET',
]);

/** Runs a Docker call; an unreachable engine becomes a ChaosEnvError naming DOCKER_HOST. */
export async function dockerCall<T>(env: ChaosEnv, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code && UNREACHABLE.has(code)) {
      throw new ChaosEnvError(
        `Docker engine at ${env.dockerHost} is unreachable (${code}) while trying to ${what}: start Docker or set DOCKER_HOST to its address`,
      );
    }
    throw e;
  }
}
