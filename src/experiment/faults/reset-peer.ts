import { proxyOps, toxicName, withProxies, type NetworkParams } from './network.js';
import type { FaultType } from './types.js';

export const resetPeer: FaultType<{ network: NetworkParams }> = {
  name: 'reset_peer',
  description:
    "Resets every connection through the target's Toxiproxy links (a reset_peer toxic, timeout 0): clients see ECONNRESET.",
  paramKeys: ['duration', 'proxies'],
  example: { duration: '5s' },
  parseParams: (c, { params, at }) => ({ network: withProxies(c, params, at) }),
  plan: (a, { faultId }) =>
    proxyOps(a.target, a.network, [
      {
        name: toxicName(faultId, 'reset'),
        type: 'reset_peer',
        stream: 'downstream',
        toxicity: 1,
        attributes: { timeout: 0 },
      },
    ]),
  chaosMeshRefusal: 'Chaos Mesh has no TCP reset; use partition (NetworkChaos partition) instead',
};
