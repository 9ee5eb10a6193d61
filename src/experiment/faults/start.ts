import { containerOp } from './container.js';
import type { FaultType } from './types.js';

export const start: FaultType = {
  name: 'start',
  description: 'Heals an earlier kill or stop of the same container by starting it.',
  paramKeys: [],
  example: {},
  heals: ['kill', 'stop'],
  healOps: (target) => [containerOp('start', target)],
};
