// The run history's pure readers: the checks only a history can feed (failed-write phantoms, keys never
// inserted, acknowledged writes lost, per-key order as the probes saw it), the faults' actual times and
// the run journal — fed hand-made histories and one recorded from a real run (fixtures/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  actualFaults,
  faultTimes,
  flushEveryWriteWindows,
  isWrite,
  versionRegressions,
  writeRecords,
  type HistoryEvent,
  type ObserveEvent,
  type WriteEvent,
} from '../../src/experiment/history.js';
import { historyJsonl, runJournal } from '../../src/experiment/run-journal.js';
import { classify, type MongoDoc, type PgRow } from '../../src/experiment/verdict.js';
import { planFaults } from '../../src/experiment/fault-plan.js';
import { shippedScenario } from './helpers-scenarios.js';

const recorded = (name: string): HistoryEvent[] =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as HistoryEvent);

const w = (
  key: string,
  op: WriteEvent['op'],
  result: WriteEvent['result'],
  version?: number,
  table = 'customers',
): WriteEvent => ({
  event: 'write',
  ms: 0,
  done: 1,
  vu: 1,
  table,
  key,
  op,
  result,
  ...(version !== undefined ? { version } : {}),
});
const row = (key: string, version: number): PgRow => ({ key, version, fields: {} });
const doc = (key: string, version: number | null): MongoDoc => ({ key, version, fields: {} });

/** PostgreSQL's and a correct consumer's final state implied by a history's acknowledged writes. */
function finalStates(history: HistoryEvent[], table: string): { pg: PgRow[]; mongo: MongoDoc[] } {
  const live = new Map<string, number>();
  for (const e of history) {
    if (!isWrite(e) || e.table !== table || e.result !== 'ok') continue;
    if (e.op === 'delete') live.delete(e.key);
    else live.set(e.key, Math.max(live.get(e.key) ?? 0, e.version ?? 0));
  }
  const pg = Array.from(live, ([key, version]) => row(key, version));
  return { pg, mongo: pg.map((r) => doc(r.key, r.version)) };
}

