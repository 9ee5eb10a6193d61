// Go's time.ParseDuration (used by xk6-sql timeouts and pool options), with Go's error messages,
// so a script passing a bad duration fails here exactly as on k6. Pure: the scenario format uses the scanner too.

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.Duration is int64 nanoseconds (≈ 292 years). */
const MAX_NS = 2 ** 63; // 9223372036854775807 as a double

/** Where and why a text is no duration: `at` is where the number that failed begins (or was expected). */
export interface DurationProblem {
  kind: 'invalid' | 'missing unit' | 'unknown unit';
  unit?: string;
  at: number;
}

/**
 * Go's time.ParseDuration scan of an unsigned, non-empty text (sign and the lone "0" are the caller's):
 * numbers (digits, optional fraction) each followed by a unit of `units`; nanoseconds, or the problem.
 * The one duration scanner of the project: parseGoDuration words its problems as Go does, the scenario
 * format (src/experiment/duration.ts) as the harness does, with its narrower unit set.
 */
export function scanDuration(
  text: string,
  units: Readonly<Record<string, number>> = UNIT_NS,
  maxNs = MAX_NS,
): { ns: number } | DurationProblem {
  let at = 0;
  let ns = 0;
  while (at < text.length) {
    const num = /^(\d*)(?:\.(\d*))?/.exec(text.slice(at))!;
    if (num[0] === '' || num[0] === '.') return { kind: 'invalid', at };
    const unit = /^[^\d.]*/.exec(text.slice(at + num[0].length))![0];
    if (unit === '') return { kind: 'missing unit', at };
    const mult = units[unit];
    if (mult === undefined) return { kind: 'unknown unit', unit, at };
    ns += Number(`${num[1] || '0'}.${num[2] || '0'}`) * mult;
    if (ns > maxNs) return { kind: 'invalid', at };
    at += num[0].length + unit.length;
  }
  return { ns };
}

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
  const r = scanDuration(s);
  if ('kind' in r) {
    if (r.kind === 'missing unit') throw new Error(`time: missing unit in duration ${quoted}`);
    if (r.kind === 'unknown unit')
      throw new Error(`time: unknown unit ${JSON.stringify(r.unit)} in duration ${quoted}`);
    throw new Error(`time: invalid duration ${quoted}`);
  }
  return (neg ? -r.ns : r.ns) / 1e6;
}

/**
 * k6 types.ParseExtendedDuration (request timeouts): a bare number is milliseconds, "<n>d<rest>"
 * adds days to a Go duration, anything else is time.ParseDuration. Returns milliseconds.
 */
export function parseExtendedDuration(input: string): number {
  const t = input.trim() === input && input !== '' ? Number(input) : NaN;
  if (!Number.isNaN(t) || /^[+-]?(inf|infinity)$/i.test(input))
    return Number.isNaN(t) ? (input.startsWith('-') ? -Infinity : Infinity) : t;
  const d = input.indexOf('d');
  if (d < 0) return parseGoDuration(input);
  let hours = 0;
  if (d + 1 < input.length) {
    hours = parseGoDuration(input.slice(d + 1));
    if (hours < 0) throw new Error(`invalid time format '${input.slice(d + 1)}'`);
  }
  const dayText = input.slice(0, d);
  if (!/^[+-]?\d+$/.test(dayText))
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(dayText)}: invalid syntax`);
  const days = Number(dayText);
  return days * 86_400_000 + (days < 0 || dayText.startsWith('-') ? -hours : hours);
}
