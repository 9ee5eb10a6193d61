import { describe, expect, it } from 'vitest';
import {
  canaryLatencies,
  faultTimings,
  lagBackAt,
  pipelineHealedAt,
  resilient,
} from '../../src/experiment/recovery.js';
import {
  classify,
  classifyWriteError,
  resolveUnknown,
  VersionTracker,
  type MongoDoc,
  type PgRow,
} from '../../src/experiment/verdict.js';
import type { Fault } from '../../src/experiment/fault-plan.js';

const row = (key: string, version: number, status = 'active'): PgRow => ({ key, version, fields: { status } });
const doc = (key: string, version: number | null, status = 'active'): MongoDoc => ({
  key,
  version,
  fields: { status },
});

describe('classify (PG is the truth)', () => {
  it('ok when every row is mirrored at its version and values', () => {
    const c = classify([row('a', 1), row('b', 3)], [doc('a', 1), doc('b', 3)]);
    expect(c.counts).toMatchObject({ ok: 2, lost: 0, stale: 0, phantom: 0, resurrected: 0, duplicated: 0 });
    expect(c.problems.size).toBe(0);
  });

  it('finds lost, stale, phantom (newer version / other values), resurrected and duplicated keys', () => {
    const pg = [
      row('lost', 2),
      row('stale', 5),
      row('newer', 2),
      row('changed', 3, 'closed'),
      row('dup', 1),
      row('ok', 1),
    ];
    const mongo = [
      doc('stale', 4),
      doc('newer', 3),
      doc('changed', 3, 'active'),
      doc('dup', 1),
      doc('dup', 1),
      doc('ok', 1),
      doc('deleted-in-pg', 7),
    ];
    const c = classify(pg, mongo);
    expect(c.counts).toEqual({ ok: 1, lost: 1, stale: 1, phantom: 2, resurrected: 1, duplicated: 1 });
    expect(c.problems.get('stale')).toEqual({ verdict: 'stale', pgVersion: 5, mongoVersion: 4 });
    expect(c.problems.get('deleted-in-pg')?.verdict).toBe('resurrected');
    expect(c.examples.phantom.sort()).toEqual(['changed', 'newer']);
    expect(c.keys).toBe(7);
  });

  it('uses a write history: rows marked deleted, keys never inserted, versions whose write failed', () => {
    const history = [
      { key: 'a', op: 'insert' as const, version: 1, outcome: 'ok' as const },
      { key: 'a', op: 'update' as const, version: 2, outcome: 'failed' as const },
      { key: 'gone', op: 'insert' as const, version: 1, outcome: 'ok' as const },
      { key: 'gone', op: 'delete' as const, outcome: 'ok' as const },
    ];
    const pg: PgRow[] = [row('a', 2), { ...row('gone', 1), deleted: true }];
    const c = classify(pg, [doc('a', 2), doc('gone', 1), doc('never', 1)], { history });
    expect(c.problems.get('a')?.verdict).toBe('phantom');
    expect(c.problems.get('gone')?.verdict).toBe('resurrected');
    expect(c.problems.get('never')?.verdict).toBe('phantom');
  });

  it('a deleted row with no document is ok; a null version is stale', () => {
    const c = classify([{ ...row('d', 1), deleted: true }, row('n', 1)], [doc('n', null)]);
    expect(c.counts.ok).toBe(1);
    expect(c.counts.stale).toBe(1);
  });
});

describe('per-key order', () => {
  it('flags a version going backwards, even when it is repaired later', () => {
    const t = new VersionTracker();
    expect(t.observe('k', 1, 0)).toBeNull();
    expect(t.observe('k', 3, 10)).toBeNull();
    expect(t.observe('k', 3, 20)).toBeNull();
    expect(t.observe('k', 2, 30)).toEqual({ key: 'k', fromVersion: 3, toVersion: 2, atMs: 30 });
    expect(t.observe('k', 4, 40)).toBeNull();
    expect(t.observe('other', 1, 40)).toBeNull();
    expect(t.observe('k', null, 50)).toBeNull();
    expect(t.violations).toBe(1);
  });
});

