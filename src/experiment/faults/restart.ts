import { podSelector } from '../chaos-mesh.js';
import { containerOp, stopUntilStarted } from './container.js';
import type { FaultType } from './types.js';

export const restart: FaultType = {
  name: 'restart',
  description:
    'Heals an earlier kill, stop or pause of the same container with a stop and a start; with nothing to heal, bounces it (down and straight back up).',
  paramKeys: [],
  example: {},
  // The healer keeps its stop: a restart is what the plan asks for, even of a paused container.
  heals: ['kill', 'stop', 'pause'],
  healOps: (target) => [containerOp('stop', target), containerOp('start', target)],
  plan: (a) => stopUntilStarted(a.target),
  instant: true,
  // A bounce: the pod's controller replaces it at once. No duration: the kill is over when it happened.
  chaosMesh: (a, _f, ns) => [
    {
      kind: 'PodChaos',
      suffix: 'kill',
      spec: { action: 'pod-kill', mode: 'all', selector: podSelector(ns, [a.target]) },
    },
  ],
};
