// The probes' verdicts as a pure function of the run's history (judgeProbes): fed histories recorded from real
// runs (fixtures/, load writes trimmed), they give the verdicts the runs journaled; crafted variations of them flip
// those verdicts. The report's view of a run (recordFromHistory) is read off the same history.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFaults } from '../../src/experiment/fault-plan.js';
import {
  eventsNamed,
  faultTimes,
  versionRegressions,
  writeRecords,
  type HistoryEvent,
  type ObserveEvent,
  type SampleEvent,
  type WriteEvent,
} from '../../src/experiment/history.js';
import {
  canariesFrom,
  failingAtEnd,
  judgeProbes,
  observedUntil,
  seriesFrom,
  type ProbeJudgement,
} from '../../src/experiment/probe-judgement.js';
import { runJournal } from '../../src/experiment/run-journal.js';
import type { JudgedRule } from '../../src/experiment/rules.js';
import { planRules } from '../../src/experiment/thresholds.js';
import { classify } from '../../src/experiment/verdict.js';
import { recordFromHistory } from '../../src/k6/report/run-record.js';
import { shippedScenario } from './helpers-scenarios.js';

const recorded = (name: string): HistoryEvent[] =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as HistoryEvent);

/** What the probe VU computes at the end of observation, from the history alone (scenario and scale from its run_start). */
function judge(history: HistoryEvent[], scenarioId: string): ProbeJudgement {
  const scenario = shippedScenario(scenarioId);
  const scale = Number(eventsNamed(history, 'run_start')[0].scale);
  const plan = planFaults(scenario, scale);
  const rules = planRules(scenario, scale)
    .filter((p) => p.judge === 'probe' && !p.skipped)
    .map((p) => p.rule as JudgedRule);
  return judgeProbes({
    timeline: plan.timeline,
    faults: plan.faults,
    rules,
    canaryTimeoutMs: scenario.slo.canaryTimeoutMs,
    history,
    untilMs: observedUntil(history),
  });
}

/** The rule and fault_timing events the run journaled, in judgeProbes' terms. */
function journaled(history: HistoryEvent[]) {
  return {
    rules: eventsNamed(history, 'rule')
      .filter((e) => e.judge === 'probe' && e.rule !== 'baseline_no_alerts')
      .map((e) => ({ rule: e.rule, pass: e.pass, detail: e.detail })),
    baseline: eventsNamed(history, 'rule')
      .filter((e) => e.rule === 'baseline_no_alerts')
      .map((e) => ({ pass: e.pass, detail: e.detail }))[0],
    timings: eventsNamed(history, 'fault_timing').map((e) => ({
      faultId: e.fault,
      detectMs: e.detect_ms,
      recoveryMs: e.recovery_ms,
      recoveryLowerBoundMs: e.recovery_lower_bound_ms,
      lagRecoveryMs: e.lag_recovery_ms,
    })),
  };
}

function asJournaled(j: ProbeJudgement) {
  return {
    rules: j.rules.map(({ rule, result, measured }) => ({
      rule: rule.id,
      pass: result.pass,
      detail: measured ? result.detail : `unknown: ${result.detail}`,
    })),
    baseline: j.baseline,
    timings: j.timings.map((t) => ({
      faultId: t.faultId,
      detectMs: t.detectMs,
      recoveryMs: t.recoveryMs,
      recoveryLowerBoundMs: t.recoveryLowerBoundMs,
      lagRecoveryMs: t.lagRecoveryMs,
    })),
  };
}

const isSampleOf = (e: HistoryEvent, name: string): e is SampleEvent =>
  e.event === 'sample' && (e as SampleEvent).values[name] !== undefined;

/** The history with every `name` sample from `fromMs` on set to `v`. */
function withSamples(history: HistoryEvent[], name: string, fromMs: number, v: number): HistoryEvent[] {
  return history.map((e) =>
    isSampleOf(e, name) && e.at_ms >= fromMs ? { ...e, values: { ...e.values, [name]: v } } : e,
  );
}

