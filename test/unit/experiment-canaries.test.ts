// The probe's canary cadence and lookups (src/experiment/canaries.ts) against a simulated pipeline: the
// recovery time they measure is within RESOLUTION_MS (≤ 250 ms) of the true one, whenever the heal falls.
import { describe, expect, it } from 'vitest';
import { BASE_MS, CanaryBook, DENSE_MS, RESOLUTION_MS, TICK_MS } from '../../src/experiment/canaries.js';
import type { Fault } from '../../src/experiment/fault-plan.js';
import { faultTimings } from '../../src/experiment/recovery.js';

const SLACK = 2000;
const CAP = 60_000;

/**
 * A pipeline down from `downMs` to `healMs`, back `recoverMs` after the heal: a row committed at `w` shows up in
 * MongoDB at max(w + latency, heal + recover), in commit order. The probe ticks every TICK_MS (as probeVu does:
 * write if due, then look) until `untilMs`; lookups take no time. Returns the measured recovery.
 */
function simulate(downMs: number, healMs: number, recoverMs: number, latencyMs: number, untilMs: number) {
  const book = new CanaryBook([healMs], SLACK, CAP);
  const visibleAt = (w: number): number => (w < downMs ? w + latencyMs : Math.max(w + latencyMs, healMs + recoverMs));
  const written = new Map<string, number>();
  let lookups = 0;
  let seq = 0;
  for (let now = 0; now <= untilMs; now += TICK_MS) {
    if (book.due(now)) {
      book.attempted(now);
      const id = `c${++seq}`;
      written.set(id, now);
      book.written(id, now);
    }
    book.poll(now, (id) => {
      lookups++;
      return visibleAt(written.get(id) as number) <= now;
    });
  }
  const fault: Fault = { id: 'f', action: 'kill', target: 'cdc-mongodb', startMs: downMs, endMs: healMs } as Fault;
  const [t] = faultTimings([fault], book.canaries, [], [], 0, untilMs);
  return { recoveryMs: t.recoveryMs, canaries: book.canaries.length, lookups };
}

describe('canaries time recovery to within RESOLUTION_MS', () => {
  it('the resolution is at most 250 ms', () => {
    expect(RESOLUTION_MS).toBeLessThanOrEqual(250);
    expect(DENSE_MS + TICK_MS).toBe(RESOLUTION_MS);
  });

  it('whatever the heal time, recovery delay and latency, the measured recovery is late by at most RESOLUTION_MS', () => {
    let worst = 0;
    for (let healOffset = 0; healOffset < BASE_MS; healOffset += 37) {
      for (const recover of [0, 130, 1000, 2750, 9990]) {
        for (const latency of [20, 180, 450]) {
          const heal = 10_000 + healOffset;
          const { recoveryMs } = simulate(4000, heal, recover, latency, heal + recover + 5000);
          // The pipeline's own recovery: a row committed right at the heal is visible after max(recover, latency).
          const truth = Math.max(recover, latency);
          expect(recoveryMs, `heal ${heal} recover ${recover} latency ${latency}`).not.toBeNull();
          const error = (recoveryMs as number) - truth;
          expect(error).toBeGreaterThanOrEqual(0);
          worst = Math.max(worst, error);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(RESOLUTION_MS);
    // The bound is tight: some heal falls just after a canary and is seen just before a look.
    expect(worst).toBeGreaterThan(RESOLUTION_MS / 2);
  });

  it('writes densely only between a heal and the first canary seen after it (+ slack), once a second otherwise', () => {
    const quiet = simulate(4000, 10_000, 3000, 50, 40_000);
    // 40 s once a second, plus 100 ms canaries from the heal until one written SLACK after it is seen: here at
    // heal + 3 s, when the backlog drains (the once-a-second ones of those 3 s are among them).
    const dense = Math.max(3000, SLACK + 50) / DENSE_MS;
    expect(Math.abs(quiet.canaries - (40 - 3 + dense))).toBeLessThanOrEqual(2);
    // A stalled pipeline costs one lookup per tick (plus one rotating look), not one per pending canary.
    expect(quiet.lookups).toBeLessThan((2 * 40_000) / TICK_MS + quiet.canaries * 2);
  });

  it('a failed lookup stops the tick and marks nothing; a canary lost at the head does not hide the rest', () => {
    const book = new CanaryBook([], SLACK, CAP);
    for (let i = 1; i <= 4; i++) book.written(`c${i}`, i * 1000);
    expect(book.poll(5000, () => null)).toEqual([]);
    expect(book.canaries.every((c) => c.visibleMs === null)).toBe(true);
    // c1 never arrives; c2..c4 did: the rotating look finds them one per tick.
    const seen = new Set<string>();
    for (let t = 6000; t < 6000 + 10 * TICK_MS; t += TICK_MS)
      for (const c of book.poll(t, (id) => id !== 'c1')) seen.add(c.id);
    expect(Array.from(seen).sort()).toEqual(['c2', 'c3', 'c4']);
    // The last look checks every pending one.
    const last = new CanaryBook([], SLACK, CAP);
    for (let i = 1; i <= 3; i++) last.written(`c${i}`, i);
    expect(last.poll(10, (id) => id !== 'c1', true).map((c) => c.id)).toEqual(['c2', 'c3']);
  });
});
