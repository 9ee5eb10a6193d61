// One history per run (Jepsen's lesson): every load write with its invocation and its outcome, every
// journaled event (fault intents, dispatches with when they took effect, heals, probe errors, verdicts,
// undo) and every version a probe saw. The bundle appends events from every k6 stage; the checkers
// and the run journal below are pure functions of it, so recorded histories are their unit tests.

import { parseDuration } from './duration.js';
import type { Fault } from './fault-plan.js';
import type { Stage } from './load-profile.js';
import { VersionTracker, type OrderViolation, type Outcome, type WriteRecord } from './verdict.js';

/** A write's outcome as Jepsen names it: ok, fail (not applied), info (unknown: may or may not have applied). */
export type WriteResult = 'ok' | 'fail' | 'info';

/**
 * One write: invoked at `ms`, completed at `done` (wall-clock ms). `version` is the row's version
 * the write set: returned by PostgreSQL when ok, the intended one otherwise (absent when not known,
 * e.g. an update of a hot row many VUs update). `resolved`: the outcome came from reading the row
 * back after an error that left it unknown.
 */
export interface WriteEvent {
  event: 'write';
  ms: number;
  done: number;
  vu: number;
  table: string;
  key: string;
  op: 'insert' | 'update' | 'delete';
  result: WriteResult;
  version?: number;
  resolved?: boolean;
  /** Timeline offset of its completion, for the probes' canaries (recovery counts from when one was written). */
  at_ms?: number;
}

/** A version a probe saw for a key in MongoDB (only changes are recorded: a repeat says nothing new). */
export interface ObserveEvent {
  event: 'observe';
  ms: number;
  probe: string;
  key: string;
  version: number | null;
  /** Timeline offset of the observation. */
  at_ms: number;
}

/** What the probes measured at one moment (`at_ms`, timeline offset), by series name: `health`, `lag`, `writes`,
 *  `alerts`, `alert:<name>`, `container:<name>`, `metric:<source>:<aggregate>`. A measurement the probe could not
 *  make is absent (unknown), never a value. */
export interface SampleEvent {
  event: 'sample';
  ms: number;
  at_ms: number;
  values: Record<string, number>;
}

/** Any journaled event (src/k6/journal.ts): its fields as journaled. */
export interface JournalEvent {
  event: string;
  ms: number;
  [field: string]: unknown;
}

export type HistoryEvent = WriteEvent | ObserveEvent | SampleEvent | JournalEvent;

export function isWrite(e: HistoryEvent): e is WriteEvent {
  return e.event === 'write';
}

export function isObserve(e: HistoryEvent): e is ObserveEvent {
  return e.event === 'observe';
}

export function isSample(e: HistoryEvent): e is SampleEvent {
  return e.event === 'sample';
}

/** Verification found PostgreSQL and MongoDB agreeing (it neither timed out nor saw the pipeline drain apart). */
export function quiescent(history: HistoryEvent[]): boolean {
  return !history.some((e) => e.event === 'quiescence_timeout' || e.event === 'drained_not_converged');
}

/** The journaled events of one kind, in order. */
export function eventsNamed(history: HistoryEvent[], name: string): JournalEvent[] {
  return history.filter((e) => e.event === name) as JournalEvent[];
}

const OUTCOME: Record<WriteResult, Outcome> = { ok: 'ok', fail: 'failed', info: 'unknown' };

/** The writes to one table in the shape classify() reads. */
export function writeRecords(history: HistoryEvent[], table: string): WriteRecord[] {
  const out: WriteRecord[] = [];
  for (const e of history) {
    if (isWrite(e) && e.table === table)
      out.push({
        key: e.key,
        op: e.op,
        outcome: OUTCOME[e.result],
        ...(e.version !== undefined ? { version: e.version } : {}),
      });
  }
  return out;
}

/** Per-key order as the probes saw it: every time a document showed an older version than it had shown before. */
export function versionRegressions(history: HistoryEvent[]): OrderViolation[] {
  const tracker = new VersionTracker();
  const out: OrderViolation[] = [];
  for (const e of history) {
    if (!isObserve(e)) continue;
    const v = tracker.observe(e.key, e.version, e.at_ms);
    if (v) out.push(v);
  }
  return out;
}

/** When one fault actually happened, on the run's timeline (ms); null = not recorded. */
export interface FaultTimes {
  fault: string;
  action: string;
  target: string;
  phase: string | null;
  scheduled_ms: number | null;
  /** Its injection was sent. */
  dispatched_ms: number | null;
  /** The injection was seen in place (container state, toxic listed, process running); null = never seen. */
  in_effect_ms: number | null;
  heal_scheduled_ms: number | null;
  heal_dispatched_ms: number | null;
  /** The undo was seen in place (container running again, toxic gone); null = never seen. */
  healed_ms: number | null;
  errors: string[];
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Each fault's times from its fault_start / fault_end events, in the order the faults started. */
export function faultTimes(history: HistoryEvent[]): FaultTimes[] {
  const byId = new Map<string, FaultTimes>();
  for (const e of history) {
    if (e.event !== 'fault_start' && e.event !== 'fault_end') continue;
    const id = String(e.fault);
    let f = byId.get(id);
    if (!f) {
      f = {
        fault: id,
        action: String(e.action),
        target: String(e.target),
        phase: typeof e.phase === 'string' ? e.phase : null,
        scheduled_ms: null,
        dispatched_ms: null,
        in_effect_ms: null,
        heal_scheduled_ms: null,
        heal_dispatched_ms: null,
        healed_ms: null,
        errors: [],
      };
      byId.set(id, f);
    }
    if (e.event === 'fault_start') {
      f.scheduled_ms = num(e.scheduled_ms);
      f.dispatched_ms = num(e.actual_ms);
      f.in_effect_ms = num(e.effect_ms);
    } else {
      f.heal_scheduled_ms = num(e.scheduled_ms);
      f.heal_dispatched_ms = num(e.actual_ms);
      f.healed_ms = num(e.effect_ms);
    }
    f.errors.push(...strings(e.errors));
  }
  return Array.from(byId.values());
}

/** The plan's faults with their windows moved to when they actually took effect and healed (as planned where not recorded). */
export function actualFaults(planned: Fault[], times: FaultTimes[]): Fault[] {
  return planned.map((f) => {
    const t = times.find((x) => x.fault === f.id);
    if (!t) return f;
    const start = t.in_effect_ms ?? t.dispatched_ms ?? f.startMs;
    const end = t.healed_ms ?? t.heal_dispatched_ms ?? f.endMs;
    return { ...f, startMs: start, endMs: Math.max(start, end) };
  });
}

/** Ramp-down windows [from, to) of the load's stages, plus the load's last seconds: a load VU may not iterate
 *  again once there, so it hands over its buffered history after every write. */
export function flushEveryWriteWindows(stages: Stage[], endMs: number, tailMs: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  let prev = 0;
  for (const s of stages) {
    const ms = parseDuration(s.duration);
    if (s.target < prev) out.push([at, at + ms + tailMs]);
    at += ms;
    prev = s.target;
  }
  out.push([endMs - tailMs, Infinity]);
  return out;
}
