import { podFailure, stopUntilStarted } from './container.js';
import type { FaultType } from './types.js';

export const kill: FaultType = {
  name: 'kill',
  description:
    'Kills the container at once (xk6-docker stop, timeout 0: xk6-docker has no kill-with-signal); start or restart heals it.',
  paramKeys: ['signal', 'duration'],
  example: {},
  parseParams(c, { params, at }) {
    if (params.signal !== undefined && params.signal !== 'SIGKILL') {
      c.fail(
        at.concat('signal'),
        `only SIGKILL is possible: xk6-docker has no kill-with-signal (its stop kills at once), got ${JSON.stringify(params.signal)}`,
      );
    }
    return {};
  },
  plan: (a) => stopUntilStarted(a.target),
  chaosMesh: (a, f, ns) => podFailure(a.target, f, ns),
};
