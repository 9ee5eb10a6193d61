// Turns a scenario's actions into a schedule of primitive operations on the timeline: when each
// fault is injected, when and how it is healed, and the idempotent undo of everything the
// scenario can touch (run in teardown whether or not a fault is still active).
//
// What each fault type injects and how it heals lives in its file in faults/ (the registry, index.ts); this
// module only orders them: a fault lasts its duration, or until a later healing action on its target, or
// (instantaneous types aside) to its phase's end.

import type { Path, SchemaError } from './checker.js';
import { RUN_LABEL } from './chaos-mesh.js';
import { formatDuration, scaleDuration } from './duration.js';
import { faultProcess, faultType, FAULT_TYPES, healersOf, type FaultType } from './faults/index.js';
import type { WitnessWrite } from './faults/types.js';
import { TOXIC_PREFIX, type Primitive } from './primitives.js';
import type { ActionSpec, ScenarioSpec } from './scenario.js';
import { buildTimeline, type Timeline } from './timeline.js';

export interface Fault {
  /** `<phase>.<action index>.<type>.<target>`: unique, stable across runs. */
  id: string;
  phase: string;
  action: string;
  target: string;
  startMs: number;
  endMs: number;
  healedBy: 'duration' | 'action' | 'phase_end';
  inject: Primitive[];
  heal: Primitive[];
}

export interface Step {
  atMs: number;
  kind: 'inject' | 'heal';
  faultId: string;
  phase: string;
  action: string;
  target: string;
  ops: Primitive[];
}

/** A fault type's witness write on the timeline (faults/types.ts WitnessWrite). */
export interface Witness {
  atMs: number;
  faultId: string;
  row: string;
  op: WitnessWrite['op'];
}

/** The customers row a witness writes. */
export const witnessKey = (runId: string, w: Pick<Witness, 'faultId' | 'row'>): string =>
  `${runId}-witness-${w.faultId}-${w.row}`;

export interface FaultPlan {
  timeline: Timeline;
  faults: Fault[];
  /** Ordered by time; at equal times heals come before injections. */
  steps: Step[];
  /** Ordered by time (a fault's own in their given order). */
  witnesses: Witness[];
}

/** The registered type of an action the schema accepted. */
function typeOf(a: ActionSpec): FaultType {
  const t = faultType(a.type);
  if (!t) throw new Error(`unknown action type "${a.type}" (one of: ${FAULT_TYPES.map((f) => f.name).join(', ')})`);
  return t;
}

interface Located {
  action: ActionSpec;
  phaseIndex: number;
  actionIndex: number;
  atMs: number;
  path: Path;
}

function locate(scenario: ScenarioSpec, timeline: Timeline): Located[] {
  const out: Located[] = [];
  scenario.phases.forEach((p, pi) => {
    p.actions.forEach((action, ai) => {
      out.push({
        action,
        phaseIndex: pi,
        actionIndex: ai,
        atMs: timeline.phases[pi].startMs,
        path: ['phases', pi, 'actions', ai],
      });
    });
  });
  return out;
}

/** Healing actions per target, in timeline order: the healer search looks only at its own target's. */
function healersByTarget(all: Located[]): Map<string, Located[]> {
  const out = new Map<string, Located[]>();
  for (const loc of all) {
    if (!typeOf(loc.action).heals) continue;
    const list = out.get(loc.action.target) ?? [];
    list.push(loc);
    out.set(loc.action.target, list);
  }
  return out;
}

/** The first unused healing action after `loc` on its target that heals its type. */
function healerOf(loc: Located, healers: Map<string, Located[]>, consumed: Set<Located>): Located | undefined {
  return (healers.get(loc.action.target) ?? []).find(
    (h) =>
      h !== loc &&
      !consumed.has(h) &&
      (h.phaseIndex > loc.phaseIndex || (h.phaseIndex === loc.phaseIndex && h.actionIndex > loc.actionIndex)) &&
      typeOf(h.action).heals?.includes(loc.action.type),
  );
}

