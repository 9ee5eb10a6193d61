// Container faults and their healers share xk6-docker's four operations (stop kills at once: timeout 0), and on
// Kubernetes a pod that stays down.
import { faultWindow, podSelector, type ChaosMeshSpec } from '../chaos-mesh.js';
import type { Fault } from '../fault-plan.js';
import type { Primitive } from '../primitives.js';

export function containerOp(op: 'stop' | 'start' | 'pause' | 'unpause', container: string): Primitive {
  return { kind: 'container', op, container };
}

/** Down now, back up when healed: kill, stop and a restart's bounce (xk6-docker has no restart of its own). */
export function stopUntilStarted(container: string): { inject: Primitive[]; heal: Primitive[] } {
  return { inject: [containerOp('stop', container)], heal: [containerOp('start', container)] };
}

/** kill and stop on Kubernetes: PodChaos pod-failure keeps the pod down for the window, like a stopped container
 *  (pod-kill would be replaced at once by its controller). */
export function podFailure(target: string, f: Fault, ns: string): ChaosMeshSpec[] {
  return [
    {
      kind: 'PodChaos',
      suffix: 'failure',
      spec: { action: 'pod-failure', mode: 'all', selector: podSelector(ns, [target]), duration: faultWindow(f) },
    },
  ];
}
