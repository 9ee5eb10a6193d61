import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { SHARDS, readerShards, sameTotals, shardOfMd5, totalsByShard, totalsOf } from '../../src/experiment/shards.js';

const schema = readFileSync(new URL('../../src/stack/schema.sql', import.meta.url), 'utf8');

describe('verification shards', () => {
  it('SHARDS is the range the schema gives every row of both tables, from its key', () => {
    for (const table of ['customers', 'orders']) {
      const line = schema.split('\n').find((l) => l.startsWith(`alter table ${table} add column if not exists shard `));
      expect(line, table).toBeDefined();
      expect(line).toContain(`check (shard between 0 and ${SHARDS - 1})`);
      expect(schema).toContain(
        `create or replace trigger cdc_chaos_shard before insert on ${table} for each row execute function cdc_chaos_shard();`,
      );
    }
    // The trigger's expression is the one shardOfMd5 reads: the low bits of md5's first byte.
    expect(schema).toContain(`new.shard := get_byte(decode(md5(new.id), 'hex'), 0) & ${SHARDS - 1};`);
  });

  it("a key's shard from its md5, as PostgreSQL 15's trigger set it for these keys (UTF-8 included)", () => {
    const md5 = (k: string): string => createHash('md5').update(k).digest('hex');
    expect(shardOfMd5(md5('abc-1'))).toBe(5);
    expect(shardOfMd5(md5('héllo'))).toBe(14);
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => shardOfMd5(md5(`run-x-c-${i}`))));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: SHARDS }, (_, i) => i));
  });

  it('readers split the shards: each shard read by exactly one reader, for every reader count allowed', () => {
    for (let readers = 1; readers <= SHARDS; readers++) {
      const all = Array.from({ length: readers }, (_, r) => readerShards(r, readers)).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: SHARDS }, (_, i) => i));
      expect(readerShards(readers - 1, readers).length).toBeGreaterThan(0);
    }
    expect(readerShards(1, 2)).toEqual([1, 3, 5, 7, 9, 11, 13, 15]);
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
