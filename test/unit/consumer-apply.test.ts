import { describe, expect, it } from 'vitest';
import { byCollection, decide, latestPerRow, planWrites, toDocument, toTombstone } from '../../src/consumer/apply.js';
import { backoffMs } from '../../src/consumer/backoff.js';
import type { Change } from '../../src/consumer/envelope.js';
import { ConnectionState } from '../../src/consumer/health.js';

const change = (id: string, op: Change['op'], lsn: number, collection = 'customers'): Change => ({
  collection,
  id,
  op,
  lsn,
  sourceTsMs: 1000 + lsn,
  row: op === 'd' ? null : { id, version: lsn },
  topic: `cdc.public.${collection}`,
  partition: 0,
  offset: String(lsn),
});

describe('apply decision', () => {
  it('keeps only the highest-lsn change per row, whatever the arrival order', () => {
    const out = latestPerRow([
      change('a', 'c', 10),
      change('b', 'c', 11),
      change('a', 'd', 30),
      change('a', 'u', 20),
      change('a', 'c', 10, 'orders'),
    ]);
    expect(out.map((c) => `${c.collection}/${c.id}@${c.lsn}${c.op}`).sort()).toEqual([
      'customers/a@30d',
      'customers/b@11c',
      'orders/a@10c',
    ]);
  });

  it('never lets a change at or below an applied delete bring the row back', () => {
    expect(decide(change('a', 'u', 20), 30)).toBe('skip-tombstoned');
    expect(decide(change('a', 'c', 30), 30)).toBe('skip-tombstoned');
    // A redelivered delete is re-applied: a crash may have come between its tombstone and the document removal.
    expect(decide(change('a', 'd', 30), 30)).toBe('delete');
    expect(decide(change('a', 'c', 31), 30)).toBe('upsert');
    expect(decide(change('a', 'd', 40), undefined)).toBe('delete');
    expect(decide(change('a', 'r', 5), undefined)).toBe('upsert');
  });

  it('builds the mirrored document: columns by name, _id = key, _cdc metadata', () => {
    expect(toDocument(change('a', 'u', 20), 5000)).toEqual({
      id: 'a',
      version: 20,
      _id: 'a',
      _cdc: { lsn: 20, source_ts_ms: 1020, applied_at_ms: 5000, op: 'u' },
    });
    expect(() => toDocument(change('a', 'd', 20), 0)).toThrow(/has no row/);
    expect(toTombstone(change('a', 'd', 20), 7)).toEqual({
      _id: 'customers/a',
      coll: 'customers',
      key: 'a',
      lsn: 20,
      deleted_at_ms: 7,
    });
  });

  it('groups by collection keeping order', () => {
    const g = byCollection([change('a', 'c', 1), change('b', 'c', 2, 'orders'), change('c', 'c', 3)]);
    expect([...g.keys()]).toEqual(['customers', 'orders']);
    expect(g.get('customers')?.map((c) => c.id)).toEqual(['a', 'c']);
  });
});

describe('backoff', () => {
  it('doubles from the initial delay up to the cap, with at most half the step as jitter', () => {
    const fixed = (attempt: number) => backoffMs(attempt, 200, 10_000, () => 1);
    expect([0, 1, 2, 3, 5, 6, 40].map(fixed)).toEqual([200, 400, 800, 1600, 6400, 10_000, 10_000]);
    expect(backoffMs(3, 200, 10_000, () => 0)).toBe(800);
  });
});

describe('connection state', () => {
  it('is healthy only with both sides up and a recent Kafka fetch/heartbeat', () => {
    let now = 0;
    const s = new ConnectionState(15_000, () => now);
    expect(s.health()).toMatchObject({ ok: false, kafka: { connected: false, reason: 'consumer not started' } });
    s.kafkaAlive();
    s.mongoUp();
    expect(s.health()).toEqual({ ok: true, kafka: { connected: true }, mongo: { connected: true } });
    now = 20_000;
    expect(s.health()).toMatchObject({
      ok: false,
      kafka: { connected: false, reason: /no successful fetch or heartbeat for 20 s/ },
    });
    s.kafkaAlive();
    s.mongoDown('ping failed: connection refused');
    expect(s.health()).toMatchObject({
      ok: false,
      kafka: { connected: true },
      mongo: { connected: false, reason: 'ping failed: connection refused' },
    });
    s.kafkaDown('consumer crashed: x');
    expect(s.kafkaConnected()).toBe(false);
  });

  it('signals MongoDB coming back once per outage, so a write backoff ends early', () => {
    const s = new ConnectionState(15_000);
    s.mongoUp();
    s.mongoDown('write failed: ECONNRESET');
    const outage = s.mongoRecovered();
    s.mongoDown('ping failed: ECONNREFUSED');
    expect(s.mongoRecovered()).toBe(outage);
    expect(outage.aborted).toBe(false);
    s.mongoUp();
    expect(outage.aborted).toBe(true);
    s.mongoDown('write failed again');
    expect(s.mongoRecovered().aborted).toBe(false);
  });
});

describe('write plan', () => {
  const stored = (docs: Record<string, number>, tombs: Record<string, number> = {}) => ({
    docLsn: (c: Change) => docs[c.id],
    tombstoneLsn: (c: Change) => tombs[c.id],
  });

  it('sends only writes newer than what is stored', () => {
    const p = planWrites(
      [change('new', 'c', 10), change('old', 'u', 5), change('same', 'u', 7), change('newer', 'u', 9)],
      stored({ old: 6, same: 7, newer: 8 }),
    );
    expect(p.upserts.map((c) => c.id).sort()).toEqual(['new', 'newer']);
    expect(p.stale).toBe(2);
  });

  it('deletes only older documents, records a tombstone unless a newer one exists, and blocks resurrection', () => {
    const p = planWrites(
      [change('a', 'd', 20), change('gone', 'd', 20), change('again', 'd', 30), change('zombie', 'c', 15)],
      stored({ a: 10, again: 10 }, { again: 30, zombie: 25 }),
    );
    expect(p.deletes.map((c) => c.id).sort()).toEqual(['a', 'again']);
    expect(p.tombstones.map((c) => c.id).sort()).toEqual(['a', 'gone']);
    expect(p.tombstoned).toBe(1);
    expect(p.stale).toBe(1);
  });

  it('blind-insert inserts creates whatever is stored', () => {
    const p = planWrites([change('a', 'c', 1), change('b', 'u', 9)], stored({ a: 5, b: 1 }), true);
    expect(p.inserts.map((c) => c.id)).toEqual(['a']);
    expect(p.upserts.map((c) => c.id)).toEqual(['b']);
  });
});