describe('checks fed by the history', () => {
  it('a document at a version whose write failed is a phantom, unless a retry reached that version', () => {
    const history = writeRecords(
      [
        w('a', 'insert', 'ok', 1),
        w('a', 'update', 'fail', 2),
        w('b', 'insert', 'ok', 1),
        w('b', 'update', 'fail', 2),
        w('b', 'update', 'ok', 2),
      ],
      'customers',
    );
    const c = classify([row('a', 2), row('b', 2)], [doc('a', 2), doc('b', 2)], { history });
    expect(c.problems.get('a')).toEqual({ verdict: 'phantom', pgVersion: 2, mongoVersion: 2, why: 'failed_write' });
    expect(c.problems.has('b')).toBe(false);
  });

  it('a document for a key no write inserted is a phantom', () => {
    const history = writeRecords([w('a', 'insert', 'ok', 1)], 'customers');
    const c = classify([row('a', 1)], [doc('a', 1), doc('never', 1)], { history });
    expect(c.problems.get('never')).toEqual({
      verdict: 'phantom',
      pgVersion: null,
      mongoVersion: 1,
      why: 'never_inserted',
    });
  });

  it('an acknowledged write PostgreSQL does not have is lost, on either side or neither; a deleted or unknown one is not', () => {
    const history = writeRecords(
      [
        w('gone', 'insert', 'ok', 1), // acknowledged, never deleted, on neither side
        w('behind', 'insert', 'ok', 1),
        w('behind', 'update', 'ok', 2), // PG went back to 1
        w('mirror', 'insert', 'ok', 1), // only MongoDB still has it
        w('deleted', 'insert', 'ok', 1),
        w('deleted', 'delete', 'ok'),
        w('maybe', 'insert', 'ok', 1),
        w('maybe', 'delete', 'info'),
      ],
      'customers',
    );
    const c = classify([row('behind', 1)], [doc('behind', 1), doc('mirror', 1)], { history });
    expect(c.problems.get('gone')).toEqual({ verdict: 'lost', pgVersion: null, mongoVersion: null, why: 'ack_lost' });
    expect(c.problems.get('behind')).toEqual({ verdict: 'lost', pgVersion: 1, mongoVersion: 1, why: 'ack_lost' });
    expect(c.problems.get('mirror')).toEqual({ verdict: 'lost', pgVersion: null, mongoVersion: 1, why: 'ack_lost' });
    expect(c.problems.has('deleted')).toBe(false);
    expect(c.problems.has('maybe')).toBe(false);
    expect(c.counts.lost).toBe(3);
  });

  it('a key deleted and created again: what was acknowledged after the delete counts, what came before it does not', () => {
    const history = writeRecords(
      [
        w('back', 'insert', 'ok', 1),
        w('back', 'update', 'ok', 2),
        w('back', 'delete', 'ok'),
        w('back', 'insert', 'ok', 3), // re-created, its version continuing: acknowledged, on neither side
        w('again', 'insert', 'ok', 1),
        w('again', 'delete', 'ok'),
        w('again', 'insert', 'ok', 2),
        w('again', 'delete', 'ok'), // deleted for good
        w('tomb', 'insert', 'ok', 1),
        w('tomb', 'delete', 'ok'),
        w('tomb', 'insert', 'ok', 2), // PG has it; a consumer that kept the tombstone has no document
      ],
      'customers',
    );
    const c = classify([row('tomb', 2)], [], { history });
    expect(c.problems.get('back')).toEqual({ verdict: 'lost', pgVersion: null, mongoVersion: null, why: 'ack_lost' });
    expect(c.problems.has('again')).toBe(false);
    expect(c.problems.get('tomb')).toEqual({ verdict: 'lost', pgVersion: 2, mongoVersion: null });
    expect(c.counts.lost).toBe(2);
  });

  it('a document the probes saw going backwards is a finding even when it ends right', () => {
    const obs = (key: string, version: number, at: number): HistoryEvent => ({
      event: 'observe',
      ms: at,
      probe: 'hot_rows',
      key,
      version,
      at_ms: at,
    });
    const regressions = versionRegressions([
      obs('h', 3, 1),
      obs('h', 5, 2),
      obs('h', 4, 3),
      obs('h', 6, 4),
      obs('k', 1, 4),
    ]);
    expect(regressions).toEqual([{ key: 'h', fromVersion: 5, toVersion: 4, atMs: 3 }]);
  });

  it("load VUs send at once where they may not iterate again: ramp-downs and the load's last seconds", () => {
    const stages = [
      { duration: '10s', target: 20 },
      { duration: '10s', target: 20 },
      { duration: '5s', target: 5 },
      { duration: '5s', target: 5 },
    ];
    expect(flushEveryWriteWindows(stages, 30_000, 3000)).toEqual([
      [20_000, 28_000],
      [27_000, Infinity],
    ]);
  });
});