describe('reading the probes off a history', () => {
  const sample = (at: number, values: Record<string, number>): SampleEvent => ({
    event: 'sample',
    ms: 1000 + at,
    at_ms: at,
    values,
  });
  const canary = (key: string, result: WriteEvent['result'], extra: Partial<WriteEvent>): WriteEvent => ({
    event: 'write',
    ms: 0,
    done: 0,
    vu: 1,
    table: 'customers',
    key,
    op: 'insert',
    result,
    version: 1,
    ...extra,
  });
  const seen = (key: string, at: number): ObserveEvent => ({
    event: 'observe',
    ms: 0,
    probe: 'canary_read',
    key,
    version: 1,
    at_ms: at,
  });

  it('series by name in order, each moment once per name it measured', () => {
    const s = seriesFrom([sample(0, { lag: 5, health: 1 }), sample(500, { health: 0 }), sample(900, { lag: 7 })]);
    expect(s).toEqual({
      lag: [
        { t: 0, v: 5 },
        { t: 900, v: 7 },
      ],
      health: [
        { t: 0, v: 1 },
        { t: 500, v: 0 },
      ],
    });
  });

  it('canaries: acknowledged ones only, written at their offset (or completion − epoch), visible when first seen', () => {
    const history: HistoryEvent[] = [
      { event: 'run_start', ms: 0, epoch_ms: 10_000 },
      canary('r-canary-1', 'ok', { done: 10_400, at_ms: 400 }),
      canary('r-canary-2', 'ok', { done: 11_000 }),
      canary('r-canary-3', 'info', { done: 11_500 }),
      canary('r-c-1-1', 'ok', { done: 11_600 }),
      seen('r-canary-1', 700),
      seen('r-canary-1', 900),
    ];
    expect(canariesFrom(history)).toEqual([
      { key: 'r-canary-1', writtenMs: 400, visibleMs: 700 },
      { key: 'r-canary-2', writtenMs: 1000, visibleMs: null },
    ]);
  });

  it("a probe fails at the end when its last probe_error has no probe_recovered after it (another probe's don't count)", () => {
    const err = (probe: string): HistoryEvent => ({ event: 'probe_error', ms: 0, probe });
    const ok = (probe: string): HistoryEvent => ({ event: 'probe_recovered', ms: 0, probe });
    expect(failingAtEnd([err('canary_read'), ok('canary_read')], 'canary_read')).toBe(false);
    expect(failingAtEnd([err('canary_read'), ok('canary_read'), err('canary_read')], 'canary_read')).toBe(true);
    expect(failingAtEnd([err('canary_read'), ok('broker')], 'canary_read')).toBe(true);
  });
});

describe('a recorded run: kafka-connection-loss at 0.1, CONSUMER_FAULT=slow-when-lagging (load writes trimmed)', () => {
  const history = recorded('history-kafka-connection-loss-slow-when-lagging.jsonl');
  const j = judge(history, 'kafka-connection-loss');

  it('gives the verdicts the run journaled: rules, baseline, detect/recovery/lag recovery', () => {
    expect(asJournaled(j)).toEqual(journaled(history));
    expect(j.rules.map((r) => [r.rule.id, r.result.pass])).toEqual([
      ['kafka_consumer_connection_count_gt_0_within_60s_after_refused', true],
      ['cdc_events_processed_total_increases_within_60s_after_refused', false],
    ]);
  });

  it('never caught up: no recovery, no lag recovery — the lag stays far over its bound after the heal', () => {
    const [t] = j.timings;
    expect(t.recoveryMs).toBeNull();
    expect(t.lagRecoveryMs).toBeNull();
    const healed = faultTimes(history)[0].healed_ms as number;
    const after = seriesFrom(history).lag.filter((s) => s.t >= healed);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((s) => s.v > 100)).toBe(true);
    expect(j.resilience.some((ok) => !ok)).toBe(true);
  });

  it("a lag that reads low for a moment after the heal (the consumer's own gauge, stale while it crawls) is not a recovery", () => {
    // The faulty consumer's self-reported lag as the run's report once read it: still its pre-fault value at the
    // first look after the heal (it updates only once a chunk is written, and each change takes it a second).
    const healed = faultTimes(history)[0].healed_ms as number;
    const first = history.find((e) => isSampleOf(e, 'lag') && e.at_ms >= healed) as SampleEvent;
    const dip = history.map((e) => (e === first ? { ...e, values: { ...e.values, lag: 0 } } : e));
    expect(judge(dip, 'kafka-connection-loss').timings[0].lagRecoveryMs).toBeNull();
    // Caught up for good from some point: lag recovery counts from there.
    const caughtUp = withSamples(history, 'lag', 60_000, 0);
    const firstZero = seriesFrom(caughtUp).lag.find((s) => s.t >= 60_000)!.t;
    expect(judge(caughtUp, 'kafka-connection-loss').timings[0].lagRecoveryMs).toBe(firstZero - healed);
  });

  it('flips: canaries seen after the heal → recovered; the group never rejoining → the connection rule fails', () => {
    const healed = faultTimes(history)[0].healed_ms as number;
    const late = canariesFrom(history).filter((c) => c.writtenMs >= healed && c.visibleMs === null);
    expect(late.length).toBeGreaterThan(0);
    const seenAfter = history.concat(
      late.map((c, i) => ({
        event: 'observe',
        ms: 0,
        probe: 'canary_read',
        key: c.key,
        version: 1,
        at_ms: c.writtenMs + 300 + i,
      })),
    );
    expect(judge(seenAfter, 'kafka-connection-loss').timings[0].recoveryMs).toBe(late[0].writtenMs + 300 - healed);
    const noMembers = withSamples(history, 'metric:kafka_consumergroup_members:sum', 0, 0);
    expect(judge(noMembers, 'kafka-connection-loss').rules[0].result.pass).toBe(false);
  });

  it("the report's view is the history's: series, canaries, the journaled timings and rules, the verdict tables", () => {
    const r = recordFromHistory(history);
    expect(r.probe?.series.lag.length).toBe(seriesFrom(history).lag.length);
    expect(r.probe?.canaries.length).toBe(j.canaries.length);
    expect(r.probe?.timings.map((t) => t.lagRecoveryMs)).toEqual([null]);
    expect(r.probe?.untilMs).toBe(observedUntil(history));
    expect(r.verify?.quiescent).toBe(false);
    expect(r.verify?.tables.customers.counts).toEqual(eventsNamed(history, 'verdict')[0].counts);
    expect(r.probe?.rules.map((x) => x.rule)).toContain('baseline_no_alerts');
  });
});

