// cdc-toxiproxy: the four proxies of the contract. They are loaded from a config file at start (so they come back
// after a restart) and checked again through the API by `stack up`.
import { HOST_PORTS } from '../env.js';
import { baseBinds, httpCheck, makeDataDir, writeIfChanged } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

export interface ProxyDef {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export const PROXIES: ProxyDef[] = [
  { name: 'consumer_kafka', listen: '0.0.0.0:19092', upstream: 'cdc-kafka:19092', enabled: true },
  { name: 'consumer_mongodb', listen: '0.0.0.0:27018', upstream: 'cdc-mongodb:27017', enabled: true },
  { name: 'connect_kafka', listen: '0.0.0.0:29092', upstream: 'cdc-kafka:29092', enabled: true },
  { name: 'connect_postgres', listen: '0.0.0.0:5433', upstream: 'cdc-postgres:5432', enabled: true },
];

export function toxiproxySpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('toxiproxy');
  const config = JSON.stringify(PROXIES, null, 2) + '\n';
  return {
    name: 'cdc-toxiproxy',
    image: 'cdc-base:empty',
    cmd: ['/opt/bin/toxiproxy-server', '-host', '0.0.0.0', '-port', '8474', '-config', '/data/proxies.json', '-proxy-metrics'],
    env: { LOG_LEVEL: 'info' }, // debug logs every API call, healthchecks included
    binds: [...baseBinds(dir), `${ctx.artifacts.toxiproxy}:/opt/bin/toxiproxy-server:ro`],
    ports: { 8474: HOST_PORTS['cdc-toxiproxy'] },
    target: false,
    init: true,
    healthcheck: httpCheck('http://127.0.0.1:8474/version'),
    fingerprint: config,
    prepare: () => {
      makeDataDir(dir);
      writeIfChanged(`${dir}/proxies.json`, config);
    },
  };
}