describe('write outcomes', () => {
  it('tells errors that never applied from ambiguous ones', () => {
    expect(classifyWriteError('dial tcp 127.0.0.1:5432: connect: connection refused')).toBe('failed');
    expect(classifyWriteError('pq: duplicate key value violates unique constraint "customers_pkey"')).toBe('failed');
    expect(classifyWriteError('read tcp 127.0.0.1:5432: i/o timeout')).toBe('unknown');
    expect(classifyWriteError('driver: bad connection')).toBe('unknown');
  });
  it('resolves unknown outcomes by reading PG back', () => {
    expect(resolveUnknown({ key: 'a', op: 'insert', outcome: 'unknown' }, 1)).toBe('ok');
    expect(resolveUnknown({ key: 'a', op: 'insert', outcome: 'unknown' }, null)).toBe('failed');
    expect(resolveUnknown({ key: 'a', op: 'delete', outcome: 'unknown' }, null)).toBe('ok');
    expect(resolveUnknown({ key: 'a', op: 'update', version: 4, outcome: 'unknown' }, 4)).toBe('ok');
    expect(resolveUnknown({ key: 'a', op: 'update', version: 4, outcome: 'unknown' }, 3)).toBe('failed');
  });
});

describe('recovery timings', () => {
  const fault = { id: 'f', action: 'kill', target: 'cdc-mongodb', startMs: 10_000, endMs: 20_000 } as Fault;
  it('detect = first unhealthy sample in the fault; recovery = first canary written after the heal becomes visible', () => {
    const canaries = [
      { writtenMs: 15_000, visibleMs: 22_000 }, // written during the fault: not a recovery signal
      { writtenMs: 20_500, visibleMs: 24_000 },
      { writtenMs: 21_500, visibleMs: 23_500 },
    ];
    const health = [
      { t: 9000, v: 1 },
      { t: 11_000, v: 1 },
      { t: 12_000, v: 0 },
      { t: 25_000, v: 1 },
    ];
    const lag = [
      { t: 21_000, v: 500 },
      { t: 26_000, v: 5 },
    ];
    const [t] = faultTimings([fault], canaries, health, lag, 10, 40_000);
    expect(t).toMatchObject({
      faultId: 'f',
      detectMs: 2000,
      recoveryMs: 3500,
      lagRecoveryMs: 6000,
      recoveryLowerBoundMs: 20_000,
    });
  });
  it('lag recovered = back under the bound for good: a dip while the backlog still grows is not a recovery', () => {
    // A consumer crawling through its backlog: its lag dips under the bound as it rejoins, then climbs and stays up.
    const crawling = [
      { t: 20_500, v: 3 },
      { t: 21_500, v: 180 },
      { t: 40_000, v: 175 },
    ];
    expect(faultTimings([fault], [], [], crawling, 10, 40_000)[0].lagRecoveryMs).toBeNull();
    expect(lagBackAt(crawling, 10, 20_000, Infinity)).toBeNull();
    // Caught up: the last stretch under the bound counts from its first sample.
    const caughtUp = crawling.concat([
      { t: 41_000, v: 4 },
      { t: 42_000, v: 0 },
    ]);
    expect(lagBackAt(caughtUp, 10, 20_000, Infinity)).toBe(41_000);
    // Up to the next fault only: its own backlog is its own recovery.
    expect(lagBackAt(caughtUp.concat([{ t: 50_000, v: 500 }]), 10, 20_000, 45_000)).toBe(41_000);
    expect(lagBackAt([{ t: 19_000, v: 0 }], 10, 20_000, Infinity)).toBeNull();
  });
  it('no recovery observed → null with a lower bound', () => {
    const [t] = faultTimings([fault], [{ writtenMs: 21_000, visibleMs: null }], [], [], 10, 50_000);
    expect(t.recoveryMs).toBeNull();
    expect(t.recoveryLowerBoundMs).toBe(30_000);
  });
  it('a fault healed while another is still active recovers from the later heal (chained); back-to-back faults do not chain', () => {
    const f = (id: string, startMs: number, endMs: number) =>
      ({ id, action: 'kill', target: id, startMs, endMs }) as Fault;
    const faults = [
      f('mongo', 60_000, 124_000),
      f('consumer1', 80_000, 92_000),
      f('consumer2', 112_000, 124_000),
      f('later', 124_000, 130_000),
    ];
    expect(faults.map((x) => pipelineHealedAt(x, faults))).toEqual([124_000, 124_000, 124_000, 130_000]);
    const [, c1] = faultTimings(
      faults.slice(0, 3),
      [
        { writtenMs: 95_000, visibleMs: 126_000 },
        { writtenMs: 125_000, visibleMs: 129_000 },
      ],
      [],
      [],
      10,
      200_000,
    );
    expect(c1.recoveryMs).toBe(5000);
  });
  it('latency and resilience of canaries', () => {
    const cs = [
      { writtenMs: 0, visibleMs: 300 },
      { writtenMs: 1000, visibleMs: null },
      { writtenMs: 2000, visibleMs: 70_000 },
    ];
    expect(canaryLatencies(cs)).toEqual([300, 68_000]);
    expect(cs.map((c) => resilient(c, 60_000))).toEqual([true, false, false]);
  });
});
