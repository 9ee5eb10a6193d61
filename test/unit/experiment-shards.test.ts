import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARDS, sameTotals, totalsByShard, totalsOf } from '../../src/experiment/shards.js';

const schema = readFileSync(new URL('../../src/stack/schema.sql', import.meta.url), 'utf8');

describe('verification shards', () => {
  it('SHARDS is the range the schema gives every row of both tables', () => {
    for (const table of ['customers', 'orders']) {
      const line = schema.split('\n').find((l) => l.startsWith(`alter table ${table} add column if not exists shard `));
      expect(line, table).toBeDefined();
      expect(line).toContain(`default floor(random() * ${SHARDS})`);
      expect(line).toContain(`check (shard between 0 and ${SHARDS - 1})`);
    }
  });

  it('totals of documents: count and version sum; a missing or non-numeric version adds 0', () => {
    expect(totalsOf([{ version: 2 }, { version: 5 }, {}, { version: '3' }])).toEqual({ n: 4, v: 7 });
    expect(totalsOf([])).toEqual({ n: 0, v: 0 });
  });

  it('PG totals per shard: one entry per shard, empty shards zero', () => {
    const t = totalsByShard([
      { shard: 3, n: 2, v: 7 },
      { shard: 0, n: 1, v: 1 },
    ]);
    expect(t).toHaveLength(SHARDS);
    expect(t[0]).toEqual({ n: 1, v: 1 });
    expect(t[3]).toEqual({ n: 2, v: 7 });
    expect(t[1]).toEqual({ n: 0, v: 0 });
  });

  it('a shard outside the range is a schema/constant mismatch, not silently unread', () => {
    expect(() => totalsByShard([{ shard: SHARDS, n: 1, v: 1 }])).toThrow(/outside/);
    expect(() => totalsByShard([{ shard: -1, n: 1, v: 1 }])).toThrow(/outside/);
  });

  it('converged slice: same count and version sum', () => {
    expect(sameTotals({ n: 2, v: 7 }, { n: 2, v: 7 })).toBe(true);
    expect(sameTotals({ n: 2, v: 7 }, { n: 2, v: 6 })).toBe(false);
    expect(sameTotals({ n: 2, v: 7 }, { n: 1, v: 7 })).toBe(false);
  });
});
