// What the probes' observations say, as a pure function of the run's history: the window rules, the
// baseline's quiet, per-fault detect/recovery/lag-recovery times, canary resilience, and which of those the
// probes could not measure. The probe VU calls it on the events it recorded (plus the faults' times) when
// observation ends; the report and the unit tests call it on a recorded history and get the same verdicts.

import type { Fault } from './fault-plan.js';
import { actualFaults, eventsNamed, faultTimes, isObserve, isSample, isWrite, type HistoryEvent } from './history.js';
import { faultTimings, resilient, type Canary, type FaultTiming } from './recovery.js';
import {
  decideRule,
  evaluateRule,
  increase,
  observed,
  type JudgedRule,
  type RuleResult,
  type Sample,
} from './rules.js';
import type { Timeline } from './timeline.js';

/** The probes' canary rows are `<run id>-canary-<n>`. */
export const CANARY_INFIX = '-canary-';

/** Every series the probes sampled, by name, in order. */
export function seriesFrom(history: HistoryEvent[]): Record<string, Sample[]> {
  const out: Record<string, Sample[]> = {};
  for (const e of history) if (isSample(e)) addSample(out, e.at_ms, e.values);
  return out;
}

/** Appends one moment's measurements to `series` (the probe's live copy is built the same way). */
export function addSample(series: Record<string, Sample[]>, t: number, values: Record<string, number>): void {
  for (const name of Object.keys(values)) (series[name] = series[name] ?? []).push({ t, v: values[name] });
}

/** The canaries written (acknowledged by PostgreSQL) and when the probe first saw each in MongoDB. */
export function canariesFrom(history: HistoryEvent[]): (Canary & { key: string })[] {
  const epoch = eventsNamed(history, 'run_start')[0]?.epoch_ms;
  const seen = new Map<string, number>();
  for (const e of history) if (isObserve(e) && e.probe === 'canary_read' && !seen.has(e.key)) seen.set(e.key, e.at_ms);
  const out: (Canary & { key: string })[] = [];
  for (const e of history) {
    if (!isWrite(e) || e.result !== 'ok' || e.key.indexOf(CANARY_INFIX) < 0) continue;
    // Histories recorded before canary writes carried their offset: the write's completion against the epoch.
    const writtenMs = e.at_ms ?? (typeof epoch === 'number' ? e.done - epoch : null);
    if (writtenMs !== null) out.push({ key: e.key, writtenMs, visibleMs: seen.get(e.key) ?? null });
  }
  return out;
}

/** Whether the probe's last attempt failed (its probe_error not followed by a probe_recovered). */
export function failingAtEnd(history: HistoryEvent[], probe: string): boolean {
  let failing = false;
  for (const e of history) {
    if (e.event === 'probe_error' && e.probe === probe) failing = true;
    else if (e.event === 'probe_recovered' && e.probe === probe) failing = false;
  }
  return failing;
}

/** When observation ended (the probe journals it before judging), or the last sample's time. */
export function observedUntil(history: HistoryEvent[]): number {
  const end = eventsNamed(history, 'observation_end')[0]?.until_ms;
  if (typeof end === 'number') return end;
  let last = 0;
  for (const e of history) if (isSample(e)) last = Math.max(last, e.at_ms);
  return last;
}

export interface BaselineQuiet {
  pass: boolean;
  detail: string;
}

/** Acceptance: no alert fires in the baseline phase, and its alert state was observed at least once. */
export function baselineQuiet(timeline: Timeline, series: Record<string, Sample[]>): BaselineQuiet {
  const p = baselinePhase(timeline);
  const samples = (series.alerts ?? []).filter((s) => s.t >= p.startMs && s.t <= p.endMs);
  const loud = samples.find((s) => s.v > 0);
  return {
    pass: samples.length > 0 && !loud,
    detail:
      samples.length === 0
        ? `no alert state observed in phase ${p.name} (Prometheus unreachable?)`
        : loud
          ? `${loud.v} alert(s) firing at ${(loud.t / 1000).toFixed(1)}s in phase ${p.name}`
          : `no alert fired in phase ${p.name} (${samples.length} observations)`,
  };
}

export function baselinePhase(timeline: Timeline): Timeline['phases'][number] {
  return timeline.phases.find((q) => q.name === 'baseline') ?? timeline.phases[0];
}

export interface ProbeInput {
  timeline: Timeline;
  /** The plan's faults (their actual times come from the history). */
  faults: Fault[];
  rules: JudgedRule[];
  canaryTimeoutMs: number;
  history: HistoryEvent[];
  /** When observation ended. */
  untilMs: number;
}

export interface ProbeJudgement {
  /** measured: the rule's source was observed in its window (else its result says nothing: unknown). */
  rules: { rule: JudgedRule; result: RuleResult; measured: boolean }[];
  baseline: BaselineQuiet;
  timings: FaultTiming[];
  /** Canary lookups were failing when observation ended: a canary still pending was never looked at. */
  blind: boolean;
  canaries: Canary[];
  /** One sample per canary that had its chance (seen, or pending past the timeout): seen within the timeout? */
  resilience: boolean[];
  /** Canaries pending while the lookups were failing (not judged). */
  unseen: number;
  /** Changes the consumer applied again (its redelivered counter's increase, restarts tolerated; the first reading is the baseline). */
  redeliveries: number;
}

export function judgeProbes(input: ProbeInput): ProbeJudgement {
  const { timeline, history, untilMs } = input;
  const series = seriesFrom(history);
  const seriesOf = (name: string): Sample[] => series[name] ?? [];
  const rules = input.rules.map((rule) => ({
    rule,
    result: decideRule(rule, timeline, seriesOf, untilMs) ?? evaluateRule(rule, timeline, seriesOf),
    measured: observed(rule, timeline, seriesOf, untilMs),
  }));
  const lag = seriesOf('lag');
  const baselineEnd = timeline.phases[0].endMs;
  const baselineLag = lag.filter((s) => s.t <= baselineEnd).reduce((mx, s) => Math.max(mx, s.v), 0);
  const canaries = canariesFrom(history);
  const timings = faultTimings(
    actualFaults(input.faults, faultTimes(history)),
    canaries,
    seriesOf('health'),
    lag,
    baselineLag + 10,
    untilMs,
  );
  const blind = failingAtEnd(history, 'canary_read');
  // A canary still pending but younger than the timeout has not had its chance: left out.
  const resilience: boolean[] = [];
  let unseen = 0;
  for (const c of canaries) {
    if (c.visibleMs === null && blind) unseen++;
    else if (c.visibleMs !== null || untilMs - c.writtenMs > input.canaryTimeoutMs)
      resilience.push(resilient(c, input.canaryTimeoutMs));
  }
  const redeliveries = increase(seriesOf('redelivered'));
  return {
    rules,
    baseline: baselineQuiet(timeline, series),
    timings,
    blind,
    canaries,
    resilience,
    unseen,
    redeliveries,
  };
}
