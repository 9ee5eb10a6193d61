// The fault-type registry: the one list the validator, the planner, `cdc-chaos heal`, the leftovers
// check and the k6 chaos VU iterate. A new fault type is its file in this folder and one line here
// (docs/adding-a-fault.md); the order is the order error messages list the types in.
import { kill } from './kill.js';
import { netem } from './netem.js';
import { partition } from './partition.js';
import { pause } from './pause.js';
import { redeliver } from './redeliver.js';
import { resetPeer } from './reset-peer.js';
import { restart } from './restart.js';
import { start } from './start.js';
import { stop } from './stop.js';
import { stress } from './stress.js';
import type { FaultProcess, FaultType } from './types.js';
import { unpause } from './unpause.js';

export type { FaultProcess, FaultType } from './types.js';

export const FAULT_TYPES: readonly FaultType[] = [
  kill,
  stop,
  start,
  restart,
  pause,
  unpause,
  netem,
  partition,
  resetPeer,
  stress,
  redeliver,
];

export function faultType(name: string): FaultType | undefined {
  return FAULT_TYPES.find((t) => t.name === name);
}

/** Keys a type's `params:` accept: its own, plus `min_duration` (a real-time floor of the scaled fault) wherever
 *  `duration` is one. */
export function paramKeysOf(t: FaultType): readonly string[] {
  return t.paramKeys.includes('duration') ? [...t.paramKeys, 'min_duration'] : t.paramKeys;
}

/** The types whose action heals `name` when it comes later on the same target, in registry order. */
export function healersOf(name: string): FaultType[] {
  return FAULT_TYPES.filter((t) => t.heals?.includes(name));
}

/** Every process a fault may leave running in a container: what heal stops and the leftovers check looks for. */
export const FAULT_PROCESSES: readonly FaultProcess[] = FAULT_TYPES.flatMap((t) => (t.process ? [t.process] : []));

export function faultProcess(name: string): FaultProcess | undefined {
  return FAULT_PROCESSES.find((p) => p.name === name);
}
