import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTimeScale, scaleDuration } from '../../src/experiment/duration.js';
import { hashSeed, parseSeed, prng, weightedPick } from '../../src/experiment/random.js';
import { parseGoDuration, scanDuration } from 'k6-node-runtime/io/go-duration.js';

describe('durations', () => {
  it('parses the plan formats', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('200ms')).toBe(200);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5s')).toBe(1500);
  });
  it('rejects unknown units, bare numbers, negatives and garbage', () => {
    expect(() => parseDuration('30x')).toThrow(/invalid duration "30x"/);
    expect(() => parseDuration('30')).toThrow(/bare number needs a unit/);
    expect(() => parseDuration('-5s')).toThrow(/negative/);
    expect(() => parseDuration('')).toThrow(/empty/);
    expect(() => parseDuration('1m 30s')).toThrow(/invalid/);
  });
  it("is Go's duration syntax (one scanner) narrowed to ms, s, m, h without sign", () => {
    for (const t of ['30s', '1m30s', '1.5s', '2h45m', '.5s', '1.s', '0.0005s'])
      expect(parseDuration(t), t).toBe(Math.round(parseGoDuration(t)));
    for (const t of ['30x', '1m30', 'abc', '5.', '1s.5']) {
      expect(() => parseGoDuration(t), t).toThrow(/^time: /);
      expect(() => parseDuration(t), t).toThrow(`invalid duration "${t}" at "`);
    }
    // Go has more units and a sign; the scenario format does not.
    expect(parseGoDuration('5us')).toBe(0.005);
    expect(() => parseDuration('5us')).toThrow('invalid duration "5us" at "5us" (units: ms, s, m, h)');
    expect(() => parseDuration('+5s')).toThrow('invalid duration "+5s" at "+5s" (units: ms, s, m, h)');
    expect(scanDuration('1m30x')).toEqual({ kind: 'unknown unit', unit: 'x', at: 2 });
    expect(() => parseDuration('1m30x')).toThrow('invalid duration "1m30x" at "30x" (units: ms, s, m, h)');
  });
  it('formats back to the shortest k6 string', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(61_250)).toBe('1m1s250ms');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
  it('scales by CHAOS_TIME_SCALE, keeping 0 at 0 and non-zero at >= 1 ms', () => {
    expect(scaleDuration(60_000, 0.1)).toBe(6000);
    expect(scaleDuration(0, 0.1)).toBe(0);
    expect(scaleDuration(5, 0.01)).toBe(1);
    // min_duration: a real-time floor, never above the duration itself, irrelevant once the scaled duration is longer.
    expect(scaleDuration(60_000, 0.1, 20_000)).toBe(20_000);
    expect(scaleDuration(60_000, 0.5, 20_000)).toBe(30_000);
    expect(scaleDuration(15_000, 0.1, 15_000)).toBe(15_000);
    expect(scaleDuration(10_000, 0.1, 20_000)).toBe(10_000);
    expect(scaleDuration(0, 0.1, 20_000)).toBe(0);
    expect(parseTimeScale(undefined)).toBe(1);
    expect(parseTimeScale('0.1')).toBe(0.1);
    expect(() => parseTimeScale('0')).toThrow(/positive/);
    expect(() => parseTimeScale('fast')).toThrow(/positive/);
  });
});

describe('seeded randomness', () => {
  it('replays the same sequence for the same seed', () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(prng(43)()).not.toBe(xs[0]);
  });
  it('derives distinct sub-seeds and parses CHAOS_SEED', () => {
    expect(hashSeed('1:load:1')).not.toBe(hashSeed('1:load:2'));
    expect(parseSeed('1234', () => 0.5)).toBe(1234);
    expect(parseSeed(undefined, () => 0.5)).toBe(2 ** 30);
    expect(() => parseSeed('-1', () => 0)).toThrow(/non-negative integer/);
  });
  it('picks by weight and never a zero weight', () => {
    const r = prng(7);
    const seen = [0, 0, 0];
    for (let i = 0; i < 1000; i++) seen[weightedPick(r, [5, 0, 1])]++;
    expect(seen[1]).toBe(0);
    expect(seen[0]).toBeGreaterThan(seen[2]);
  });
});
