import { containerOp } from './container.js';
import type { FaultType } from './types.js';

export const unpause: FaultType = {
  name: 'unpause',
  description: 'Heals an earlier pause of the same container.',
  paramKeys: [],
  example: {},
  heals: ['pause'],
  healOps: (target) => [containerOp('unpause', target)],
};
