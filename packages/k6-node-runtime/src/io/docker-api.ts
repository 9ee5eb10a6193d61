// Which Docker Engine API version the k6/x/docker/* calls use. xk6-docker v0.2.0 builds its client
// once, from the environment (client.FromEnv), and never negotiates: Docker SDK v23 speaks 1.42 unless
// DOCKER_API_VERSION says otherwise, so under real k6 an engine outside that version refuses every
// call. The project's one rule (README, compose, workflow, `stack env`): DOCKER_API_VERSION is the
// engine's own API version. Here a set value is used as is (as k6 would), after checking the engine
// accepts it; an unset one that k6's 1.42 would fail on is negotiated, and the run says so.
import { dockerClient, dockerConnection } from './docker-connection.js';

/** Docker SDK v23's default API version (xk6-docker v0.2.0). */
export const XK6_DOCKER_API = '1.42';
export const SET_API_VERSION = `export DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`;

export interface EngineApi {
  /** the engine's newest API version */
  api: string;
  /** the oldest it still accepts */
  minApi: string;
}

export type ApiDecision = { version: string; notice?: string } | { error: string };

export function compareApi(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

const accepts = (e: EngineApi, v: string): boolean => compareApi(v, e.minApi) >= 0 && compareApi(v, e.api) <= 0;

/** Pure: the version to use for `DOCKER_API_VERSION=requested` against this engine, or one line saying what to do. */
export function decideApiVersion(requested: string | undefined, engine: EngineApi, host: string): ApiDecision {
  const range = `${engine.minApi}–${engine.api}`;
  if (requested) {
    if (!/^\d+\.\d+$/.test(requested))
      return {
        error: `DOCKER_API_VERSION=${requested} is not an API version like ${engine.api}; run: ${SET_API_VERSION}`,
      };
    if (accepts(engine, requested)) return { version: requested };
    return {
      error: `DOCKER_API_VERSION=${requested} is not accepted by the Docker engine at ${host} (it speaks API ${range}); run: ${SET_API_VERSION}`,
    };
  }
  if (accepts(engine, XK6_DOCKER_API)) return { version: XK6_DOCKER_API };
  return {
    version: engine.api,
    notice:
      `DOCKER_API_VERSION is not set and the Docker engine at ${host} speaks API ${range}, not xk6-docker's ${XK6_DOCKER_API}: ` +
      `using ${engine.api} here, but real k6 would fail every Docker call; run: ${SET_API_VERSION}`,
  };
}

export const dockerHost = (): string => dockerConnection().host;

/** GET /version (unversioned, so any engine answers), as the Docker client built from the environment sees it. */
export async function engineApi(): Promise<EngineApi> {
  const v = await dockerClient(dockerConnection()).version();
  return { api: v.ApiVersion, minApi: (v as { MinAPIVersion?: string }).MinAPIVersion ?? v.ApiVersion };
}
