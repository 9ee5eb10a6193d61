// When the probe writes canaries and which pending ones it looks up, so recovery (heal → the first canary
// written after the heal seen in MongoDB) is timed to within RESOLUTION_MS. Pure: the probe passes the
// clock and its lookups in, the unit tests a simulated pipeline.
//
// The error of a recovery time is the gap between the heal and the next canary written plus the gap
// between that canary becoming visible and the probe's next look. So canaries are written every
// DENSE_MS from each planned heal until one written `slackMs` after it (the heal's dispatch may lag its
// plan by up to the SLO's action delay) has been seen, once a second otherwise; the probe looks every
// TICK_MS. Lookups go oldest first and stop at the first miss (the pipeline delivers one table's changes in
// order, so the newer ones are not there either), plus one rotating look further on (a canary lost at the
// head must not hide the rest).

import type { Canary } from './recovery.js';

export const BASE_MS = 1000;
export const DENSE_MS = 100;
export const TICK_MS = 100;
/** Worst case: a canary written DENSE_MS after the heal, seen TICK_MS after it became visible. */
export const RESOLUTION_MS = DENSE_MS + TICK_MS;
/** Found canaries one tick may take in a row (a drained backlog is read in a few ticks, not one look per tick). */
const HEAD_MAX = 25;

export interface PendingCanary extends Canary {
  id: string;
}

/** found → true, absent → false, the lookup failed → null (not measured). */
export type Lookup = (id: string) => boolean | null;

export class CanaryBook {
  readonly canaries: PendingCanary[] = [];
  private lastWriteMs: number | null = null;
  private cursor = 0;

  /** `heals`: planned end of each fault (pipeline fault-free again), ms on the timeline. */
  constructor(
    private readonly heals: number[],
    private readonly slackMs: number,
    private readonly capMs: number,
  ) {}

  /** Is a canary due at `nowMs`? */
  due(nowMs: number): boolean {
    if (this.lastWriteMs === null) return true;
    return nowMs - this.lastWriteMs >= (this.recovering(nowMs) ? DENSE_MS : BASE_MS);
  }

  /** A heal has passed whose recovery has not been seen yet (and is not older than `capMs`). */
  recovering(nowMs: number): boolean {
    return this.heals.some(
      (h) =>
        nowMs >= h &&
        nowMs < h + this.capMs &&
        !this.canaries.some((c) => c.visibleMs !== null && c.writtenMs >= h + this.slackMs),
    );
  }

  /** A write was attempted at `atMs` (due() counts from it whether or not it succeeded). */
  attempted(atMs: number): void {
    this.lastWriteMs = atMs;
  }

  written(id: string, atMs: number): void {
    this.canaries.push({ id, writtenMs: atMs, visibleMs: null });
  }

  /** Looks pending canaries up; returns the ones newly seen. `all` looks at every pending one (the last look). */
  poll(nowMs: number, lookup: Lookup, all = false): PendingCanary[] {
    const pending = this.canaries.filter((c) => c.visibleMs === null);
    const seen: PendingCanary[] = [];
    const look = (c: PendingCanary): boolean | null => {
      const found = lookup(c.id);
      if (found) {
        c.visibleMs = nowMs;
        seen.push(c);
      }
      return found;
    };
    let i = 0;
    for (; i < pending.length && (all || seen.length < HEAD_MAX); i++) {
      const found = look(pending[i]);
      if (found === null) return seen;
      if (!found && !all) break;
    }
    const rest = pending.length - i - 1;
    if (!all && rest > 0) {
      this.cursor = (this.cursor + 1) % rest;
      look(pending[i + 1 + this.cursor]);
    }
    return seen;
  }
}
