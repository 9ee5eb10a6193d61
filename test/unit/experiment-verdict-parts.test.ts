import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readerShards, shardOfMd5 } from '../../src/experiment/shards.js';
import { classify, type MongoDoc, type PgRow, type WriteRecord } from '../../src/experiment/verdict.js';
import { mergeParts, tablePart, type VerifyPart } from '../../src/experiment/verdict-parts.js';

const shardOf = (key: string): number => shardOfMd5(createHash('md5').update(key).digest('hex'));

/** One table's final states and history with every verdict in it, several times over. */
function run(): { pg: PgRow[]; mongo: MongoDoc[]; history: WriteRecord[] } {
  const pg: PgRow[] = [];
  const mongo: MongoDoc[] = [];
  const history: WriteRecord[] = [];
  const row = (key: string, version: number, status = 's'): PgRow => ({ key, version, fields: { status } });
  const doc = (key: string, version: number | null, status = 's'): MongoDoc => ({ key, version, fields: { status } });
  const w = (key: string, op: WriteRecord['op'], version: number | undefined, outcome: WriteRecord['outcome']) =>
    history.push({ key, op, ...(version !== undefined ? { version } : {}), outcome });
  for (let i = 0; i < 40; i++) {
    const k = (what: string): string => `k-${what}-${i}`;
    // ok
    pg.push(row(k('ok'), 2));
    mongo.push(doc(k('ok'), 2));
    w(k('ok'), 'insert', 1, 'ok');
    w(k('ok'), 'update', 2, 'ok');
    // lost (no document), stale, phantom (values), duplicated
    pg.push(row(k('lost'), 1));
    w(k('lost'), 'insert', 1, 'ok');
    pg.push(row(k('stale'), 3));
    mongo.push(doc(k('stale'), 2));
    w(k('stale'), 'insert', 3, 'ok');
    pg.push(row(k('phantom'), 1));
    mongo.push(doc(k('phantom'), 1, 'other'));
    w(k('phantom'), 'insert', 1, 'ok');
    pg.push(row(k('dup'), 1));
    mongo.push(doc(k('dup'), 1), doc(k('dup'), 1));
    w(k('dup'), 'insert', 1, 'ok');
    // resurrected: deleted in PG, still in MongoDB
    mongo.push(doc(k('res'), 1));
    w(k('res'), 'insert', 1, 'ok');
    w(k('res'), 'delete', undefined, 'ok');
    // never inserted: a document the history never wrote
    mongo.push(doc(k('never'), 1));
    // acknowledged, never deleted, and on neither side: only the history knows it
    w(k('gone'), 'insert', 1, 'ok');
    // a failed write's version in MongoDB
    pg.push(row(k('failed'), 1));
    mongo.push(doc(k('failed'), 2));
    w(k('failed'), 'insert', 1, 'ok');
    w(k('failed'), 'update', 2, 'failed');
    // deleted and created again, the re-insert lost
    pg.push(row(k('again'), 3));
    w(k('again'), 'insert', 1, 'ok');
    w(k('again'), 'delete', undefined, 'ok');
    w(k('again'), 'insert', 3, 'ok');
  }
  return { pg, mongo, history };
}

/** What a reader classifies: the keys of its shards on both sides and in the history (src/k6/verify.ts readPart). */
function part(reader: number, readers: number, data: ReturnType<typeof run>, witnessKeys: string[]): VerifyPart {
  const shards = readerShards(reader, readers);
  const ours = (key: string): boolean => shards.includes(shardOf(key));
  const c = classify(
    data.pg.filter((r) => ours(r.key)),
    data.mongo.filter((d) => ours(d.key)),
    {
      history: data.history.filter((w) => ours(w.key)),
    },
  );
  return {
    reader,
    shards,
    quiescence: 'converged',
    convergedAtMs: 1000 + reader,
    tables: { customers: tablePart(c, { changed: 10, bad: reader }, witnessKeys) },
  };
}

describe('a verification read by several readers', () => {
  const data = run();
  const whole = classify(data.pg, data.mongo, { history: data.history });
  const witnessKeys = ['k-lost-3', 'k-ok-4', 'k-gone-5'];

  it('the readers cover the whole run between them: every verdict bucket is present', () => {
    expect(whole.counts).toEqual({ ok: 40, lost: 120, stale: 40, phantom: 120, duplicated: 40, resurrected: 40 });
  });

  for (const readers of [2, 3, 16]) {
    it(`${readers} readers' parts, merged, are the verdict of one classification of the whole run`, () => {
      const parts = Array.from({ length: readers }, (_, r) => part(r, readers, data, witnessKeys));
      // Parts arrive in any order; the merge orders them by reader.
      const merged = mergeParts([...parts].reverse());
      const t = merged.tables.customers;
      expect(t.counts).toEqual(whole.counts);
      expect(t.keys).toBe(whole.keys);
      const findings: Record<string, number> = {};
      whole.problems.forEach((p) => p.why && (findings[p.why] = (findings[p.why] ?? 0) + 1));
      expect(t.findings).toEqual(findings);
      expect(t.witnesses).toEqual({ 'k-lost-3': 'lost', 'k-gone-5': 'lost' });
      expect(t.during).toEqual({ changed: 10 * readers, bad: (readers * (readers - 1)) / 2 });
      for (const [verdict, keys] of Object.entries(t.examples)) {
        expect(keys.length).toBe(Math.min(5, whole.counts[verdict as keyof typeof whole.counts]));
        for (const k of keys) expect(whole.problems.get(k)?.verdict ?? 'ok').toBe(verdict);
      }
      expect(merged.quiescence).toBe('converged');
      expect(merged.convergedAtMs).toBe(1000 + readers - 1);
    });
  }

  it("one reader's timeout is the run's, and a drained reader outranks converged ones; no convergence time then", () => {
    const parts = [0, 1, 2].map((r) => part(r, 3, data, []));
    expect(mergeParts([parts[0], { ...parts[1], quiescence: 'drained' }, parts[2]]).quiescence).toBe('drained');
    const timedOut = mergeParts([
      { ...parts[0], quiescence: 'timeout' },
      { ...parts[1], quiescence: 'drained' },
    ]);
    expect(timedOut.quiescence).toBe('timeout');
    expect(timedOut.convergedAtMs).toBeUndefined();
  });

  it('a part survives its trip through JSON (the readers hand parts over as text)', () => {
    const p = part(1, 2, data, witnessKeys);
    expect(mergeParts([JSON.parse(JSON.stringify(p)) as VerifyPart])).toEqual(mergeParts([p]));
  });
});