function planOrErrors(
  scenario: ScenarioSpec,
  scale: number,
): { plan: FaultPlan; errors: SchemaError[]; paths: Map<string, Path> } {
  const timeline = buildTimeline(scenario, scale);
  const all = locate(scenario, timeline);
  const healers = healersByTarget(all);
  const errors: SchemaError[] = [];
  const faults: Fault[] = [];
  const steps: Step[] = [];
  const witnesses: Witness[] = [];
  const paths = new Map<string, Path>();
  const consumedHeals = new Set<Located>();

  for (const loc of all) {
    const a = loc.action;
    const type = typeOf(a);
    const phase = timeline.phases[loc.phaseIndex];
    const id = `${phase.name}.${loc.actionIndex}.${a.type}.${a.target}`;
    // A pure healer injects nothing; a healer that also injects (restart) does so only if it healed nothing.
    if (!type.plan || consumedHeals.has(loc)) continue;
    let endMs: number;
    let healedBy: Fault['healedBy'];
    let healOps: Primitive[] | undefined;
    const healer = healerOf(loc, healers, consumedHeals);
    if (a.durationMs !== undefined) {
      endMs = loc.atMs + scaleDuration(a.durationMs, scale, a.minDurationMs);
      healedBy = 'duration';
    } else if (healer) {
      consumedHeals.add(healer);
      endMs = healer.atMs;
      healedBy = 'action';
      healOps = typeOf(healer.action).healOps?.(a.target);
    } else if (type.instant) {
      endMs = loc.atMs;
      healedBy = 'action';
    } else if (phase.endMs > phase.startMs) {
      endMs = phase.endMs;
      healedBy = 'phase_end';
    } else {
      const by = healersOf(a.type).map((t) => t.name);
      errors.push({
        path: loc.path,
        message: `${a.type} on ${a.target} in the 0s phase "${phase.name}" is never healed: give it params.duration${by.length ? ` or add a later ${by.join('/')} on ${a.target}` : ''}`,
      });
      continue;
    }
    const input = { faultId: id, durationMs: endMs - loc.atMs, scale };
    const ops = type.plan(a, input);
    // A witness due before the run starts is written at its start (the earliest the load writes too).
    for (const w of type.witnesses?.(a, input) ?? [])
      witnesses.push({ atMs: Math.max(0, loc.atMs + w.offsetMs), faultId: id, row: w.row, op: w.op });
    const fault: Fault = {
      id,
      phase: phase.name,
      action: a.type,
      target: a.target,
      startMs: loc.atMs,
      endMs,
      healedBy,
      inject: ops.inject,
      heal: healOps ?? ops.heal,
    };
    faults.push(fault);
    paths.set(id, loc.path);
    steps.push({
      atMs: fault.startMs,
      kind: 'inject',
      faultId: id,
      phase: phase.name,
      action: a.type,
      target: a.target,
      ops: fault.inject,
    });
    // An instantaneous fault (redeliver) still gets its (empty) heal step: the journal records it as over.
    steps.push({
      atMs: fault.endMs,
      kind: 'heal',
      faultId: id,
      phase: phase.name,
      action: a.type,
      target: a.target,
      ops: fault.heal,
    });
  }
  for (const loc of all) {
    const heals = typeOf(loc.action).heals;
    if (heals && !typeOf(loc.action).plan && !consumedHeals.has(loc)) {
      errors.push({
        path: loc.path,
        message: `${loc.action.type} on ${loc.action.target} heals nothing: no earlier ${heals.join('/')} on that container`,
      });
    }
  }
  // A fault's own heal never precedes its injection (a bare restart bounces at one instant: stop, then start).
  steps.sort(
    (x, y) => x.atMs - y.atMs || (x.kind === y.kind ? 0 : (x.kind === 'heal') !== (x.faultId === y.faultId) ? -1 : 1),
  );
  witnesses.sort((x, y) => x.atMs - y.atMs);
  return { plan: { timeline, faults, steps, witnesses }, errors, paths };
}

/** The resolved schedule at a time scale; throws if the scenario's faults are inconsistent. */
export function planFaults(scenario: ScenarioSpec, scale: number): FaultPlan {
  const { plan, errors } = planOrErrors(scenario, scale);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
  return plan;
}

/** What a fault holds while it is active, read off its primitives: two faults holding the same thing at
 *  once undo each other. */
function holds(f: Fault): string[] {
  const things = new Set<string>();
  for (const p of f.inject) {
    if (p.kind === 'container') things.add(`container ${p.container}`);
    else if (p.kind === 'exec' && p.process)
      things.add(`${faultProcess(p.process)?.what ?? p.process} in ${p.container}`);
    else if (p.kind === 'toxic_add' || p.kind === 'proxy_enabled') things.add(`proxy ${p.proxy}`);
  }
  return [...things];
}

const span = (f: Fault) => `${formatDuration(f.startMs)}-${formatDuration(f.endMs)}`;

/**
 * Schedule problems at time scale 1 (a scaled run rounds each duration, so these are judged on the
 * file as written): a fault outliving the scenario or overlapping another on the same container,
 * stress-ng or proxy are errors; a fault outlasting its own non-empty phase is a warning.
 */
