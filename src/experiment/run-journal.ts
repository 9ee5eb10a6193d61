// The run journal (reports/<scenario>-journal.json): one document that says what the experiment was,
// whether it ran through, the steady state before and after, every fault with when it was scheduled,
// dispatched, in effect and healed, the undo, what the probes and checkers found, and the verdict — in the
// spirit of Chaos Toolkit's journal (status, deviated, steady states, activities, rollbacks). A pure
// function of the run's history and the thresholds' results, so a recorded history is its test.

import {
  eventsNamed,
  faultTimes,
  isObserve,
  isWrite,
  quiescent,
  versionRegressions,
  type FaultTimes,
  type HistoryEvent,
  type JournalEvent,
} from './history.js';
import type { OrderViolation } from './verdict.js';
import type { ScenarioSpec } from './scenario.js';

export interface ThresholdOutcome {
  metric: string;
  expression: string;
  ok: boolean;
  observed: number | undefined;
}

export interface RunJournalInput {
  scenario: ScenarioSpec;
  scale: number;
  delivery: string;
  runId: string;
  seed: number | null;
  history: HistoryEvent[];
  thresholds: ThresholdOutcome[];
}

export interface RunJournal {
  experiment: {
    id: string;
    name: string;
    description: string | null;
    scale: number;
    delivery: string;
    seed: number | null;
    run_id: string;
  };
  /** completed: the timeline ran out and the verification judged it; failed: a fault or its undo failed; aborted: neither. */
  status: 'completed' | 'failed' | 'aborted';
  /** The verdict failed: some threshold was crossed (Chaos Toolkit: the steady-state hypothesis deviated). */
  deviated: boolean;
  start: string | null;
  end: string | null;
  duration_ms: number | null;
  steady_states: { before: unknown; after: { quiescent: boolean; tables: Record<string, unknown> } | null };
  faults: FaultTimes[];
  rollbacks: { ops: unknown; errors: string[] }[];
  writes: { ok: number; fail: number; info: number; resolved: number };
  probes: {
    observations: number;
    errors: number;
    first_errors: { probe: string; error: string; at: string }[];
    /** Measurements a verdict needed that the probes could not make (chaos_probe_unknown). */
    unknown: { measurement: string; detail: string }[];
  };
  /** history: what verification found only the history could tell; order: documents the probes saw going backwards. */
  findings: {
    history: unknown[];
    order: { observations: number; regressions: number; examples: OrderViolation[] };
    fault_timings: unknown[];
  };
  rules: { rule: string; pass: boolean; detail: string }[];
  verdict: { pass: boolean; failed: ThresholdOutcome[] };
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function strip(e: JournalEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) if (k !== 'event' && k !== 'ms') out[k] = e[k];
  return out;
}

export function runJournal(input: RunJournalInput): RunJournal {
  const { scenario, history } = input;
  const events = (name: string): JournalEvent[] => eventsNamed(history, name);
  const faults = faultTimes(history);
  const rollbacks = events('undo_all').map((e) => ({
    ops: e.ops,
    errors: Array.isArray(e.errors) ? e.errors.map(String) : [],
  }));
  const verdicts = events('verdict');
  const writes = { ok: 0, fail: 0, info: 0, resolved: 0 };
  let observations = 0;
  for (const e of history) {
    if (isWrite(e)) {
      writes[e.result]++;
      if (e.resolved) writes.resolved++;
    } else if (isObserve(e)) observations++;
  }
  const probeErrors = events('probe_error');
  const regressions = versionRegressions(history);
  const failed = input.thresholds.filter((t) => !t.ok);
  const ranThrough = events('timeline_end').length > 0 && verdicts.length > 0;
  const broke = faults.some((f) => f.errors.length > 0) || rollbacks.some((r) => r.errors.length > 0);
  const tables: Record<string, unknown> = {};
  for (const v of verdicts) tables[String(v.table)] = { keys: v.keys, counts: v.counts, examples: v.examples };
  const first = history.length > 0 ? history[0].ms : undefined;
  const last = history.length > 0 ? history[history.length - 1].ms : undefined;
  return {
    experiment: {
      id: scenario.id,
      name: scenario.name,
      description: scenario.description ?? null,
      scale: input.scale,
      delivery: input.delivery,
      seed: input.seed,
      run_id: input.runId,
    },
    status: broke ? 'failed' : ranThrough ? 'completed' : 'aborted',
    deviated: failed.length > 0,
    start: iso(first),
    end: iso(last),
    duration_ms: first === undefined || last === undefined ? null : last - first,
    steady_states: {
      before: events('steady_state')[0]?.before ?? null,
      after: verdicts.length > 0 ? { quiescent: quiescent(history), tables } : null,
    },
    faults,
    rollbacks,
    writes,
    probes: {
      observations,
      errors: probeErrors.length,
      first_errors: probeErrors
        .slice(0, 10)
        .map((e) => ({ probe: String(e.probe), error: String(e.error), at: iso(e.ms) as string })),
      unknown: events('probe_unknown').map((e) => ({ measurement: String(e.measurement), detail: String(e.detail) })),
    },
    findings: {
      history: events('history_findings').map(strip),
      order: { observations, regressions: regressions.length, examples: regressions.slice(0, 5) },
      fault_timings: events('fault_timing').map(strip),
    },
    rules: events('rule').map((e) => ({ rule: String(e.rule), pass: e.pass === true, detail: String(e.detail ?? '') })),
    verdict: { pass: failed.length === 0, failed },
  };
}

/** The history as JSON lines, in order. */
export function historyJsonl(history: HistoryEvent[]): string {
  return history.map((e) => JSON.stringify(e)).join('\n') + (history.length > 0 ? '\n' : '');
}
