// cdc-guard: `cdc-chaos guard` from the project (host node via the /usr mount, like the lag exporter): heals every
// fault whose lease lapsed in cdc-postgres (docs/safety.md), through the Docker socket and Toxiproxy's API. Not a
// target: it is the harness's last line of defence, so a scenario can never fault it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { certDir } from 'k6-node-runtime/io/docker-connection.js';
import { engineConnection } from '../engine.js';
import { StackError } from '../errors.js';
import { PIPELINE } from '../env.js';
import { baseBinds, projectBinds, makeDataDir } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS } from '../../experiment/contract.js';

/** The guard heals through the engine the stack runs on: its socket mounted, or a remote engine's settings passed on. */
function engineAccess(): { env: Record<string, string>; binds: string[] } {
  const conn = engineConnection();
  if (conn.options.socketPath) return { env: {}, binds: [`${conn.options.socketPath}:/var/run/docker.sock`] };
  const env: Record<string, string> = { DOCKER_HOST: conn.host };
  for (const k of ['DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_API_VERSION'])
    if (process.env[k]) env[k] = process.env[k];
  const tls = Boolean(env.DOCKER_TLS_VERIFY || env.DOCKER_TLS);
  if (tls) env.DOCKER_CERT_PATH = '/certs';
  return { env, binds: tls ? [`${certDir()}:/certs:ro`] : [] };
}

export function guardSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('guard');
  const engine = engineAccess();
  const main = join(ctx.cfg.projectDir, 'out', 'src', 'cli', 'main.js');
  if (!existsSync(main))
    throw new StackError(`the guard is not built (${main} is missing)`, 'run `npm run build`, then retry');
  return {
    name: CONTAINERS.guard,
    image: 'cdc-base:empty',
    cmd: [
      '/usr/bin/node',
      '--enable-source-maps',
      '/project/bin/cdc-chaos.js',
      'guard',
      '--interval',
      ctx.cfg.guardInterval,
      '--heartbeat',
      '/data/alive',
    ],
    env: {
      HOME: '/data',
      NODE_ENV: 'production',
      PG_URL: `postgres://postgres:postgres@cdc-postgres:5432/${PIPELINE.database}?sslmode=disable`,
      TOXIPROXY_URL: 'http://cdc-toxiproxy:8474',
      ...engine.env,
    },
    workingDir: '/project',
    binds: [...baseBinds(dir), ...projectBinds(ctx.cfg.projectDir), ...engine.binds],
    target: false,
    init: true,
    // Healthy = it read the leases within the last 20 s (a guard that cannot see the store protects nothing).
    healthcheck: 'test $(( $(date +%s) - $(stat -c %Y /data/alive) )) -lt 20',
    prepare: () => makeDataDir(dir),
  };
}
