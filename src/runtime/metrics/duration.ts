// Go time.ParseDuration-compatible parser (k6 option durations such as delayAbortEval "10s", "1m30s", "250ms").
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Returns milliseconds, or throws Error(`time: invalid duration "<s>"`) like Go. */
export function parseGoDuration(input: string): number {
  const fail = (): never => {
    throw new Error(`time: invalid duration "${input}"`);
  };
  let s = input;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') fail();
  let total = 0;
  const re = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) {
      if (/^(\d+\.?\d*|\.\d+)$/.test(s)) throw new Error(`time: missing unit in duration "${input}"`);
      fail();
    }
    total += Number(m![1]) * UNITS[m![2]];
    s = s.slice(m![0].length);
  }
  return sign * total;
}

/** k6 types.Duration JSON: a string is a Go duration, a number is milliseconds. */
export function parseK6Duration(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') return parseGoDuration(v);
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
    out = `${trimFrac(ns / (div as number))}${unit}`;
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
