// Types for grafana/xk6-sql v1.0.6 (`k6/x/sql`), as the pinned k6 v1 binary exposes it.
// Every call is synchronous and throws the Go error as a JS exception.
declare module 'k6/x/sql' {
  /** Connection-pool options of `open()`; durations are Go duration strings ("1h", "300ms"). */
  export interface Options {
    conn_max_idle_time?: string;
    conn_max_lifetime?: string;
    /** Default 2. */
    max_idle_conns?: number;
    /** Default 0 = unlimited. */
    max_open_conns?: number;
  }

  /**
   * One result row, keyed by column name. Values as lib/pq hands them to sobek: integers and
   * floats → number, text → string, bool → boolean, timestamp/date/time → an opaque time value
   * (NOT a Date), numeric/uuid/json/jsonb/bytea/arrays → array of byte numbers, NULL → null.
   * Cast in SQL (`::text`, `::float8`, `::int`) to get usable values.
   */
  export interface Row {
    [column: string]: unknown;
  }

  export interface Result {
    /** lib/pq has no LastInsertId: throws for postgres (use RETURNING). */
    lastInsertId(): number;
    rowsAffected(): number;
  }

  export interface Database {
    close(): void;
    exec(query: string, ...args: unknown[]): Result;
    execWithTimeout(timeout: string, query: string, ...args: unknown[]): Result;
    query(query: string, ...args: unknown[]): Row[];
    queryWithTimeout(timeout: string, query: string, ...args: unknown[]): Row[];
  }

  /** Lazy pool: no connection is made until the first query. Throws `unsupported database: ...`. */
  export function open(driverID: symbol, dataSourceName: string, options?: Options): Database;

  const sql: { open: typeof open };
  export default sql;
}
