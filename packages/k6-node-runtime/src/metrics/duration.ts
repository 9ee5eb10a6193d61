// k6 option durations (types.Duration JSON): a string is types.ParseExtendedDuration text — a Go duration ("10s",
// "1m30s", "250ms"), days in front of one ("1d", "2d12h") or a bare number of milliseconds ("1500") — and a JSON
// number is milliseconds. Flags (pflag) take Go durations only (io/go-duration.ts).
import { parseExtendedDuration, parseGoDuration } from '../io/go-duration.js';

export { parseGoDuration };

/** k6 types.Duration JSON: a string is an extended duration, a number is milliseconds. */
export function parseK6Duration(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') return parseExtendedDuration(v);
  throw new Error(`invalid duration value ${JSON.stringify(v)}`);
}

/** Go time.Duration.String() for a duration given in ms ("10s", "1m30s", "1.5s", "250ms", "0s"). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let ns = Math.round(Math.abs(ms) * 1e6);
  let out: string;
  if (ns < 1e9) {
    // sub-second: ns, µs or ms with a fraction
    const [unit, div] = ns < 1e3 ? ['ns', 1] : ns < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    out = `${trimFrac(ns / div)}${unit}`;
  } else {
    const h = Math.floor(ns / 3.6e12);
    ns -= h * 3.6e12;
    const m = Math.floor(ns / 6e10);
    ns -= m * 6e10;
    const s = `${trimFrac(ns / 1e9)}s`;
    out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function trimFrac(v: number): string {
  return String(parseFloat(v.toFixed(9)));
}
