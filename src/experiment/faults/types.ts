// The contract of a fault type: everything the harness knows about one `type:` a scenario action may
// have lives in one object in one file of this folder (docs/adding-a-fault.md). The validator
// (schema.ts), the planner (fault-plan.ts), `cdc-chaos heal` and the leftovers check (src/chaos) and
// the k6 chaos VU (src/k6) and the Kubernetes backend (kubernetes-plan.ts) read the registry (index.ts) and never
// switch over type names.
// Pure data and functions: the k6 bundles import it, so no node: imports here or in a fault file.

import type { ChaosMeshSpec } from '../chaos-mesh.js';
import type { Checker, Obj, Path } from '../checker.js';
import type { Fault } from '../fault-plan.js';
import type { Primitive } from '../primitives.js';
import type { ActionSpec } from '../scenario.js';

/** What the validator hands a fault type's params check. */
export interface ParamsInput {
  /** The action's `params:` mapping ({} when absent); its keys are already checked against `paramKeys`. */
  params: Obj;
  /** Path of `params`: errors about a field go to `at.concat('<field>')`. */
  at: Path;
  /** Path of the action: errors about its `target` go to `actionAt.concat('target')`. */
  actionAt: Path;
  target: string;
  /** `params.duration`, already checked (the validator reads it for every type). */
  durationMs?: number;
}

/** What the planner hands a fault type's plan. */
export interface PlanInput {
  /** `<phase>.<action index>.<type>.<target>`: unique per run, e.g. for toxic names. */
  faultId: string;
  /** How long the fault lasts at this time scale (0 for an instantaneous one). */
  durationMs: number;
  /** CHAOS_TIME_SCALE: durations inside params (scenario time) are scaled by the type itself. */
  scale: number;
}

/** A harness write the chaos VU makes around a fault so that a consumer mishandling it leaves an end state the
 *  verification sees: e.g. a row changed inside the window a redelivery replays and changed again before the
 *  replay, then left alone (an unconditional writer leaves it stale). Recorded in the history like a load write. */
export interface WitnessWrite {
  /** When, relative to the action (≤ 0: before it), already at the run's time scale. */
  offsetMs: number;
  /** The row, named within the fault (its key is `<run>-witness-<fault id>-<row>`, a customers row). */
  row: string;
  op: 'insert' | 'update' | 'delete';
}

/** A process a fault starts inside its target (docker exec). `cdc-chaos heal` may run only these
 *  pkills from a journal, and the leftovers check looks for these pgreps. */
export interface FaultProcess {
  /** Key recorded in the exec primitive's `process` (journals and leases on disk name it: never rename). */
  name: string;
  /** In messages: "stress-ng running in cdc-kafka". */
  what: string;
  /** Stops it (undo and heal). */
  pkill: string[];
  /** Finds it (exit 0 = running). */
  pgrep: string[];
  /** Commands the target image must have for the fault and its undo to do anything (checked before any fault). */
  needs: string[];
  /** Shell test that holds once the fault took effect (the exec itself reports nothing). */
  observed: string;
}

/**
 * One fault type. `P` is what its params check adds to the ActionSpec (e.g. `{ stress: StressParams }`;
 * the file declares that field on ActionSpec with `declare module '../scenario.js'`).
 *
 * A type injects (`plan`), heals earlier faults (`heals` + `healOps`), or both (restart). A type that injects
 * also says what it is on Kubernetes: `chaosMesh` or `chaosMeshRefusal`, exactly one of them.
 */
export interface FaultType<P extends object = object> {
  /** The `type:` scenarios write. */
  name: string;
  /** One line: what it does to the target and through what (Docker, Toxiproxy, docker exec). */
  description: string;
  /** Keys allowed under `params:`; any other is an error listing these. `duration` here means the fault
   *  lasts that long (else until a healing action, else to the end of its phase). */
  paramKeys: readonly string[];
  /** Checks the params beyond their keys (errors through `c.fail(path, message)`, one clear line each) and
   *  returns what the action carries; absent = the type has no params of its own. */
  parseParams?(c: Checker, input: ParamsInput): P | undefined;
  /** `params:` of a minimal valid action on cdc-kafka, as a scenario writes them: the registry test
   *  plans it (and docs/adding-a-fault.md shows the shape). */
  example: Obj;
  /** The primitives that inject the fault and those that heal it when its time is up. Absent = a pure
   *  healing action (start, unpause), which injects nothing. Undo (teardown, heal) is derived from the
   *  inject primitives (fault-plan.ts undoAll): a type never writes its own. */
  plan?(action: ActionSpec & P, at: PlanInput): { inject: Primitive[]; heal: Primitive[] };
  /** Writes the chaos VU makes before or at the action that make the fault's bug class visible at any time scale
   *  (the load's own writes may or may not hit the right rows at the right time). */
  witnesses?(action: ActionSpec & P, at: PlanInput): WitnessWrite[];
  /** With no duration and no healer, the fault is over at once (a bounce, a redelivery) instead of
   *  lasting to its phase's end. */
  instant?: boolean;
  /** Fault types this action heals when it comes later on the same target (start heals kill and stop). */
  heals?: readonly string[];
  /** What it runs as the healer of such an earlier fault (required with `heals`). */
  healOps?(target: string): Primitive[];
  /** The process its exec starts inside the target, if any. */
  process?: FaultProcess;
  /** The Chaos Mesh resource(s) that cause the fault on Kubernetes (docs/scale-out.md), built with chaos-mesh.ts's
   *  selectors; each carries `duration: faultWindow(fault)` unless the fault is instantaneous. Deleting them heals it. */
  chaosMesh?(action: ActionSpec & P, fault: Fault, namespace: string): ChaosMeshSpec[];
  /** Instead of `chaosMesh`: why Chaos Mesh cannot cause it and what to use instead (one line, shown when a
   *  Kubernetes run is refused before it starts). */
  chaosMeshRefusal?: string;
}
