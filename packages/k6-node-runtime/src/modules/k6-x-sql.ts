// `k6/x/sql` (grafana/xk6-sql v1.0.6 over lib/pq): synchronous, errors thrown. Statements run on the VU's
// own thread through the libpq addon (pq-native.ts), one connection per sql.open() handle, opened at the
// first statement, as database/sql does (a VU runs one statement at a time, so one connection is its pool).
// Rows keep lib/pq + sobek value shapes (pq-values.ts); timestamps are GoTime.
import { createRequire } from 'node:module';
import { DRIVERS } from './sql-drivers.js';
import { GoTime } from './go-time.js';
import { goError } from './go-error.js';
import { parseGoDuration } from '../io/go-duration.js';
import { pqConfig, type PqConfig } from './pq-dsn.js';
import { pqDecoder } from './pq-values.js';
import { pq, pqError, type PqFailure, type PqHandle, type PqRows } from './pq-native.js';
import { interruptCell } from '../vu/interrupt.js';

type Row = Record<string, unknown>;
type Param = string | Uint8Array | null;

interface OpenOptions {
  conn_max_idle_time?: string;
  conn_max_lifetime?: string;
  max_idle_conns?: number;
  max_open_conns?: number;
}

function asSymbol(v: unknown): symbol | undefined {
  if (typeof v === 'symbol') return v;
  // v1.0.3+: a boxed Symbol (what require() hands out) is accepted through valueOf().
  if (v instanceof Symbol) return v.valueOf();
  return undefined;
}

let prepareDate: ((d: Date) => string) | undefined;

/** database/sql's driver.DefaultParameterConverter (scalars, time, []byte), each sent as node-pg sends it. */
function param(v: unknown, i: number): Param {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object') return String(v);
  if (v instanceof GoTime) return v.toJSON(); // a time.Time: RFC 3339
  if (v instanceof Date) {
    // node-pg's own formatting (local time with its offset), loaded only by scripts that pass a Date
    const require = createRequire(import.meta.url);
    prepareDate ??= (require('pg/lib/utils.js') as { prepareValue: (d: Date) => string }).prepareValue;
    return prepareDate(v);
  }
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  const what = Array.isArray(v)
    ? '[]interface {}, a slice of interface'
    : 'map[string]interface {}, a map from string to interface';
  throw goError(`sql: converting argument $${i + 1} type: unsupported type ${what}`);
}

/** Objects per row, column order kept; duplicate names: last wins, like the Go map. */
function rowsOf(r: PqRows): Row[] {
  const { names, cells } = r;
  if (!cells || !r.rows) return [];
  const decode = r.types.map(pqDecoder);
  const out: Row[] = new Array(r.rows);
  for (let i = 0, k = 0; i < r.rows; i++) {
    const row: Row = {};
    for (let f = 0; f < names.length; f++, k++) {
      const v = cells[k];
      row[names[f]] = v === null ? null : decode[f](v);
    }
    out[i] = row;
  }
  return out;
}

/** lib/pq's RowsAffected: the last command tag's count, 0 when it has none. */
function affected(tag: string): number {
  const m = /^[A-Za-z]+(?: (\d+))?(?: (\d+))?/.exec(tag);
  return Number(m?.[2] ?? m?.[1] ?? 0);
}

class Result {
  readonly #affected: number;
  constructor(affected: number) {
    this.#affected = affected;
  }
  /** lib/pq implements no LastInsertId (use RETURNING). */
  lastInsertId(): number {
    throw goError('LastInsertId is not supported by this driver');
  }
  rowsAffected(): number {
    return this.#affected;
  }
}

/** Go durations of the options; ≤ 0 means no limit, as database/sql's setters. */
function limitMs(d: string | undefined): number {
  if (d === undefined) return Infinity;
  const ms = parseGoDuration(d);
  return ms > 0 ? ms : Infinity;
}

/** Parsed statement timeouts: a script passes the same few texts on every call (parsing one cost ~4 % of a write's CPU). */
const timeouts = new Map<string, number>();

function timeoutMs(text: string): number {
  let ms = timeouts.get(text);
  if (ms === undefined) {
    try {
      ms = parseGoDuration(text);
    } catch (e) {
      throw goError((e as Error).message);
    }
    if (timeouts.size < 64) timeouts.set(text, ms);
  }
  return ms;
}

