// How lib/pq values look after sobek converts them (xk6-sql hands the raw driver values to JS):
// lib/pq decodes only a few types (textDecode); everything else stays []byte, which JS sees as an
// array of byte numbers. k6/x/sql decodes libpq's text cells with these, so results match k6 exactly.
import { GoTime } from './go-time.js';

const OID = {
  bool: 16,
  bytea: 17,
  char: 18,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  float4: 700,
  float8: 701,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
} as const;

const bytes = (text: string): number[] => Array.from(Buffer.from(text, 'utf8'));

function parseBytea(text: string): number[] {
  // PostgreSQL ≥ 9 default bytea_output=hex: "\x0a0b"; lib/pq also reads the escape format.
  if (text.startsWith('\\x')) return Array.from(Buffer.from(text.slice(2), 'hex'));
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') out.push(text.charCodeAt(i));
    else if (text[i + 1] === '\\') {
      out.push(92);
      i++;
    } else {
      out.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    }
  }
  return out;
}

const DT =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;
const TM = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

function offsetOf(sign?: string, h?: string, m?: string, s?: string): number {
  if (!sign) return 0;
  const v = Number(h) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return sign === '-' ? -v : v;
}

function goTime(
  y: number,
  mo: number,
  d: number,
  hh: number,
  mi: number,
  ss: number,
  frac: string | undefined,
  off: number,
): GoTime {
  const base = new Date(0);
  base.setUTCFullYear(y, mo - 1, d); // not Date.UTC: it maps years 0..99 to 1900+
  base.setUTCHours(hh, mi, ss, 0);
  const unixSec = Math.floor(base.getTime() / 1000) - off;
  const nsec = frac ? Number(frac.padEnd(9, '0')) : 0;
  // lib/pq uses the session's zone (UTC here) when the offset matches it, else a nameless fixed zone.
  return new GoTime(unixSec, nsec, off, off === 0 ? 'UTC' : '');
}

function parseTs(text: string): GoTime | number[] {
  const m = DT.exec(text);
  if (!m) return bytes(text); // lib/pq keeps "infinity"/"-infinity" as bytes
  const year = m[12] ? 1 - Number(m[1]) : Number(m[1]);
  return goTime(
    year,
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    m[7],
    offsetOf(m[8], m[9], m[10], m[11]),
  );
}

function parseTime(text: string): GoTime | number[] {
  const m = TM.exec(text);
  if (!m) return bytes(text);
  // lib/pq parses with layout "15:04:05": year 0, January 1.
  return goTime(0, 1, 1, Number(m[1]), Number(m[2]), Number(m[3]), m[4], offsetOf(m[5], m[6], m[7], m[8]));
}

const parsers = new Map<number, (text: string) => unknown>([
  [OID.bool, (t) => t[0] === 't'],
  [OID.int2, Number],
  [OID.int4, Number],
  [OID.int8, Number],
  [OID.float4, parseFloat],
  [OID.float8, parseFloat],
  [OID.char, (t) => t],
  [OID.text, (t) => t],
  [OID.varchar, (t) => t],
  [OID.bytea, parseBytea],
  [OID.date, parseTs],
  [OID.timestamp, parseTs],
  [OID.timestamptz, parseTs],
  [OID.time, parseTime],
  [OID.timetz, parseTime],
]);

/** A text cell of type `oid` as lib/pq + sobek show it (unknown types: the text's bytes). */
export function pqDecoder(oid: number): (text: string) => unknown {
  return parsers.get(oid) ?? bytes;
}
