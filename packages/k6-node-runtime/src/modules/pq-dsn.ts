// lib/pq connection strings (URL or "key=value ..." form) → libpq connection keywords, keeping lib/pq's
// behaviour where it differs from libpq's: sslmode defaults to "require" and only four sslmodes exist, the host
// defaults to localhost over TCP (libpq's is a Unix socket), and only the keys below are honoured.

export interface PqConfig {
  /** PQconnectStartParams' keywords and values, in pairs. */
  keywords: string[];
  values: string[];
  /** Where a dial error says it dialled (Go's net package names host:port). */
  host: string;
  port: number;
  /** connect_timeout (lib/pq: the dial's timeout), ms. */
  connectTimeoutMs?: number;
}

const SSLMODES = ['require', 'verify-full', 'verify-ca', 'disable'];

function fromPairs(kv: Record<string, string>): PqConfig {
  const sslmode = kv.sslmode ?? 'require';
  if (!SSLMODES.includes(sslmode))
    throw new Error(
      `pq: unsupported sslmode ${JSON.stringify(sslmode)}; only "require" (default), "verify-full", "verify-ca", and "disable" supported`,
    );
  const host = kv.host || process.env.PGHOST || 'localhost';
  const cfg: Record<string, string> = { host, sslmode, client_encoding: 'UTF8' };
  for (const k of ['port', 'user', 'dbname', 'application_name']) if (kv[k]) cfg[k] = kv[k];
  if (kv.password !== undefined) cfg.password = kv.password;
  const out: PqConfig = {
    keywords: Object.keys(cfg),
    values: Object.values(cfg),
    host,
    port: Number(kv.port || process.env.PGPORT || 5432),
  };
  if (kv.connect_timeout && Number(kv.connect_timeout) > 0) out.connectTimeoutMs = Number(kv.connect_timeout) * 1000;
  return out;
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

export function pqConfig(dsn: string): PqConfig {
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