function scheduleProblems(
  plan: FaultPlan,
  paths: Map<string, Path>,
): { errors: SchemaError[]; warnings: SchemaError[] } {
  const errors: SchemaError[] = [];
  const warnings: SchemaError[] = [];
  const at = (f: Fault) => paths.get(f.id) ?? [];
  const byThing = new Map<string, Fault[]>();
  const phases = new Map(plan.timeline.phases.map((p) => [p.name, p]));
  for (const f of plan.faults) {
    const phase = phases.get(f.phase);
    const phaseMs = phase ? phase.endMs - phase.startMs : 0;
    if (f.endMs > plan.timeline.totalMs) {
      errors.push({
        path: at(f),
        message: `${f.action} on ${f.target} lasts until ${formatDuration(f.endMs)} but the scenario ends at ${formatDuration(plan.timeline.totalMs)}: shorten params.duration or lengthen the phases (every fault is healed before verification)`,
      });
    } else if (phase && f.healedBy === 'duration' && phaseMs > 0 && f.endMs > phase.endMs) {
      warnings.push({
        path: at(f).concat('params', 'duration'),
        message: `${f.action} on ${f.target} lasts ${formatDuration(f.endMs - f.startMs)}, longer than its ${formatDuration(phaseMs)} phase "${f.phase}": it goes on through the next phase(s) (to mean that, start it in a 0s phase)`,
      });
    }
    for (const thing of holds(f)) {
      const list = byThing.get(thing);
      if (list) list.push(f);
      else byThing.set(thing, [f]);
    }
  }
  const reported = new Set<string>();
  byThing.forEach((list, thing) => {
    // Sorted by start, the one ending last so far is the one a later fault can overlap ([start, end)).
    let longest: Fault | undefined;
    for (const f of list.slice().sort((x, y) => x.startMs - y.startMs)) {
      const pair = longest && `${longest.id}\u0000${f.id}`;
      if (longest && pair && f.startMs < longest.endMs && !reported.has(pair)) {
        reported.add(pair);
        errors.push({
          path: at(f),
          message: `${f.action} on ${f.target} (${span(f)}) overlaps ${longest.action} on ${longest.target} (${span(longest)}) on the same ${thing}: one's heal would undo the other; schedule them one after the other`,
        });
      }
      if (!longest || f.endMs > longest.endMs) longest = f;
    }
  });
  return { errors, warnings };
}

/** Consistency errors (unhealed faults, heals of nothing, overlaps, faults outliving the scenario) and
 *  warnings (a fault outlasting its phase), with the path of the action. */
export function checkFaultPlan(scenario: ScenarioSpec): { errors: SchemaError[]; warnings: SchemaError[] } {
  const { plan, errors, paths } = planOrErrors(scenario, 1);
  if (errors.length > 0) return { errors, warnings: [] };
  return scheduleProblems(plan, paths);
}

/**
 * Undo for everything the scenario can touch, idempotent and safe to run whether or not a fault is
 * active: containers running and unpaused, harness toxics removed, proxies enabled, stress killed, the run's Chaos Mesh
 * resources deleted.
 */
export function undoAll(plan: FaultPlan): Primitive[] {
  const containers = new Set<string>();
  const proxies = new Set<string>();
  const execs = new Map<string, { container: string; cmd: string[] }>();
  const runs = new Map<string, Primitive>();
  for (const f of plan.faults) {
    for (const p of f.inject) {
      if (p.kind === 'chaos_mesh_create') {
        const { namespace, labels } = p.resource.metadata;
        runs.set(namespace, { kind: 'chaos_mesh_clear', namespace, runId: labels[RUN_LABEL] });
      }
      if (p.kind === 'container') containers.add(p.container);
      if (p.kind === 'toxic_add' || p.kind === 'proxy_enabled') proxies.add(p.proxy);
      if (p.kind === 'exec' && p.undo)
        execs.set(`${p.container} ${p.undo.join(' ')}`, { container: p.container, cmd: p.undo });
    }
  }
  const ops: Primitive[] = [];
  proxies.forEach((proxy) => {
    ops.push({ kind: 'proxy_enabled', proxy, enabled: true });
    ops.push({ kind: 'toxics_clear', proxy, prefix: TOXIC_PREFIX });
  });
  containers.forEach((container) => ops.push({ kind: 'container_ensure_running', container }));
  execs.forEach((e) => ops.push({ kind: 'exec', container: e.container, cmd: e.cmd }));
  runs.forEach((clear) => ops.push(clear));
  return ops;
}
