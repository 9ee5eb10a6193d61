// lib/pq connection strings (URL or "key=value ..." form) → node-pg config, keeping lib/pq's
// defaults that matter: sslmode defaults to "require", and only four sslmodes exist.
import type { ClientConfig } from 'pg';

type Ssl = ClientConfig['ssl'];

function sslFor(mode: string | undefined): Ssl {
  switch (mode ?? 'require') {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      throw new Error(
        `pq: unsupported sslmode ${JSON.stringify(mode)}; only "require" (default), "verify-full", "verify-ca", and "disable" supported`,
      );
  }
}

function fromPairs(kv: Record<string, string>): ClientConfig {
  const cfg: ClientConfig = { ssl: sslFor(kv.sslmode) };
  if (kv.host) cfg.host = kv.host;
  if (kv.port) cfg.port = Number(kv.port);
  if (kv.user) cfg.user = kv.user;
  if (kv.password !== undefined) cfg.password = kv.password;
  if (kv.dbname) cfg.database = kv.dbname;
  if (kv.application_name) cfg.application_name = kv.application_name;
  if (kv.connect_timeout) cfg.connectionTimeoutMillis = Number(kv.connect_timeout) * 1000;
  return cfg;
}

/** "host=h port=5432 user='a b'" → pairs; single quotes and backslash escapes as libpq. */
function parseKeyValue(dsn: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*([^=\s]+)\s*=\s*('((?:\\.|[^'\\])*)'|(?:\\.|[^\s\\])*)/y;
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(dsn);
    if (!m || m[0] === '') break;
    out[m[1]] = (m[3] ?? m[2]).replace(/\\(.)/g, '$1');
    pos = re.lastIndex;
  }
  const rest = dsn.slice(pos).trim();
  if (rest !== '') throw new Error(`missing "=" after ${JSON.stringify(rest)} in connection info string"`);
  return out;
}

export function pqConfig(dsn: string): ClientConfig {
  if (/^postgres(ql)?:\/\//.test(dsn)) {
    const u = new URL(dsn);
    const kv: Record<string, string> = {};
    if (u.hostname) kv.host = decodeURIComponent(u.hostname);
    if (u.port) kv.port = u.port;
    if (u.username) kv.user = decodeURIComponent(u.username);
    if (u.password) kv.password = decodeURIComponent(u.password);
    const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (db) kv.dbname = db;
    for (const [k, v] of u.searchParams) kv[k] = v;
    return fromPairs(kv);
  }
  return fromPairs(parseKeyValue(dsn));
}
