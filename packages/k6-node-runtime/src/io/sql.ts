// I/O side of k6/x/sql + k6/x/sql/driver/postgres (xk6-sql v1.0.6 over lib/pq): one lazy pg.Pool
// per sql.open() per VU, values decoded as lib/pq + sobek would (pg-values.ts), errors worded
// as lib/pq/database/sql words them, in-flight queries cancelled on timeout and on VU exit.
import pg from 'pg';
import type { IoContext, IoHandler } from './types.js';
import { parseGoDuration } from './go-duration.js';
import { pqConfig } from './pq-dsn.js';
import { pqTypes } from './pg-values.js';

interface Db {
  config?: pg.ClientConfig;
  configError?: Error;
  pool?: pg.Pool;
  poolOpts: pg.PoolConfig;
  closed: boolean;
  /** Checked-out clients running a query: what to cancel. */
  inflight: Set<pg.PoolClient>;
}

export interface OpenOptions {
  conn_max_idle_time?: string;
  conn_max_lifetime?: string;
  max_idle_conns?: number;
  max_open_conns?: number;
}

const CLOSER = 'sql:closer';
let nextDb = 1;

function poolOptions(o: OpenOptions | undefined): pg.PoolConfig {
  // database/sql defaults: unlimited open conns, 2 idle, no idle timeout, no lifetime.
  const out: pg.PoolConfig = { max: 1e9, idleTimeoutMillis: 0 };
  if (!o) return out;
  if (o.max_open_conns !== undefined && o.max_open_conns > 0) out.max = o.max_open_conns;
  if (o.conn_max_idle_time !== undefined) out.idleTimeoutMillis = Math.max(0, parseGoDuration(o.conn_max_idle_time));
  if (o.conn_max_lifetime !== undefined)
    out.maxLifetimeSeconds = Math.max(0, parseGoDuration(o.conn_max_lifetime) / 1000);
  // pg-pool has no idle-count cap: max_idle_conns <= 0 (keep none) is approximated by closing idle clients at once.
  if (o.max_idle_conns !== undefined && o.max_idle_conns <= 0) out.idleTimeoutMillis = 1;
  return out;
}

function dbOf(ctx: IoContext, id: unknown): Db {
  const db = ctx.resources.get(`sql:${String(id)}`) as Db | undefined;
  if (!db) throw new Error('sql: unknown database handle');
  if (db.closed) throw new Error('sql: database is closed');
  return db;
}

function registerCloser(ctx: IoContext): void {
  if (ctx.resources.has(CLOSER)) return;
  ctx.resources.set(CLOSER, true);
  ctx.onClose(async () => {
    for (const [key, v] of ctx.resources) if (key.startsWith('sql:') && key !== CLOSER) await closeDb(v as Db);
  });
}

async function cancelBackend(config: pg.ClientConfig, pid: number): Promise<void> {
  const c = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('select pg_cancel_backend($1)', [pid]);
  } catch {
    // best effort: the server may already be gone (that is what a chaos run does)
  } finally {
    await c.end().catch(() => {});
  }
}

const pidOf = (c: pg.PoolClient): number => (c as unknown as { processID: number }).processID;

async function closeDb(db: Db): Promise<void> {
  if (db.closed) return;
  db.closed = true;
  if (db.config) await Promise.all([...db.inflight].map((c) => cancelBackend(db.config!, pidOf(c))));
  if (db.pool) {
    const ended = db.pool.end();
    // Bounded: a backend that ignores the cancel must not hold the VU's shutdown forever.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 5000).unref())]);
  }
}

/** database/sql's driver.DefaultParameterConverter: only scalars, time and []byte pass. */
function convertArgs(args: unknown[]): unknown[] {
  return args.map((v, i) => {
    if (v === undefined || v === null || typeof v !== 'object') return v ?? null;
    if (v instanceof Date) return v;
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (v instanceof ArrayBuffer) return Buffer.from(v);
    const what = Array.isArray(v)
      ? '[]interface {}, a slice of interface'
      : 'map[string]interface {}, a map from string to interface';
    throw new Error(`sql: converting argument $${i + 1} type: unsupported type ${what}`);
  });
}

