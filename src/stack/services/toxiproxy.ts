// cdc-toxiproxy: the proxies of the contract (src/experiment/contract.ts). They are loaded from a config file at start (so they come back
// after a restart) and checked again through the API by `stack up`.
import { HOST_PORTS } from '../env.js';
import { toxiproxyConfigText, CONTAINERS } from '../../experiment/contract.js';
import { baseBinds, makeDataDir, writeIfChanged } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

export function toxiproxySpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('toxiproxy');
  const config = toxiproxyConfigText();
  return {
    name: CONTAINERS.toxiproxy,
    image: 'cdc-base:empty',
    cmd: [
      '/opt/bin/toxiproxy-server',
      '-host',
      '0.0.0.0',
      '-port',
      '8474',
      '-config',
      '/data/proxies.json',
      '-proxy-metrics',
    ],
    env: { LOG_LEVEL: 'info' }, // debug logs every API call
    binds: [...baseBinds(dir), `${ctx.artifacts.toxiproxy}:/opt/bin/toxiproxy-server:ro`],
    ports: { 8474: HOST_PORTS[CONTAINERS.toxiproxy] },
    target: false,
    init: true,
    fingerprint: config,
    prepare: () => {
      makeDataDir(dir);
      writeIfChanged(`${dir}/proxies.json`, config);
    },
  };
}
