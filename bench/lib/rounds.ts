// Rounds: every figure in bench/RESULTS.md is a spread over at least ROUNDS rounds taken in the same run,
// never one run. Measurements compared with each other alternate within a round (A B C, A B C, …), so the
// shared machine's drift over the run hits every side alike; each figure is shown as median (min, max).
import { percentile, spread } from './stats.js';

/** Rounds per figure (issue 15: ≥ 5); BENCH_ROUNDS overrides it for a quick look, and every figure shows its n. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * `n` rounds; in each, every measurement of `sides` once, in their order. Each returns its figure
 * (ms, rows/s, …). The values come back per side, in round order.
 */
export async function alternate<K extends string>(
  sides: Record<K, (round: number) => Promise<number>>,
  n = ROUNDS,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(sides) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < n; r++) for (const k of keys) out[k].push(await sides[k](r));
  return out;
}

/** "median 0.45 s (min 0.32 s, max 0.90 s; n=5)", with the p99 too where a tail matters (`p99`). */
export function spreadText(values: number[], show: (v: number) => string, opts: { p99?: boolean } = {}): string {
  if (values.length === 0) return 'n/a (no samples)';
  const s = spread(values);
  const tail = opts.p99 ? `, p99 ${show(percentile(values, 99))}` : '';
  return `median ${show(s.med)} (min ${show(s.min)}, max ${show(s.max)}${tail}; n=${values.length})`;
}

/** The median, as goals are judged on it. */
export const median = (values: number[]): number => spread(values).med;
