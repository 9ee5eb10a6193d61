import { podFailure, stopUntilStarted } from './container.js';
import type { FaultType } from './types.js';

export const stop: FaultType = {
  name: 'stop',
  description:
    'Stops the container (the same immediate kill as kill: xk6-docker stops with timeout 0); start or restart heals it.',
  paramKeys: ['duration'],
  example: { duration: '10s' },
  plan: (a) => stopUntilStarted(a.target),
  chaosMesh: (a, f, ns) => podFailure(a.target, f, ns),
};
