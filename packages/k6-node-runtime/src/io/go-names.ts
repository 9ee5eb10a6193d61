// Docker Engine JSON (PascalCase) → the keys k6 shows for the Go SDK structs: k6's field-name
// mapper is serenize/snaker CamelToSnake, quirks included ("OOMKilled" → "o_o_m_killed",
// "IPAM" → "ip_a_m"). Go maps keep their keys; only struct field names are converted.

const INITIALISMS = new Set([
  'ACL',
  'API',
  'ASCII',
  'CPU',
  'CSS',
  'DNS',
  'EOF',
  'GPU',
  'GUID',
  'HTML',
  'HTTP',
  'HTTPS',
  'ID',
  'IP',
  'JSON',
  'LHS',
  'OS',
  'QPS',
  'RAM',
  'RHS',
  'RPC',
  'SLA',
  'SMTP',
  'SQL',
  'SSH',
  'TCP',
  'TLS',
  'TTL',
  'UDP',
  'UI',
  'UID',
  'UUID',
  'URI',
  'URL',
  'UTF8',
  'VM',
  'XML',
  'XMPP',
  'XSRF',
  'XSS',
]);

function startsWithInitialism(s: string): string {
  let found = '';
  for (let i = 1; i <= 5; i++) if (s.length > i - 1 && INITIALISMS.has(s.slice(0, i))) found = s.slice(0, i);
  return found;
}

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

/** serenize/snaker CamelToSnake, transcribed (including where lastPos lands after an initialism). */
export function camelToSnake(s: string): string {
  const words: string[] = [];
  let lastPos = 0;
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && isUpper(s[i])) {
      const ini = startsWithInitialism(s.slice(lastPos));
      if (ini !== '') {
        words.push(ini);
        i += ini.length - 1;
        lastPos = i;
        continue;
      }
      words.push(s.slice(lastPos, i));
      lastPos = i;
    }
  }
  if (s.slice(lastPos) !== '') words.push(s.slice(lastPos));
  return words.map((w) => w.toLowerCase()).join('_');
}

/** Go map fields whose keys and values are data, not struct fields. */
const RAW_MAPS = new Set([
  'Labels',
  'Options',
  'ExposedPorts',
  'Data',
  'Sysctls',
  'StorageOpt',
  'Tmpfs',
  'DriverOpts',
  'Annotations',
  'Volumes',
  'Status',
]);
/** Go maps whose values are structs: keys kept, values converted. */
const KEYED_MAPS = new Set(['Networks', 'Ports', 'Containers']);

export function goKeys(v: unknown, field = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => goKeys(x));
  if (v === null || typeof v !== 'object') return v;
  const obj = v as Record<string, unknown>;
  if (RAW_MAPS.has(field)) return obj;
  const out: Record<string, unknown> = {};
  if (KEYED_MAPS.has(field)) {
    for (const [k, x] of Object.entries(obj)) out[k] = goKeys(x);
    return out;
  }
  for (const [k, x] of Object.entries(obj))
    out[camelToSnake(k)] = k === 'Config' && field === 'LogConfig' ? x : goKeys(x, k);
  return out;
}

/** JS option object (snake_case keys) → Go SDK / API field names, for a known field list. */
export function apiKeys(opts: unknown, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!opts || typeof opts !== 'object') return out;
  const byJs = new Map(fields.map((f) => [camelToSnake(f), f]));
  for (const [k, x] of Object.entries(opts as Record<string, unknown>)) {
    const f = byJs.get(k);
    if (f !== undefined) out[f] = x; // sobek's ExportTo ignores keys that match no field
  }
  return out;
}
