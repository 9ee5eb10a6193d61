import { containerOp } from './container.js';
import type { FaultType } from './types.js';

export const pause: FaultType = {
  name: 'pause',
  description: "Freezes the container's processes (cgroup freezer through xk6-docker); unpause or restart heals it.",
  paramKeys: ['duration'],
  example: { duration: '10s' },
  plan: (a) => ({ inject: [containerOp('pause', a.target)], heal: [containerOp('unpause', a.target)] }),
  chaosMeshRefusal:
    'Chaos Mesh cannot freeze a pod (no cgroup-freezer action); use kill or stop (PodChaos pod-failure) instead',
};
