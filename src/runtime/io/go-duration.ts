// Go's time.ParseDuration (used by xk6-sql timeouts and pool options), with Go's error messages,
// so a script passing a bad duration fails here exactly as on k6.

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.Duration is int64 nanoseconds (≈ 292 years). */
const MAX_NS = 2 ** 63; // 9223372036854775807 as a double

/** Returns the duration in milliseconds (fractional). Throws `time: invalid duration "..."` etc. */
export function parseGoDuration(input: string): number {
  const quoted = JSON.stringify(input);
  let s = input;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${quoted}`);
  let totalNs = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') throw new Error(`time: invalid duration ${quoted}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const mult = UNIT_NS[unit];
    if (mult === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    totalNs += Number(`${num[1] || '0'}.${num[2] || '0'}`) * mult;
    if (totalNs > MAX_NS) throw new Error(`time: invalid duration ${quoted}`);
  }
  return (neg ? -totalNs : totalNs) / 1e6;
}

/**
 * k6 types.ParseExtendedDuration (request timeouts): a bare number is milliseconds, "<n>d<rest>"
 * adds days to a Go duration, anything else is time.ParseDuration. Returns milliseconds.
 */
export function parseExtendedDuration(input: string): number {
  const t = input.trim() === input && input !== '' ? Number(input) : NaN;
  if (!Number.isNaN(t) || /^[+-]?(inf|infinity)$/i.test(input)) return Number.isNaN(t) ? (input.startsWith('-') ? -Infinity : Infinity) : t;
  const d = input.indexOf('d');
  if (d < 0) return parseGoDuration(input);
  let hours = 0;
  if (d + 1 < input.length) {
    hours = parseGoDuration(input.slice(d + 1));
    if (hours < 0) throw new Error(`invalid time format '${input.slice(d + 1)}'`);
  }
  const dayText = input.slice(0, d);
  if (!/^[+-]?\d+$/.test(dayText)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(dayText)}: invalid syntax`);
  const days = Number(dayText);
  return days * 86_400_000 + (days < 0 || dayText.startsWith('-') ? -hours : hours);
}
