// cdc-mongodb: FerretDB v1 (MongoDB wire protocol) with its own SQLite backend under /data, so faults on
// cdc-postgres never take "MongoDB" down with them. It stands in for MongoDB, which no reachable registry serves.
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir, tcpCheck } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

export function mongodbSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('mongodb');
  return {
    name: 'cdc-mongodb',
    image: 'cdc-base:empty',
    cmd: [
      '/opt/bin/ferretdb',
      '--listen-addr=0.0.0.0:27017',
      '--handler=sqlite',
      // WAL is FerretDB's default; synchronous=NORMAL fsyncs at checkpoints instead of every commit (still safe
      // against process kills, the faults we inject): 2.3x the upsert rate measured here (140 -> 320/s sequential),
      // closer to MongoDB's default (journal committed every 100 ms, w:1 without j).
      '--sqlite-url=file:/data/sqlite/?_pragma=synchronous(normal)',
      '--state-dir=/data/state',
      '--debug-addr=0.0.0.0:8088',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    env: { HOME: '/data' },
    binds: [...baseBinds(dir), `${ctx.artifacts.ferretdb}:/opt/bin/ferretdb:ro`],
    ports: { 27017: HOST_PORTS['cdc-mongodb'] },
    target: true,
    init: true,
    healthcheck: tcpCheck(27017),
    prepare: () => {
      makeDataDir(dir);
      for (const sub of ['sqlite', 'state']) makeDataDir(`${dir}/${sub}`);
    },
  };
}
