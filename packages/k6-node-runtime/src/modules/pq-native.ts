// The PostgreSQL addon (native/pq.c over libpq's synchronous client) as k6/x/sql uses it: loaded into the
// VU's own thread, so a statement costs no hop to another thread. Its errors are reworded here as
// lib/pq + database/sql word them (what the harness's write outcome classification reads).
import { createRequire } from 'node:module';
import { goError } from './go-error.js';
import type { PqConfig } from './pq-dsn.js';

/** A live libpq connection (an opaque handle). */
export type PqHandle = { readonly __pq: unique symbol };

export interface PqRows {
  names: string[];
  types: number[];
  /** Row-major text cells; null = SQL NULL. Absent when the first statement returned no rows description. */
  cells?: Array<string | null>;
  rows?: number;
  /** The last statement's command tag ("INSERT 0 1"). */
  tag: string;
}

interface PqAddon {
  connect(keywords: string[], values: string[], timeoutMs: number, interrupt?: Int32Array): PqHandle;
  query(h: PqHandle, text: string, params: Array<string | Uint8Array | null> | null, timeoutMs: number): PqRows;
  close(h: PqHandle): void;
}

/** How the addon's errors are classed (native/pq.c). */
export interface PqFailure extends Error {
  kind: 'server' | 'client' | 'deadline' | 'interrupted' | 'stale';
  code?: string;
}

const ADDON = new URL('../../native/build/pq.node', import.meta.url);
let addon: PqAddon | undefined;

/** The addon, or one line saying how to build it (no slower fallback hides a missing build). */
export function pq(): PqAddon {
  if (addon) return addon;
  try {
    addon = createRequire(import.meta.url)(ADDON.pathname) as PqAddon;
  } catch (e) {
    throw goError(
      `k6/x/sql: the PostgreSQL addon ${ADDON.pathname} cannot be loaded (${(e as Error).message.split('\n')[0]}): ` +
        'install libpq-dev and a C compiler, then run `npm rebuild k6-node-runtime` (or `node native/build.mjs` in that package)',
    );
  }
  return addon;
}

/** libpq's text for a connection that failed before or while dialling → Go's net error text (host:port as lib/pq dialled). */
function dialError(msg: string, cfg: PqConfig): string | undefined {
  const at = `dial tcp ${cfg.host}:${cfg.port}`;
  if (/could not translate host name/.test(msg)) return `dial tcp: lookup ${cfg.host}: no such host`;
  if (/Connection refused/.test(msg)) return `${at}: connect: connection refused`;
  if (/No route to host/.test(msg)) return `${at}: connect: no route to host`;
  if (/Connection timed out|timeout expired/.test(msg)) return `${at}: i/o timeout`;
  return undefined;
}

/**
 * The addon's error as a script sees it: server errors "pq: <message>" with the SQLSTATE as `code`; dial
 * errors as Go's net package words them; a connection lost mid-statement "Connection terminated unexpectedly".
 */
export function pqError(e: unknown, cfg: PqConfig, connecting: boolean): Error {
  const f = e as PqFailure;
  if (f.kind === 'server') return Object.assign(goError(`pq: ${f.message}`), { code: f.code });
  if (f.kind === 'deadline')
    return connecting && cfg.connectTimeoutMs !== undefined
      ? goError(`dial tcp ${cfg.host}:${cfg.port}: i/o timeout`)
      : goError('context deadline exceeded');
  if (f.kind !== 'client') return goError(f.message);
  const msg = f.message.trim();
  // Connection-time FATALs (authentication, unknown database, too many clients, starting up) carry no result.
  const fatal = /(?:^|failed: )(?:FATAL|ERROR):\s+(.*)$/m.exec(msg);
  if (fatal) return goError(`pq: ${fatal[1]}`);
  if (/server does not support SSL/.test(msg)) return goError('pq: SSL is not enabled on the server');
  const dial = connecting ? dialError(msg, cfg) : undefined;
  if (dial) return goError(dial);
  if (
    /server closed the connection unexpectedly|Connection reset by peer|connection lost|no connection to the server/.test(
      msg,
    )
  )
    return goError('Connection terminated unexpectedly');
  return goError(msg.split('\n')[0]);
}
