// k6/x/sql's module (packages/k6-node-runtime/src/modules/k6-x-sql.ts) over its libpq addon against a real
// PostgreSQL (PG_URL, else a throwaway one): values as lib/pq + sobek show them (xk6-extensions.md §1), parameters
// as node-pg sent them before, errors as lib/pq words them, timeouts, dead connections, and many VU threads at
// once. Called in-process (the addon is synchronous; worker threads for the VU cases).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import sql from 'k6-node-runtime/modules/k6-x-sql.js';
import driver from 'k6-node-runtime/modules/k6-x-sql-driver-postgres.js';
import { GoTime } from 'k6-node-runtime/modules/go-time.js';
import { throwawayPostgres, type ThrowawayPostgres } from '../../bench/lib/throwaway-postgres.js';
import { built, root, run } from './helpers.js';

let server: ThrowawayPostgres | undefined;
let url: string;
let db: ReturnType<typeof sql.open>;
const table = `sql_native_${process.pid}_${Date.now()}`;
const bytes = (s: string) => Array.from(Buffer.from(s, 'utf8'));

beforeAll(async () => {
  // npm test runs conformance beside the integration tests that fault the stack: throwaway = never the stack's.
  if (process.env.PG_URL && process.env.CDC_CHAOS_TEST_SERVICES !== 'throwaway') url = process.env.PG_URL;
  else {
    server = await throwawayPostgres();
    url = server.url;
  }
  db = sql.open(driver, url);
}, 120_000);

afterAll(() => {
  try {
    db?.exec(`drop table if exists ${table}`);
    db?.close();
  } finally {
    server?.stop();
  }
});

