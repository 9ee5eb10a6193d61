// Small statistics and formatting helpers shared by the benches.

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** 12345 → "12,345". */
export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

export const sec = (ms: number): string => `${fmt(ms / 1000, ms < 10_000 ? 2 : 1)} s`;

/** min / median (lower middle of an even count) / max of unsorted values. */
export function spread(values: number[]): { min: number; med: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, med: s[(s.length - 1) >> 1] ?? NaN, max: s[s.length - 1] ?? NaN };
}
