// cdc-prometheus: Debian's prometheus with the remote-write receiver (k6 pushes there) and the project's alert rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS } from '../../experiment/contract.js';

export function prometheusSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('prometheus');
  return {
    name: CONTAINERS.prometheus,
    image: 'cdc-base:empty',
    cmd: [
      '/usr/bin/prometheus',
      '--config.file=/project/prometheus/prometheus.yml',
      '--storage.tsdb.path=/data/tsdb',
      '--storage.tsdb.retention.time=2d',
      '--web.listen-address=0.0.0.0:9090',
      '--web.enable-remote-write-receiver',
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    env: { HOME: '/data' },
    binds: [...baseBinds(dir), `${ctx.cfg.projectDir}/prometheus:/project/prometheus:ro`],
    ports: { 9090: HOST_PORTS[CONTAINERS.prometheus] },
    target: false,
    init: true,
    // a changed config or rule file recreates the container (it reads them at start)
    fingerprint: ['prometheus.yml', 'alerts.yml']
      .map((f) => readFileSync(join(ctx.cfg.projectDir, 'prometheus', f), 'utf8'))
      .join('\n'),
    prepare: () => makeDataDir(dir),
  };
}