/** How many backends run a statement containing `marker` (other than the asking one). */
async function running(marker: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where query like '%' || $1 || '%' and pid <> pg_backend_pid() and query not like '%pg_stat_activity%'`,
      [marker],
    );
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

async function until(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('k6/x/sql over the libpq addon', () => {
  it('maps column values like lib/pq through sobek, NULLs included', () => {
    const [row] = db.query(
      `select 1::int2 as i2, 2::int4 as i4, 3::int8 as i8, 1.5::float4 as f4, 2.25::float8 as f8,
              'x'::text as t, 'v'::varchar as vc, true as b, null::text as n, null::int4 as ni,
              12.50::numeric as num, '7c9e6679-7425-40de-944b-e07fc1f90ae7'::uuid as u,
              '{"a":1}'::json as j, '{"a": 1}'::jsonb as jb, '\\x0102ff'::bytea as by,
              array[1,2] as arr, 'c'::char(3) as bp, current_database() as nm`,
    );
    expect(row).toMatchObject({ i2: 1, i4: 2, i8: 3, f4: 1.5, f8: 2.25, t: 'x', vc: 'v', b: true, n: null, ni: null });
    expect(row.num).toEqual(bytes('12.50'));
    expect(row.u).toEqual(bytes('7c9e6679-7425-40de-944b-e07fc1f90ae7'));
    expect(row.j).toEqual(bytes('{"a":1}'));
    expect(row.jb).toEqual(bytes('{"a": 1}'));
    expect(row.by).toEqual([1, 2, 255]);
    expect(row.arr).toEqual(bytes('{1,2}'));
    expect(row.bp).toEqual(bytes('c  ')); // bpchar is not in lib/pq's string list
    expect(Array.isArray(row.nm)).toBe(true); // type `name` stays bytes too
    expect(Object.keys(row)).toEqual('i2 i4 i8 f4 f8 t vc b n ni num u j jb by arr bp nm'.split(' '));
    // duplicate column names: the last value wins, as in the Go map
    expect(db.query('select 1 as a, 2 as a')).toEqual([{ a: 2 }]);
  });

  it('decodes each result by its own columns while a connection reuses the last shape (same names, other types)', () => {
    // The addon keeps a connection's last column names and types; a statement whose shape differs in
    // types only, in names only, or in count must not be decoded with the kept one.
    expect(db.query('select 1::int4 as x')).toEqual([{ x: 1 }]);
    expect(db.query('select 2::int4 as x')).toEqual([{ x: 2 }]);
    expect(db.query(`select 'a'::text as x`)).toEqual([{ x: 'a' }]);
    expect(db.query('select 3::int4 as y')).toEqual([{ y: 3 }]);
    expect(db.query('select 4::int4 as y, 5::int4 as x')).toEqual([{ y: 4, x: 5 }]);
    expect(db.query('select 6::int4 as y')).toEqual([{ y: 6 }]);
    const rows = db.query('select 7::int4 as x');
    rows[0].x = 'changed by the script';
    expect(db.query('select 8::int4 as x')).toEqual([{ x: 8 }]);
    expect(Object.keys(db.query('select 9::int4 as x')[0])).toEqual(['x']);
  });

  it('returns timestamps as Go time values, not strings or Dates', () => {
    const [row] = db.query(
      `select '2024-01-02 03:04:05.123456+00'::timestamptz as tz, '2024-01-02 03:04:05'::timestamp as ts,
              '2024-02-29'::date as d, 'infinity'::timestamptz as inf, null::timestamptz as none`,
    );
    expect(row.tz).toBeInstanceOf(GoTime);
    expect(JSON.stringify(row.tz)).toBe('"2024-01-02T03:04:05.123456Z"');
    expect((row.ts as GoTime).unix()).toBe(1704164645);
    expect((row.d as GoTime).unix()).toBe(Date.UTC(2024, 1, 29) / 1000);
    expect(row.inf).toEqual(bytes('infinity'));
    expect(row.none).toBeNull();
  });

  it('binds parameters of every type k6 scripts pass, as node-pg sent them; NULL for null and undefined', () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    const [row] = db.query(
      `select $1::int as i, $2::float8 as f, $3::bool as b, $4::text as s, $5::int8 as big, $6::timestamptz as d,
              $7::timestamptz as gt, $8::bytea as u8, $9::bytea as ab, $10::text as nul, $11::int as und, $12::text as uni`,
      42,
      2.5,
      true,
      "it's",
      12345678901234n,
      when,
      new GoTime(1704164645, 5000, 0, 'UTC'),
      new Uint8Array([0, 1, 255]),
      new Uint8Array([7, 8]).buffer,
      null,
      undefined,
      'zß水🙂',
    );
    expect(row).toMatchObject({ i: 42, f: 2.5, b: true, s: "it's", big: 12345678901234, nul: null, und: null });
    expect((row.d as GoTime).unixMilli()).toBe(when.getTime());
    expect((row.gt as GoTime).unixMicro()).toBe(1704164645000005);
    expect(row.u8).toEqual([0, 1, 255]);
    expect(row.ab).toEqual([7, 8]);
    expect(row.uni).toBe('zß水🙂');
    expect(() => db.query('select $1', [1, 2])).toThrow(
      'sql: converting argument $1 type: unsupported type []interface {}, a slice of interface',
    );
    expect(() => db.query('select $1', { a: 1 })).toThrow(
      'sql: converting argument $1 type: unsupported type map[string]interface {}, a map from string to interface',
    );
  });

  it('exec reports rowsAffected; query returns [] for no rows; several statements without params', () => {
    expect(db.exec(`create table ${table} (id text primary key, v bigint)`).rowsAffected()).toBe(0);
    expect(db.exec(`insert into ${table} values ($1, $2), ($3, $4)`, 'a', 1, 'b', 2).rowsAffected()).toBe(2);
    expect(db.exec(`update ${table} set v = v + 1`).rowsAffected()).toBe(2);
    expect(db.query(`select * from ${table} where id = $1`, 'zz')).toEqual([]);
    expect(db.query(`select id, v from ${table} order by id`)).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 3 },
    ]);
    // the first statement's rows, the last statement's count
    expect(db.query(`select 1 as one; select 2 as two`)).toEqual([{ one: 1 }]);
    expect(db.exec(`delete from ${table} where id = 'a'; delete from ${table}`).rowsAffected()).toBe(1);
    expect(() => db.exec(`insert into ${table} values ('x', 1)`).lastInsertId()).toThrow(
      'LastInsertId is not supported by this driver',
    );
  });

  it('throws lib/pq-worded GoErrors with the SQLSTATE code; the connection stays usable', () => {
    let err: (Error & { code?: string }) | undefined;
    try {
      db.query('select * from no_such_table_xyz');
    } catch (e) {
      err = e as Error;
    }
    expect(err).toMatchObject({
      name: 'GoError',
      message: 'pq: relation "no_such_table_xyz" does not exist',
      code: '42P01',
    });
    expect(() => db.exec(`insert into ${table} values ($1, 1), ($1, 2)`, 'dup')).toThrow(
      'pq: duplicate key value violates unique constraint',
    );
    expect(() => db.query('selec 1')).toThrow('pq: syntax error at or near "selec"');
    expect(db.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('queryWithTimeout cancels the statement server-side; bad durations throw Go errors', async () => {
    const marker = `sql_native_timeout_${process.pid}`;
    expect(() => db.queryWithTimeout('200ms', `select pg_sleep(5) as ${marker}`)).toThrow(
      'pq: canceling statement due to user request',
    );
    await until(async () => (await running(marker)) === 0);
    expect(await running(marker)).toBe(0);
    expect(() => db.queryWithTimeout('10x', 'select 1')).toThrow('time: unknown unit "x" in duration "10x"');
    expect(() => db.execWithTimeout('0s', 'select 1')).toThrow('context deadline exceeded');
    expect(db.queryWithTimeout('5s', 'select 2 as two')).toEqual([{ two: 2 }]);
  });

  it('open is lazy: a bad server fails at the first query with Go-style dial errors; options are checked at open', () => {
    const bad = sql.open(driver, 'postgres://postgres@127.0.0.1:1/x?sslmode=disable');
    expect(() => bad.query('select 1')).toThrow('dial tcp 127.0.0.1:1: connect: connection refused');
    expect(() => sql.open(driver, url, { conn_max_idle_time: 'soon' })).toThrow('time: invalid duration "soon"');
    const badDsn = sql.open(driver, 'postgres://h/db?sslmode=prefer');
    expect(() => badDsn.query('select 1')).toThrow('pq: unsupported sslmode "prefer"');
    const noDbUrl = new URL(url);
    noDbUrl.pathname = '/no_such_db';
    const noDb = sql.open(driver, noDbUrl.toString());
    expect(() => noDb.query('select 1')).toThrow('pq: database "no_such_db" does not exist');
  });

  it('sslmode defaults to require, as lib/pq (the server here has no TLS)', () => {
    const u = new URL(url);
    u.searchParams.delete('sslmode');
    expect(() => sql.open(driver, u.toString()).query('select 1')).toThrow('pq: SSL is not enabled on the server');
  });

  it('close makes later calls fail; closing twice is fine; max_idle_conns 0 dials per statement', () => {
    const d = sql.open(driver, url, { max_open_conns: 1 });
    expect(d.query('select 1 as x')).toEqual([{ x: 1 }]);
    d.close();
    d.close();
    expect(() => d.query('select 1')).toThrow('sql: database is closed');
    const noIdle = sql.open(driver, url, { max_idle_conns: 0 });
    const pids = [0, 1].map(() => noIdle.query('select pg_backend_pid() as p')[0].p);
    expect(pids[0]).not.toBe(pids[1]);
    noIdle.close();
  });

  it('a connection killed mid-statement fails that statement (outcome unknown); the next one reconnects', async () => {
    const marker = `sql_native_kill_${process.pid}`;
    const victim = sql.open(driver, `${url}&application_name=${marker}`);
    victim.query('select 1');
    // this thread blocks in pg_sleep: another thread kills the backend meanwhile
    const w = new Worker(
      `const { workerData } = require('node:worker_threads');
       const pg = require(workerData.pg);
       (async () => {
         for (let i = 0; i < 100; i++) {
           const c = new pg.Client({ connectionString: workerData.url }); await c.connect();
           const r = await c.query("select pg_terminate_backend(pid) as t from pg_stat_activity where application_name = $1 and query like '%pg_sleep%'", [workerData.marker]);
           await c.end();
           if (r.rows.length) return;
           await new Promise((res) => setTimeout(res, 100));
         }
       })();`,
      { eval: true, workerData: { url, marker, pg: createRequire(import.meta.url).resolve('pg') } },
    );
    let msg = '';
    try {
      victim.query(`select pg_sleep(3) as ${marker}`);
    } catch (e) {
      msg = (e as Error).message;
    }
    await new Promise((r) => w.once('exit', r));
    expect(msg).toBe('pq: terminating connection due to administrator command');
    expect(victim.query('select 3 as three')).toEqual([{ three: 3 }]);
    victim.close();
  });
});

/** A VU stand-in: a worker thread with its own k6/x/sql instance (and addon instance), as the runtime's VUs. */
function vuWorker(code: string, workerData: Record<string, unknown>): Worker {
  return new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     (async () => {
       const sql = (await import(workerData.sql)).default;
       const driver = (await import(workerData.driver)).default;
       ${code}
     })().catch((e) => parentPort.postMessage({ error: String(e) }));`,
    {
      eval: true,
      workerData: {
        sql: `${root}packages/k6-node-runtime/out/modules/k6-x-sql.js`,
        driver: `${root}packages/k6-node-runtime/out/modules/k6-x-sql-driver-postgres.js`,
        url,
        ...workerData,
      },
    },
  );
}

