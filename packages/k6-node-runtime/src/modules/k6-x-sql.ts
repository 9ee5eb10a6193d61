// `k6/x/sql` (grafana/xk6-sql v1.0.6): synchronous, errors thrown; the work happens in the I/O
// worker (src/io/sql.ts). Rows keep lib/pq + sobek value shapes; timestamps are GoTime.
import { callSync } from '../bridge/client.js';
import { DRIVERS } from './sql-drivers.js';
import { GoTime, isGoTimeWire, reviveGoTime } from './go-time.js';
import { goError } from './go-error.js';

type Row = Record<string, unknown>;

function asSymbol(v: unknown): symbol | undefined {
  if (typeof v === 'symbol') return v;
  // v1.0.3+: a boxed Symbol (what require() hands out) is accepted through valueOf().
  if (v instanceof Symbol) return v.valueOf();
  return undefined;
}

/** A GoTime passed back as a query argument is a time.Time in Go: send its RFC 3339 form. */
const wireArgs = (args: unknown[]) => args.map((a) => (a instanceof GoTime ? a.toJSON() : a));

function revive(rows: Row[]): Row[] {
  for (const row of rows) for (const k in row) if (isGoTimeWire(row[k])) row[k] = reviveGoTime(row[k]);
  return rows;
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

class Database {
  readonly #id: number;
  constructor(id: number) {
    this.#id = id;
  }
  query(query: string, ...args: unknown[]): Row[] {
    return revive(callSync<Row[]>('sql.query', this.#id, null, String(query), wireArgs(args)));
  }
  queryWithTimeout(timeout: string, query: string, ...args: unknown[]): Row[] {
    return revive(callSync<Row[]>('sql.query', this.#id, String(timeout), String(query), wireArgs(args)));
  }
  exec(query: string, ...args: unknown[]): Result {
    return new Result(callSync<number>('sql.exec', this.#id, null, String(query), wireArgs(args)));
  }
  execWithTimeout(timeout: string, query: string, ...args: unknown[]): Result {
    return new Result(callSync<number>('sql.exec', this.#id, String(timeout), String(query), wireArgs(args)));
  }
  close(): void {
    callSync('sql.close', this.#id);
  }
}

export function open(driverID: unknown, connectionString: unknown, options?: unknown): Database {
  const sym = asSymbol(driverID);
  if (sym === undefined) throw goError('unsupported database: invalid driver parameter type');
  const name = DRIVERS.get(sym);
  if (name === undefined) throw goError(`unsupported database: ${sym.description ?? ''}`);
  return new Database(callSync<number>('sql.open', String(connectionString), options ?? undefined));
}

export default { open };
