// k6/x/sql + postgres driver I/O handlers against a real PostgreSQL: values as lib/pq + sobek
// show them (xk6-extensions.md §1), errors as lib/pq words them, timeouts, cancel on VU exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { handlers } from 'k6-node-runtime/io/sql.js';
import { services, type Services } from './extensions-services.js';
import { testVu, type TestVu } from './extensions-ctx.js';

let svc: Services;
let vu: TestVu;
let db: number;
const table = `ext_sql_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  svc = await services();
  vu = testVu(handlers);
  db = await vu.call<number>('sql.open', svc.pgUrl, undefined);
});

afterAll(async () => {
  if (db) await vu.call('sql.exec', db, null, `drop table if exists ${table}`, []).catch(() => {});
  await vu?.close();
  await svc?.stop();
});

const bytes = (s: string) => Array.from(Buffer.from(s, 'utf8'));

describe('k6/x/sql over PostgreSQL', () => {
  it('maps column values like lib/pq through sobek', async () => {
    const [row] = await vu.call<Record<string, unknown>[]>(
      'sql.query',
      db,
      null,
      `select 1::int2 as i2, 2::int4 as i4, 3::int8 as i8, 1.5::float4 as f4, 2.25::float8 as f8,
              'x'::text as t, 'v'::varchar as vc, true as b, null::text as n,
              12.50::numeric as num, '7c9e6679-7425-40de-944b-e07fc1f90ae7'::uuid as u,
              '{"a":1}'::json as j, '{"a": 1}'::jsonb as jb, '\\x0102ff'::bytea as by,
              array[1,2] as arr, 'c'::char(3) as bp, current_database() as nm`,
      [],
    );
    expect(row).toMatchObject({ i2: 1, i4: 2, i8: 3, f4: 1.5, f8: 2.25, t: 'x', vc: 'v', b: true, n: null });
    expect(row.num).toEqual(bytes('12.50'));
    expect(row.u).toEqual(bytes('7c9e6679-7425-40de-944b-e07fc1f90ae7'));
    expect(row.j).toEqual(bytes('{"a":1}'));
    expect(row.jb).toEqual(bytes('{"a": 1}'));
    expect(row.by).toEqual([1, 2, 255]);
    expect(row.arr).toEqual(bytes('{1,2}'));
    expect(row.bp).toEqual(bytes('c  ')); // bpchar is not in lib/pq's string list
    expect(Array.isArray(row.nm)).toBe(true); // type `name` stays bytes too
    expect(Object.keys(row)).toEqual([
      'i2',
      'i4',
      'i8',
      'f4',
      'f8',
      't',
      'vc',
      'b',
      'n',
      'num',
      'u',
      'j',
      'jb',
      'by',
      'arr',
      'bp',
      'nm',
    ]);
  });

  it('returns timestamps as Go time values, not strings or Dates', async () => {
    const [row] = await vu.call<Record<string, unknown>[]>(
      'sql.query',
      db,
      null,
      `select '2024-01-02 03:04:05.123456+00'::timestamptz as tz, '2024-01-02 03:04:05'::timestamp as ts,
              '2024-02-29'::date as d, 'infinity'::timestamptz as inf`,
      [],
    );
    expect(row.tz).toEqual({ __goTime: [1704164645, 123456000, 0, 'UTC'] });
    expect(row.ts).toEqual({ __goTime: [1704164645, 0, 0, 'UTC'] });
    expect(row.d).toEqual({ __goTime: [Date.UTC(2024, 1, 29) / 1000, 0, 0, 'UTC'] });
    expect(row.inf).toEqual(bytes('infinity'));
  });

  it('exec reports rowsAffected; query returns [] for no rows; $n placeholders bind', async () => {
    expect(await vu.call('sql.exec', db, null, `create table ${table} (id text primary key, v bigint)`, [])).toBe(0);
    expect(
      await vu.call('sql.exec', db, null, `insert into ${table} values ($1, $2), ($3, $4)`, ['a', 1, 'b', 2]),
    ).toBe(2);
    expect(await vu.call('sql.exec', db, null, `update ${table} set v = v + 1`, [])).toBe(2);
    expect(await vu.call('sql.query', db, null, `select * from ${table} where id = $1`, ['zz'])).toEqual([]);
    expect(await vu.call('sql.query', db, null, `select id, v from ${table} order by id`, [])).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 3 },
    ]);
    // a statement without params goes through the simple protocol: several statements allowed
    expect(await vu.call('sql.exec', db, null, `delete from ${table} where id = 'a'; delete from ${table}`, [])).toBe(
      1,
    );
  });

  it('throws lib/pq-worded errors with the SQLSTATE code', async () => {
    await expect(vu.call('sql.query', db, null, 'select * from no_such_table_xyz', [])).rejects.toMatchObject({
      message: 'pq: relation "no_such_table_xyz" does not exist',
      code: '42P01',
    });
    await expect(vu.call('sql.query', db, null, 'select $1', [[1, 2]])).rejects.toThrow(
      'sql: converting argument $1 type: unsupported type []interface {}, a slice of interface',
    );
    // the pool is still usable after errors
    expect(await vu.call('sql.query', db, null, 'select 1 as one', [])).toEqual([{ one: 1 }]);
  });

  it('queryWithTimeout cancels the statement server-side; bad durations throw Go errors', async () => {
    await expect(vu.call('sql.query', db, '200ms', 'select pg_sleep(5)', [])).rejects.toMatchObject({
      message: 'pq: canceling statement due to user request',
      code: '57014',
    });
    await expect(vu.call('sql.query', db, '10x', 'select 1', [])).rejects.toThrow(
      'time: unknown unit "x" in duration "10x"',
    );
    await expect(vu.call('sql.exec', db, '0s', 'select 1', [])).rejects.toThrow('context deadline exceeded');
    expect(await vu.call('sql.query', db, '5s', 'select 2 as two', [])).toEqual([{ two: 2 }]);
  });

  it('open is lazy: a bad server fails at the first query, with Go-style dial errors', async () => {
    const bad = await vu.call<number>('sql.open', 'postgres://postgres@127.0.0.1:1/x?sslmode=disable', undefined);
    await expect(vu.call('sql.query', bad, null, 'select 1', [])).rejects.toThrow(
      'dial tcp 127.0.0.1:1: connect: connection refused',
    );
    await expect(vu.call('sql.open', svc.pgUrl, { conn_max_idle_time: 'soon' })).rejects.toThrow(
      'time: invalid duration "soon"',
    );
  });

  it('sslmode defaults to require, as lib/pq (the servers here have no TLS)', async () => {
    const u = new URL(svc.pgUrl);
    u.searchParams.delete('sslmode');
    const noSsl = await vu.call<number>('sql.open', u.toString(), undefined);
    await expect(vu.call('sql.query', noSsl, null, 'select 1', [])).rejects.toThrow(
      'pq: SSL is not enabled on the server',
    );
  });

  it('close makes later calls fail; closing twice is fine', async () => {
    const d = await vu.call<number>('sql.open', svc.pgUrl, { max_open_conns: 1 });
    expect(await vu.call('sql.query', d, null, 'select 1 as x', [])).toEqual([{ x: 1 }]);
    await vu.call('sql.close', d);
    await vu.call('sql.close', d);
    await expect(vu.call('sql.query', d, null, 'select 1', [])).rejects.toThrow('sql: database is closed');
  });

  it('cancels in-flight queries when the VU ends', async () => {
    const other = testVu(handlers, 2);
    const d = await other.call<number>('sql.open', svc.pgUrl, undefined);
    const marker = `ext_cancel_${process.pid}_${Date.now()}`;
    const running = other.call('sql.query', d, null, `select pg_sleep(60) as ${marker}`, []).catch((e: unknown) => e);
    const watcher = new pg.Client({ connectionString: svc.pgUrl });
    await watcher.connect();
    try {
      const active = async () =>
        (
          await watcher.query(
            `select count(*)::int as n from pg_stat_activity where query like '%${marker}%' and pid <> pg_backend_pid()`,
          )
        ).rows[0].n as number;
      for (let i = 0; i < 100 && (await active()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await active()).toBe(1);
      await other.close();
      expect(await running).toMatchObject({ code: '57014' });
      for (let i = 0; i < 100 && (await active()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await active()).toBe(0);
    } finally {
      await watcher.end();
    }
  });
});