describe('history checks on the recorded slow-when-lagging run, and the variations that flip them', () => {
  const history = recorded('history-kafka-connection-loss-slow-when-lagging.jsonl');
  const hot = history.filter((e): e is ObserveEvent => e.event === 'observe' && e.probe === 'hot_rows');
  const journalOf = (h: HistoryEvent[]) =>
    runJournal({
      scenario: shippedScenario('kafka-connection-loss'),
      scale: 0.1,
      delivery: 'at-least-once',
      runId: 'r',
      seed: 1,
      history: h,
      thresholds: [],
    });

  it('the probes saw every hot row only move forward; one observation going backwards is a finding', () => {
    expect(hot.length).toBeGreaterThan(0);
    expect(versionRegressions(history)).toEqual([]);
    expect(journalOf(history).findings.order.regressions).toBe(0);
    const last = hot.filter((e) => e.version !== null && e.version > 1).pop() as ObserveEvent;
    const back: ObserveEvent = {
      ...last,
      ms: last.ms + 1,
      version: (last.version as number) - 1,
      at_ms: last.at_ms + 1,
    };
    const h = history.concat(back);
    expect(versionRegressions(h)).toEqual([
      { key: last.key, fromVersion: last.version, toVersion: (last.version as number) - 1, atMs: back.at_ms },
    ]);
    expect(journalOf(h).findings.order.regressions).toBe(1);
  });

  it("a document at the version of a write that failed is a phantom; the run's own writes check clean", () => {
    const w = history.find((e): e is WriteEvent => e.event === 'write' && e.vu === 0 && e.result === 'ok')!;
    const v = w.version as number;
    // Its key's writes only (the fixture keeps the harness's writes, not the load's).
    const writes = (h: HistoryEvent[]) => writeRecords(h, 'customers').filter((r) => r.key === w.key);
    const pg = [{ key: w.key, version: v, fields: {} }];
    expect(classify(pg, [{ key: w.key, version: v, fields: {} }], { history: writes(history) }).problems.size).toBe(0);
    const failed: WriteEvent = { ...w, op: 'update', result: 'fail', version: v + 1, ms: w.ms + 1, done: w.done + 1 };
    const c = classify([{ key: w.key, version: v + 1, fields: {} }], [{ key: w.key, version: v + 1, fields: {} }], {
      history: writeRecords(history.concat(failed), 'customers'),
    });
    expect(c.problems.get(w.key)?.verdict).toBe('phantom');
    expect(c.problems.get(w.key)?.why).toBe('failed_write');
  });
});

describe('recorded reference runs (before probe samples were recorded): recovery replays from canaries and fault times', () => {
  // mongodb-failure (one kill) and consumer-crash-during-slow-writes (a MongoDB slowdown with two consumer kills in
  // it: the kills recover from the slowdown's heal), CHAOS_TIME_SCALE=0.1, reference consumer, load writes trimmed.
  for (const [file, id] of [
    ['history-mongodb-failure.jsonl', 'mongodb-failure'],
    ['history-consumer-crash-during-slow-writes.jsonl', 'consumer-crash-during-slow-writes'],
  ]) {
    it(`${id}: the recovery times the run journaled`, () => {
      const history = recorded(file);
      const recovery = judge(history, id).timings.map((t) => [t.faultId, t.recoveryMs]);
      expect(recovery).toEqual(eventsNamed(history, 'fault_timing').map((e) => [e.fault, e.recovery_ms]));
      expect(recovery.every(([, ms]) => typeof ms === 'number')).toBe(true);
      // No canary written after the last heal ever seen: not recovered, only a lower bound.
      const healed = Math.max(...faultTimes(history).map((f) => f.healed_ms as number));
      const late = new Set(
        canariesFrom(history)
          .filter((c) => c.writtenMs >= healed)
          .map((c) => c.key),
      );
      const unseen = history.filter((e) => !(e.event === 'observe' && late.has((e as ObserveEvent).key)));
      expect(judge(unseen, id).timings.at(-1)!.recoveryMs).toBeNull();
    });
  }
});
