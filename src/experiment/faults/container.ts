// Container faults and their healers share xk6-docker's four operations (stop kills at once: timeout 0).
import type { Primitive } from '../primitives.js';

export function containerOp(op: 'stop' | 'start' | 'pause' | 'unpause', container: string): Primitive {
  return { kind: 'container', op, container };
}

/** Down now, back up when healed: kill, stop and a restart's bounce (xk6-docker has no restart of its own). */
export function stopUntilStarted(container: string): { inject: Primitive[]; heal: Primitive[] } {
  return { inject: [containerOp('stop', container)], heal: [containerOp('start', container)] };
}