describe('a recorded run (mongodb-failure, CHAOS_TIME_SCALE=0.1, reference consumer)', () => {
  const history = recorded('history-mongodb-failure.jsonl');
  const spec = shippedScenario('mongodb-failure');

  it('has every kind of event: writes with outcomes, probe observations, the fault with its times', () => {
    expect(history.filter(isWrite).length).toBeGreaterThan(100);
    expect(history.some((e) => e.event === 'observe')).toBe(true);
    const [kill] = faultTimes(history);
    expect(kill.fault).toBe('crash.0.kill.cdc-mongodb');
    const [dispatched, inEffect, healDispatched, healed] = [
      kill.dispatched_ms,
      kill.in_effect_ms,
      kill.heal_dispatched_ms,
      kill.healed_ms,
    ].map(Number);
    expect([dispatched, inEffect, healDispatched, healed].every(Number.isFinite)).toBe(true);
    // Seen in effect after it was dispatched, healed after its heal was dispatched.
    expect(inEffect).toBeGreaterThan(dispatched);
    expect(healDispatched).toBeGreaterThan(inEffect);
    expect(healed).toBeGreaterThanOrEqual(healDispatched);
  });

  it('its final states check clean, and each history check fires on a state it rules out', () => {
    for (const table of ['customers', 'orders']) {
      const { pg, mongo } = finalStates(history, table);
      expect(pg.length, table).toBeGreaterThan(0);
      const writes = writeRecords(history, table);
      expect(classify(pg, mongo, { history: writes }).problems.size, table).toBe(0);
      // The first acknowledged row vanished from PostgreSQL (and so from MongoDB).
      const lostKey = pg[0].key;
      expect(classify(pg.slice(1), mongo.slice(1), { history: writes }).problems.get(lostKey)?.why).toBe('ack_lost');
      // A document for a key the run never wrote.
      expect(
        classify(pg, mongo.concat(doc('not-written', 1)), { history: writes }).problems.get('not-written')?.why,
      ).toBe('never_inserted');
    }
    expect(versionRegressions(history)).toEqual([]);
  });

  it('moves the planned fault window to when the fault was in effect and healed', () => {
    const plan = planFaults(spec, 0.1);
    const [actual] = actualFaults(plan.faults, faultTimes(history));
    const [times] = faultTimes(history);
    expect(actual.startMs).toBe(times.in_effect_ms);
    expect(actual.endMs).toBe(times.healed_ms);
    expect(actual.startMs).not.toBe(plan.faults[0].startMs);
  });

  it('journals the run: completed, steady state before and after, the fault, the undo, the verdict', () => {
    const j = runJournal({
      scenario: spec,
      scale: 0.1,
      delivery: 'at-least-once',
      runId: 'r',
      seed: 1,
      history,
      thresholds: [{ metric: 'cdc_lost', expression: 'count==0', ok: true, observed: 0 }],
    });
    expect(j.status).toBe('completed');
    expect(j.deviated).toBe(false);
    expect(j.verdict.pass).toBe(true);
    expect(j.steady_states.before).toMatchObject({ verdict: 'settled' });
    expect(j.steady_states.after?.quiescent).toBe(true);
    expect(Object.keys(j.steady_states.after?.tables ?? {}).sort()).toEqual(['customers', 'orders']);
    expect(j.faults.map((f) => f.fault)).toEqual(['crash.0.kill.cdc-mongodb']);
    expect(j.rollbacks).toHaveLength(1);
    expect(j.rollbacks[0].errors).toEqual([]);
    expect(j.writes.ok).toBeGreaterThan(100);
    expect(j.probes.errors).toBeGreaterThan(0); // MongoDB was down: the probes' failed reads are in the history
    // What the probes could not measure is listed as unknown (none here), apart from what failed.
    expect(j.probes.unknown).toEqual([]);
    const blind = runJournal({
      scenario: spec,
      scale: 0.1,
      delivery: 'at-least-once',
      runId: 'r',
      seed: 1,
      history: history.concat({ event: 'probe_unknown', ms: 1, measurement: 'resilience', detail: '3 pending' }),
      thresholds: [],
    });
    expect(blind.probes.unknown).toEqual([{ measurement: 'resilience', detail: '3 pending' }]);
    expect(j.findings.order.observations).toBeGreaterThan(0);
    expect(j.findings.order.regressions).toBe(0);
    // A failed threshold deviates; a run cut short before its verification is aborted.
    expect(
      runJournal({
        scenario: spec,
        scale: 0.1,
        delivery: 'at-least-once',
        runId: 'r',
        seed: 1,
        history,
        thresholds: [{ metric: 'cdc_lost', expression: 'count==0', ok: false, observed: 2 }],
      }).deviated,
    ).toBe(true);
    expect(
      runJournal({
        scenario: spec,
        scale: 0.1,
        delivery: 'at-least-once',
        runId: 'r',
        seed: 1,
        history: history.filter((e) => e.event !== 'timeline_end'),
        thresholds: [],
      }).status,
    ).toBe('aborted');
    // A hot row seen going backwards late in the run is a finding of the journal, whatever the end state.
    const hot = history.find(
      (e): e is ObserveEvent => e.event === 'observe' && e.probe === 'hot_rows' && Number(e.version ?? 0) > 1,
    ) as ObserveEvent;
    const backwards: ObserveEvent = {
      ...hot,
      ms: hot.ms + 1e6,
      version: (hot.version as number) - 1,
      at_ms: hot.at_ms + 1e6,
    };
    const order = runJournal({
      scenario: spec,
      scale: 0.1,
      delivery: 'at-least-once',
      runId: 'r',
      seed: 1,
      history: history.concat(backwards),
      thresholds: [],
    }).findings.order;
    expect(order.regressions).toBe(1);
    expect(order.examples[0]).toMatchObject({ key: hot.key, toVersion: (hot.version as number) - 1 });
    expect(order.examples[0].fromVersion).toBeGreaterThanOrEqual(hot.version as number);
  });

  it('round-trips as JSON lines', () => {
    expect(
      historyJsonl(history)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as HistoryEvent),
    ).toEqual(history);
  });
});