describe.skipIf(!built)('k6/x/sql from VU threads', () => {
  it('many VU threads query at once, each on its own connection, and exit cleanly', async () => {
    const vus = 16;
    const results = await Promise.all(
      Array.from({ length: vus }, (_, vu) => {
        const w = vuWorker(
          `const db = sql.open(driver, workerData.url);
           let sum = 0;
           for (let i = 0; i < 200; i++) sum += db.query('select $1::int + $2::int as s', workerData.vu, i)[0].s;
           parentPort.postMessage({ sum, pid: db.query('select pg_backend_pid() as p')[0].p });`,
          { vu },
        );
        return new Promise<{ sum: number; pid: number; error?: string; code: number }>((resolve, reject) => {
          let m: { sum: number; pid: number; error?: string };
          w.once('message', (x) => (m = x));
          w.once('error', reject);
          w.once('exit', (code) => resolve({ ...m, code }));
        });
      }),
    );
    for (const [vu, r] of results.entries()) {
      expect(r.error).toBeUndefined();
      expect(r.code).toBe(0);
      expect(r.sum).toBe(200 * vu + (199 * 200) / 2);
    }
    expect(new Set(results.map((r) => r.pid)).size).toBe(vus);
  });

  it('a VU terminated while blocked in a statement cancels it (the runtime sets the interrupt cell first)', async () => {
    const marker = `sql_native_interrupt_${process.pid}`;
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       (async () => {
         const sql = (await import(workerData.sql)).default;
         const driver = (await import(workerData.driver)).default;
         const db = sql.open(driver, workerData.url);
         db.query(\`select pg_sleep(60) as \${workerData.marker}\`);
       })();`,
      {
        eval: true,
        workerData: {
          sql: `${root}packages/k6-node-runtime/out/modules/k6-x-sql.js`,
          driver: `${root}packages/k6-node-runtime/out/modules/k6-x-sql-driver-postgres.js`,
          url,
          marker,
          interrupt: cell.buffer,
        },
      },
    );
    await until(async () => (await running(marker)) > 0);
    expect(await running(marker)).toBe(1);
    Atomics.store(cell, 0, 1);
    await w.terminate();
    await until(async () => (await running(marker)) === 0);
    expect(await running(marker)).toBe(0);
  });

  it('through the CLI: 10 VUs query at once, some interrupted mid-statement at the end; no crash, nothing left running, no server notice printed', async () => {
    const marker = `sql_native_vus_${process.pid}`;
    const r = run('ext-sql-vus.js', ['-e', `PG_URL=${url}`, '-e', `MARKER=${marker}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary!.metrics.checks.values.fails).toBe(0);
    expect(r.summary!.metrics.checks.values.passes).toBeGreaterThan(100);
    expect(r.stdout + r.stderr).not.toMatch(/sql-notice-probe/);
    await until(async () => (await running(marker)) === 0);
    expect(await running(marker)).toBe(0);
  });
});
