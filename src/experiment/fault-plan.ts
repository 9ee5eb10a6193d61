// Turns a scenario's actions into a schedule of primitive operations on the timeline: when each
// fault is injected, when and how it is healed, and the idempotent undo of everything the
// scenario can touch (run in teardown whether or not a fault is still active).
//
// How the plan's fault types map here:
// - kill → xk6-docker stop (it kills at once, timeout 0; xk6-docker has no kill-with-signal),
//   healed by start. stop → the same primitive. restart → stop + start (xk6-docker has no restart).
// - pause/unpause → cgroup freezer through xk6-docker.
// - netem (Pumba's tc netem in the plan) → Toxiproxy on the contract's proxies in front of the
//   target: loss 100% = partition (a `timeout` toxic with timeout 0 on both streams = silent
//   blackhole, or the proxy disabled = connections refused/closed), delay+jitter = `latency`
//   toxic, rate = `bandwidth` toxic. Partial loss is refused: Toxiproxy has no packet-level loss.
// - redeliver → Kafka's own tools inside the broker re-publish the window's events (redelivery.ts);
//   instantaneous, nothing to heal (a delivered duplicate stays delivered).
// - stress → stress-ng started in the background inside the target via docker exec, with its own --timeout (so it ends even
//   if the runner dies), healed early by `pkill -x stress-ng`. The target image must contain
//   stress-ng; on k6 the same exec goes through xk6-docker.

import { RUN_LABEL } from './chaos-mesh.js';
import { formatDuration, scaleDuration } from './duration.js';
import { FAULT_PROCESSES, TOXIC_PREFIX, type Primitive, type Toxic } from './primitives.js';
import { redeliverCmd, redeliverWhat } from './redelivery.js';
import type { ActionSpec, ActionType, ScenarioSpec } from './scenario.js';
import type { Path, SchemaError } from './schema.js';
import { proxiesFor } from './targets.js';
import { buildTimeline, type Timeline } from './timeline.js';

export interface Fault {
  /** `<phase>.<action index>.<type>.<target>`: unique, stable across runs. */
  id: string;
  phase: string;
  action: ActionType;
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
  action: ActionType;
  target: string;
  ops: Primitive[];
}

export interface FaultPlan {
  timeline: Timeline;
  faults: Fault[];
  /** Ordered by time; at equal times heals come before injections. */
  steps: Step[];
}

const CONTAINER_FAULTS: ActionType[] = ['kill', 'stop', 'pause'];
const HEALS: Record<string, ActionType[]> = { start: ['kill', 'stop'], unpause: ['pause'], restart: ['kill', 'stop', 'pause'] };

function isHealing(type: ActionType): boolean {
  return HEALS[type] !== undefined;
}

function toxicName(faultId: string, suffix: string): string {
  return `${TOXIC_PREFIX}${faultId.replace(/[^A-Za-z0-9]+/g, '_')}_${suffix}`;
}

