// Seeded randomness: every random choice of a run (write mix, keys, amounts) comes from a PRNG
// seeded by CHAOS_SEED, so a run can be replayed; the seed is printed and kept in the summary.

/** mulberry32: small, fast, good enough for workload choices (not for cryptography). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string: derives sub-seeds (per VU, per purpose) from the run seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** CHAOS_SEED: a non-negative integer; absent → drawn from `fallback` (Math.random) and reported. */
export function parseSeed(text: string | undefined, fallback: () => number): number {
  if (text === undefined || text.trim() === '') return Math.floor(fallback() * 2 ** 31);
  if (!/^\d{1,10}$/.test(text.trim())) throw new Error(`CHAOS_SEED must be a non-negative integer, got "${text}"`);
  return Number(text.trim()) >>> 0;
}

/** Index chosen with probability proportional to its weight. */
export function weightedPick(rand: () => number, weights: number[]): number {
  const total = weights.reduce((a, w) => a + w, 0);
  let x = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}