class Database {
  readonly #cfg: PqConfig | undefined;
  readonly #cfgError: Error | undefined;
  readonly #idleMs: number;
  readonly #lifeMs: number;
  /** max_idle_conns ≤ 0: database/sql keeps no idle connection, so each statement dials anew. */
  readonly #keepIdle: boolean;
  #conn: { h: PqHandle; opened: number; used: number } | undefined;
  #closed = false;

  constructor(dsn: string, o: OpenOptions | undefined) {
    // bad durations throw here, as opts.apply does in open()
    this.#idleMs = limitMs(o?.conn_max_idle_time);
    this.#lifeMs = limitMs(o?.conn_max_lifetime);
    this.#keepIdle = !(o?.max_idle_conns !== undefined && o.max_idle_conns <= 0);
    try {
      this.#cfg = pqConfig(dsn);
    } catch (e) {
      this.#cfgError = goError((e as Error).message); // database/sql parses the DSN lazily: it fails at the first query
    }
  }

  #drop(): void {
    const c = this.#conn;
    this.#conn = undefined;
    if (c) pq().close(c.h);
  }

  /** A usable connection: the kept one unless it outlived conn_max_lifetime / conn_max_idle_time. */
  #connection(cfg: PqConfig, deadline: number): PqHandle {
    const now = Date.now();
    const c = this.#conn;
    if (c && now - c.opened < this.#lifeMs && now - c.used < this.#idleMs) return c.h;
    this.#drop();
    const left = deadline < 0 ? Infinity : deadline - now;
    const dialMs = Math.min(left, cfg.connectTimeoutMs ?? Infinity);
    try {
      const h = pq().connect(cfg.keywords, cfg.values, dialMs === Infinity ? -1 : dialMs, interruptCell);
      this.#conn = { h, opened: now, used: now };
      return h;
    } catch (e) {
      const f = e as PqFailure;
      if (f.kind === 'deadline' && dialMs < left) throw goError(`dial tcp ${cfg.host}:${cfg.port}: i/o timeout`);
      throw pqError(e, cfg, true);
    }
  }

  #run(timeout: string | null, query: unknown, args: unknown[]): PqRows {
    if (this.#closed) throw goError('sql: database is closed');
    if (this.#cfgError) throw this.#cfgError;
    const cfg = this.#cfg!;
    let ms = -1;
    if (timeout !== null) {
      ms = timeoutMs(timeout);
      if (ms <= 0) throw goError('context deadline exceeded');
    }
    const deadline = ms < 0 ? -1 : Date.now() + ms;
    const params = args.length ? args.map(param) : null; // none: the simple protocol, like lib/pq
    const text = String(query);
    // database/sql retries a statement that found its pooled connection dead before it was sent.
    for (let attempt = 0; ; attempt++) {
      const h = this.#connection(cfg, deadline);
      const left = deadline < 0 ? -1 : deadline - Date.now();
      if (deadline >= 0 && left <= 0) throw goError('context deadline exceeded');
      try {
        const r = pq().query(h, text, params, left);
        if (this.#keepIdle) this.#conn!.used = Date.now();
        else this.#drop();
        return r;
      } catch (e) {
        const f = e as PqFailure;
        if (f.kind !== 'server' || !this.#keepIdle) this.#drop(); // lost, cancelled or interrupted: never reused
        if (f.kind === 'stale' && attempt < 2) continue;
        throw pqError(e, cfg, false);
      }
    }
  }

  query(query: string, ...args: unknown[]): Row[] {
    return rowsOf(this.#run(null, query, args));
  }
  queryWithTimeout(timeout: string, query: string, ...args: unknown[]): Row[] {
    return rowsOf(this.#run(String(timeout), query, args));
  }
  exec(query: string, ...args: unknown[]): Result {
    return new Result(affected(this.#run(null, query, args).tag));
  }
  execWithTimeout(timeout: string, query: string, ...args: unknown[]): Result {
    return new Result(affected(this.#run(String(timeout), query, args).tag));
  }
  /** Closing twice is a no-op, as database/sql's Close. */
  close(): void {
    this.#closed = true;
    this.#drop();
  }
}

export function open(driverID: unknown, connectionString: unknown, options?: unknown): Database {
  const sym = asSymbol(driverID);
  if (sym === undefined) throw goError('unsupported database: invalid driver parameter type');
  const name = DRIVERS.get(sym);
  if (name === undefined) throw goError(`unsupported database: ${sym.description ?? ''}`);
  pq(); // a missing addon is reported at open(), not at a script's first statement
  try {
    return new Database(String(connectionString), options ?? undefined);
  } catch (e) {
    throw goError((e as Error).message);
  }
}

export default { open };