function networkOps(a: ActionSpec, faultId: string): { inject: Primitive[]; heal: Primitive[] } {
  const net = a.network ?? {};
  const proxies = net.proxies ?? proxiesFor(a.target);
  const inject: Primitive[] = [];
  const heal: Primitive[] = [];
  const toxics: Toxic[] = [];
  if (a.type === 'reset_peer') {
    toxics.push({ name: toxicName(faultId, 'reset'), type: 'reset_peer', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
  }
  if (net.partition === 'blackhole') {
    for (const stream of ['upstream', 'downstream'] as const) {
      toxics.push({ name: toxicName(faultId, `blackhole_${stream}`), type: 'timeout', stream, toxicity: 1, attributes: { timeout: 0 } });
    }
  }
  if (net.delayMs !== undefined) {
    toxics.push({ name: toxicName(faultId, 'latency'), type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: net.delayMs, jitter: net.jitterMs ?? 0 } });
  }
  if (net.rateKBps !== undefined) {
    toxics.push({ name: toxicName(faultId, 'bandwidth'), type: 'bandwidth', stream: 'downstream', toxicity: 1, attributes: { rate: net.rateKBps } });
  }
  for (const proxy of proxies) {
    if (net.partition === 'down') {
      inject.push({ kind: 'proxy_enabled', proxy, enabled: false });
      heal.push({ kind: 'proxy_enabled', proxy, enabled: true });
    }
    for (const toxic of toxics) {
      inject.push({ kind: 'toxic_add', proxy, toxic });
      heal.push({ kind: 'toxic_remove', proxy, name: toxic.name });
    }
  }
  return { inject, heal };
}

function stressCmd(a: ActionSpec, durationMs: number): string[] {
  const s = a.stress ?? {};
  const cmd = ['stress-ng', '--quiet', '--temp-path', '/dev/shm'];
  if (s.cpu !== undefined) cmd.push('--cpu', String(s.cpu));
  if (s.cpuLoad !== undefined) cmd.push('--cpu-load', String(s.cpuLoad));
  if (s.vm !== undefined) cmd.push('--vm', String(s.vm));
  if (s.vmBytes !== undefined) cmd.push('--vm-bytes', s.vmBytes);
  // Whole seconds, at least 1: stress-ng's own deadline is the safety net if nobody heals it.
  cmd.push('--timeout', `${Math.max(1, Math.ceil(durationMs / 1000))}s`);
  // Docker's exec start (xk6-docker's too) returns only when the command ends, which would hold the
  // chaos VU for the whole stress window: start stress-ng in the background of a shell instead.
  // Every token is a number, a size or a fixed flag (schema-checked), so plain joining is safe.
  return ['sh', '-c', `${cmd.join(' ')} >/dev/null 2>&1 &`];
}

const PKILL_STRESS = FAULT_PROCESSES.stress.pkill;

function injectAndHeal(a: ActionSpec, faultId: string, durationMs: number, scale: number): { inject: Primitive[]; heal: Primitive[] } {
  switch (a.type) {
    case 'kill':
    case 'stop':
      return { inject: [{ kind: 'container', op: 'stop', container: a.target }], heal: [{ kind: 'container', op: 'start', container: a.target }] };
    case 'pause':
      return { inject: [{ kind: 'container', op: 'pause', container: a.target }], heal: [{ kind: 'container', op: 'unpause', container: a.target }] };
    case 'restart':
      // A restart with no fault to heal is itself a bounce: down and straight back up.
      return { inject: [{ kind: 'container', op: 'stop', container: a.target }], heal: [{ kind: 'container', op: 'start', container: a.target }] };
    case 'stress':
      return {
        inject: [{ kind: 'exec', container: a.target, cmd: stressCmd(a, durationMs), undo: PKILL_STRESS, process: 'stress' }],
        heal: [{ kind: 'exec', container: a.target, cmd: PKILL_STRESS }],
      };
    case 'redeliver': {
      // Instantaneous: what was published stays published; the undo only stops a redelivery still running.
      const r = a.redeliver ?? { windowMs: 0, ageMs: 0, topics: [] };
      const scaled = { ...r, windowMs: scaleDuration(r.windowMs, scale), ageMs: scaleDuration(r.ageMs, scale) };
      return {
        inject: [{ kind: 'exec', container: a.target, cmd: redeliverCmd(scaled), undo: FAULT_PROCESSES.redelivery.pkill, what: redeliverWhat(scaled), process: 'redelivery' }],
        heal: [],
      };
    }
    default:
      return networkOps(a, faultId);
  }
}

/** The primitives a healing action runs (restart keeps its stop: it is what the plan asks for). */
function healingOps(a: ActionSpec): Primitive[] {
  if (a.type === 'unpause') return [{ kind: 'container', op: 'unpause', container: a.target }];
  if (a.type === 'restart') return [{ kind: 'container', op: 'stop', container: a.target }, { kind: 'container', op: 'start', container: a.target }];
  return [{ kind: 'container', op: 'start', container: a.target }];
}

interface Located { action: ActionSpec; phaseIndex: number; actionIndex: number; atMs: number; path: Path }

function locate(scenario: ScenarioSpec, timeline: Timeline): Located[] {
  const out: Located[] = [];
  scenario.phases.forEach((p, pi) => {
    p.actions.forEach((action, ai) => {
      out.push({ action, phaseIndex: pi, actionIndex: ai, atMs: timeline.phases[pi].startMs, path: ['phases', pi, 'actions', ai] });
    });
  });
  return out;
}

/** Healing actions per target, in timeline order: the healer search looks only at its own target's. */
function healersByTarget(all: Located[]): Map<string, Located[]> {
  const out = new Map<string, Located[]>();
  for (const loc of all) {
    if (!isHealing(loc.action.type)) continue;
    const list = out.get(loc.action.target) ?? [];
    list.push(loc);
    out.set(loc.action.target, list);
  }
  return out;
}

function planOrErrors(scenario: ScenarioSpec, scale: number): { plan: FaultPlan; errors: SchemaError[]; paths: Map<string, Path> } {
  const timeline = buildTimeline(scenario, scale);
  const all = locate(scenario, timeline);
  const healers = healersByTarget(all);
  const errors: SchemaError[] = [];
  const faults: Fault[] = [];
  const steps: Step[] = [];
  const paths = new Map<string, Path>();
  const consumedHeals = new Set<Located>();

  for (const loc of all) {
    const a = loc.action;
    const phase = timeline.phases[loc.phaseIndex];
    const id = `${phase.name}.${loc.actionIndex}.${a.type}.${a.target}`;
    if (isHealing(a.type) && a.type !== 'restart') continue;
    if (a.type === 'restart' && consumedHeals.has(loc)) continue;
    let endMs: number;
    let healedBy: Fault['healedBy'];
    let healOps: Primitive[] | undefined;
    const healer = CONTAINER_FAULTS.indexOf(a.type) >= 0
      ? (healers.get(a.target) ?? []).find((h) => h !== loc && !consumedHeals.has(h)
          && (h.phaseIndex > loc.phaseIndex || (h.phaseIndex === loc.phaseIndex && h.actionIndex > loc.actionIndex))
          && HEALS[h.action.type].indexOf(a.type) >= 0)
      : undefined;
    if (a.durationMs !== undefined) {
      endMs = loc.atMs + scaleDuration(a.durationMs, scale);
      healedBy = 'duration';
    } else if (healer) {
      consumedHeals.add(healer);
      endMs = healer.atMs;
      healedBy = 'action';
      healOps = healingOps(healer.action);
    } else if (a.type === 'restart' || a.type === 'redeliver') {
      endMs = loc.atMs;
      healedBy = 'action';
    } else if (phase.endMs > phase.startMs) {
      endMs = phase.endMs;
      healedBy = 'phase_end';
    } else {
      errors.push({ path: loc.path, message: `${a.type} on ${a.target} in the 0s phase "${phase.name}" is never healed: give it params.duration or add a later ${a.type === 'pause' ? 'unpause' : 'start/restart'} on ${a.target}` });
      continue;
    }
    const ops = injectAndHeal(a, id, endMs - loc.atMs, scale);
    const fault: Fault = { id, phase: phase.name, action: a.type, target: a.target, startMs: loc.atMs, endMs, healedBy, inject: ops.inject, heal: healOps ?? ops.heal };
    faults.push(fault);
    paths.set(id, loc.path);
    steps.push({ atMs: fault.startMs, kind: 'inject', faultId: id, phase: phase.name, action: a.type, target: a.target, ops: fault.inject });
    // An instantaneous fault (redeliver) still gets its (empty) heal step: the journal records it as over.
    steps.push({ atMs: fault.endMs, kind: 'heal', faultId: id, phase: phase.name, action: a.type, target: a.target, ops: fault.heal });
  }
  for (const loc of all) {
    if (isHealing(loc.action.type) && loc.action.type !== 'restart' && !consumedHeals.has(loc)) {
      errors.push({ path: loc.path, message: `${loc.action.type} on ${loc.action.target} heals nothing: no earlier ${HEALS[loc.action.type].join('/')} on that container` });
    }
  }
  // A fault's own heal never precedes its injection (a bare restart bounces at one instant: stop, then start).
  steps.sort((x, y) => x.atMs - y.atMs || (x.kind === y.kind ? 0 : (x.kind === 'heal') !== (x.faultId === y.faultId) ? -1 : 1));
  return { plan: { timeline, faults, steps }, errors, paths };
}

/** The resolved schedule at a time scale; throws if the scenario's faults are inconsistent. */
export function planFaults(scenario: ScenarioSpec, scale: number): FaultPlan {
  const { plan, errors } = planOrErrors(scenario, scale);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
  return plan;
}

/** What a fault holds while it is active: two faults holding the same thing at once undo each other. */
function holds(f: Fault): string[] {
  if (CONTAINER_FAULTS.indexOf(f.action) >= 0 || f.action === 'restart') return [`container ${f.target}`];
  if (f.action === 'stress') return [`stress-ng in ${f.target}`];
  const proxies = new Set<string>();
  for (const p of f.inject) if (p.kind === 'toxic_add' || p.kind === 'proxy_enabled') proxies.add(p.proxy);
  return [...proxies].map((p) => `proxy ${p}`);
}

const span = (f: Fault) => `${formatDuration(f.startMs)}-${formatDuration(f.endMs)}`;

/**
 * Schedule problems at time scale 1 (a scaled run rounds each duration, so these are judged on the
 * file as written): a fault outliving the scenario or overlapping another on the same container,
 * stress-ng or proxy are errors; a fault outlasting its own non-empty phase is a warning.
 */
function scheduleProblems(plan: FaultPlan, paths: Map<string, Path>): { errors: SchemaError[]; warnings: SchemaError[] } {
  const errors: SchemaError[] = [];
  const warnings: SchemaError[] = [];
  const at = (f: Fault) => paths.get(f.id) ?? [];
  const byThing = new Map<string, Fault[]>();
  const phases = new Map(plan.timeline.phases.map((p) => [p.name, p]));
  for (const f of plan.faults) {
    const phase = phases.get(f.phase);
    const phaseMs = phase ? phase.endMs - phase.startMs : 0;
    if (f.endMs > plan.timeline.totalMs) {
      errors.push({ path: at(f), message: `${f.action} on ${f.target} lasts until ${formatDuration(f.endMs)} but the scenario ends at ${formatDuration(plan.timeline.totalMs)}: shorten params.duration or lengthen the phases (every fault is healed before verification)` });
    } else if (phase && f.healedBy === 'duration' && phaseMs > 0 && f.endMs > phase.endMs) {
      warnings.push({ path: at(f).concat('params', 'duration'), message: `${f.action} on ${f.target} lasts ${formatDuration(f.endMs - f.startMs)}, longer than its ${formatDuration(phaseMs)} phase "${f.phase}": it goes on through the next phase(s) (to mean that, start it in a 0s phase)` });
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
        errors.push({ path: at(f), message: `${f.action} on ${f.target} (${span(f)}) overlaps ${longest.action} on ${longest.target} (${span(longest)}) on the same ${thing}: one's heal would undo the other; schedule them one after the other` });
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
      if (p.kind === 'exec' && p.undo) execs.set(`${p.container} ${p.undo.join(' ')}`, { container: p.container, cmd: p.undo });
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
