import { blackholeToxics, modeParam, networkChaos, proxyOps, withProxies, type NetworkParams } from './network.js';
import type { FaultType } from './types.js';

export const partition: FaultType<{ network: NetworkParams }> = {
  name: 'partition',
  description:
    "Cuts the target's links on Toxiproxy: mode blackhole (default) drops every byte silently, mode down disables the proxies (connections refused and closed).",
  paramKeys: ['duration', 'proxies', 'mode'],
  example: { mode: 'down' },
  parseParams(c, { params, at }) {
    const network = withProxies(c, params, at);
    network.partition = params.mode === undefined ? 'blackhole' : modeParam(c, params.mode, at.concat('mode'));
    return { network };
  },
  plan: (a, { faultId }) =>
    proxyOps(a.target, a.network, a.network.partition === 'blackhole' ? blackholeToxics(faultId) : []),
  chaosMesh: networkChaos,
};