/** lib/pq words errors "pq: <message>"; dial errors as Go's net package does. */
function pqError(e: unknown, config: pg.ClientConfig | undefined): Error {
  const err = e as Error & { code?: string; severity?: string; address?: string; port?: number };
  if (err.severity !== undefined) return Object.assign(new Error(`pq: ${err.message}`), { code: err.code });
  if (err.message === 'The server does not support SSL connections')
    return new Error('pq: SSL is not enabled on the server');
  if (
    err.code === 'ECONNREFUSED' ||
    err.code === 'ETIMEDOUT' ||
    err.code === 'EHOSTUNREACH' ||
    err.code === 'ENOTFOUND'
  ) {
    const host = config?.host ?? 'localhost';
    const port = config?.port ?? 5432;
    const why = {
      ECONNREFUSED: 'connect: connection refused',
      ETIMEDOUT: 'i/o timeout',
      EHOSTUNREACH: 'connect: no route to host',
      ENOTFOUND: 'no such host',
    }[err.code];
    const msg = err.code === 'ENOTFOUND' ? `dial tcp: lookup ${host}: ${why}` : `dial tcp ${host}:${port}: ${why}`;
    return Object.assign(new Error(msg), { code: err.code });
  }
  return err instanceof Error ? err : new Error(String(e));
}

async function run(ctx: IoContext, args: unknown[]): Promise<pg.QueryResult | pg.QueryResult[]> {
  const [id, timeout, text, params] = args as [number, string | null, string, unknown[]];
  const db = dbOf(ctx, id);
  if (db.configError) throw db.configError;
  const config = db.config!;
  if (!db.pool) {
    db.pool = new pg.Pool({ ...config, ...db.poolOpts, types: pqTypes });
    // An idle pooled connection that the server drops (kill, restart, admin termination) emits
    // 'error' on the pool; unhandled it would take the whole I/O worker down. database/sql just
    // discards such a connection, so do the same: the next query opens a fresh one.
    db.pool.on('error', () => {});
  }
  const values = convertArgs(params ?? []);
  const ms = timeout === null ? undefined : parseGoDuration(timeout);
  if (ms !== undefined && ms <= 0) throw new Error('context deadline exceeded');

  let client: pg.PoolClient | undefined;
  let timedOut = false;
  const timer =
    ms === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          if (client) void cancelBackend(config, pidOf(client)); // lib/pq sends a CancelRequest
        }, ms);
  try {
    client = await db.pool.connect().catch((e: unknown) => {
      throw timedOut ? new Error('context deadline exceeded') : pqError(e, config);
    });
    if (timedOut) throw new Error('context deadline exceeded');
    db.inflight.add(client);
    // No params → simple protocol, like lib/pq (multi-statement strings are allowed then).
    return await (values.length ? client.query(text, values) : client.query(text)).catch((e: unknown) => {
      throw pqError(e, config);
    });
  } finally {
    if (timer) clearTimeout(timer);
    if (client) {
      db.inflight.delete(client);
      client.release();
    }
  }
}

export const handlers: Record<string, IoHandler> = {
  'sql.open': async (args, ctx) => {
    const [dsn, options] = args as [string, OpenOptions | undefined];
    const poolOpts = poolOptions(options); // bad durations throw here, as opts.apply does in open()
    const db: Db = { closed: false, inflight: new Set(), poolOpts };
    try {
      db.config = pqConfig(String(dsn));
    } catch (e) {
      db.configError = e as Error; // database/sql parses the DSN lazily: it fails at the first query
    }
    const id = nextDb++;
    ctx.resources.set(`sql:${id}`, db);
    registerCloser(ctx);
    return id;
  },

  /** → rows as objects (column order kept; duplicate names: last wins, like the Go map). */
  'sql.query': async (args, ctx) => {
    const res = await run(ctx, args);
    const first = Array.isArray(res) ? res[0] : res;
    return first?.rows ?? [];
  },

  /** → rowsAffected (lib/pq: from the last command tag, 0 when the tag has no count). */
  'sql.exec': async (args, ctx) => {
    const res = await run(ctx, args);
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    return last?.rowCount ?? 0;
  },

  'sql.close': async (args, ctx) => {
    const db = ctx.resources.get(`sql:${String(args[0])}`) as Db | undefined;
    if (db) await closeDb(db); // closing twice is a no-op, as database/sql's Close
  },
};
