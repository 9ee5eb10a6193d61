// Durations as the scenario files write them (`30s`, `1m30s`, `200ms`, `0s`): Go's duration syntax (the one
// scanner, packages/k6-node-runtime/src/io/go-duration.ts: pure) with k6's unit set, no bare numbers (is `30` seconds or
// milliseconds?), no sign, no unknown units (`30x`).

import { scanDuration } from 'k6-node-runtime/io/go-duration.js';

/** The scenario format's units (a subset of Go's), in nanoseconds. */
const UNIT_NS: Record<string, number> = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Longest duration a scenario field or a setting accepts: an experiment is hours, not years
 *  (and `999999999999h` would exceed the milliseconds a double holds exactly). */
export const MAX_DURATION_MS = 24 * 3_600_000;

/** Milliseconds of a duration string; throws an Error whose message says what is wrong. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '') throw new Error('empty duration (write e.g. 30s, 1m30s, 200ms)');
  if (s.startsWith('-')) throw new Error(`negative duration "${text}" (durations are >= 0)`);
  const r = scanDuration(s, UNIT_NS, Infinity);
  if ('kind' in r) {
    const rest = s.slice(r.at);
    const hint =
      r.kind === 'missing unit' && /^\d+(\.\d+)?$/.test(rest)
        ? ' (a bare number needs a unit: ms, s, m or h)'
        : ' (units: ms, s, m, h)';
    throw new Error(`invalid duration "${text}" at "${rest}"${hint}`);
  }
  return Math.round(r.ns / 1e6);
}

/** Shortest k6-style string for a millisecond count (`1m30s`, `250ms`, `0s`). */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0) out += `${rest}ms`;
  return out;
}

/**
 * A duration setting (environment variable or flag) within 0s..24h; the error names the setting,
 * the value and the expected form. `extra` says what else the setting means (e.g. "0 = no check").
 */
export function parseDurationSetting(name: string, text: string, extra = ''): number {
  const expected = `expected a duration such as 90s, 3m or 1m30s (0s to ${formatDuration(MAX_DURATION_MS)})${extra ? `; ${extra}` : ''}`;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (e) {
    throw new Error(`${name}=${JSON.stringify(text)}: ${(e as Error).message}; ${expected}`);
  }
  if (ms > MAX_DURATION_MS) throw new Error(`${name}=${JSON.stringify(text)} is too long; ${expected}`);
  return ms;
}

/** Applies CHAOS_TIME_SCALE to a duration; a scaled non-zero duration never drops below 1 ms, nor below `minMs`
 *  (a scenario's `min_duration`: the real time a phase or fault needs to mean anything, e.g. to outlast the
 *  consumer's own timeouts), which is itself never more than the duration. */
export function scaleDuration(ms: number, scale: number, minMs = 0): number {
  if (ms === 0) return 0;
  return Math.max(1, Math.round(ms * scale), Math.min(minMs, ms));
}

/** Parses a CHAOS_TIME_SCALE value: a positive finite number, default 1. */
export function parseTimeScale(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 1;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`CHAOS_TIME_SCALE must be a positive number, got "${text}"`);
  return n;
}
