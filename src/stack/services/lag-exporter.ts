// cdc-lag-exporter: consumer-group lag read from the broker directly and the source tables' row-change counts read
// from PostgreSQL (src/lag-exporter), scraped by Prometheus.
// Not a target: it observes the pipeline and must keep answering while the consumer's links are faulted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_PORTS } from '../env.js';
import { StackError } from '../errors.js';
import { baseBinds, projectBinds, makeDataDir } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS, PIPELINE } from '../../experiment/contract.js';

export function lagExporterSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('lag-exporter');
  const main = join(ctx.cfg.projectDir, 'out', 'src', 'lag-exporter', 'main.js');
  if (!existsSync(main))
    throw new StackError(`the lag exporter is not built (${main} is missing)`, 'run `npm run build`, then retry');
  return {
    name: CONTAINERS.lagExporter,
    image: 'cdc-base:empty',
    cmd: ['/usr/bin/node', '--enable-source-maps', '/project/out/src/lag-exporter/main.js'],
    // INTERNAL listener and PostgreSQL itself: never through Toxiproxy, so faults on the pipeline's links do not blind it.
    env: {
      HOME: '/data',
      NODE_ENV: 'production',
      KAFKA_BOOTSTRAP: 'cdc-kafka:9092',
      PG_URL: `postgres://postgres:postgres@${CONTAINERS.postgres}:5432/${PIPELINE.database}?sslmode=disable`,
      PORT: '9308',
    },
    workingDir: '/project',
    binds: [...baseBinds(dir), ...projectBinds(ctx.cfg.projectDir)],
    ports: { 9308: HOST_PORTS[CONTAINERS.lagExporter] },
    target: false,
    init: true,
    prepare: () => makeDataDir(dir),
  };
}
