// The steady-state check before an experiment (Chaos Toolkit's "steady-state hypothesis"): the baseline phase
// must measure the pipeline at rest, not draining what an earlier run (or its teardown's deletes) left in Kafka.
// Pure: the bundle feeds it lag readings; it decides.

export interface LagReading {
  atMs: number;
  /** consumer-group lag in messages; null = no source answered */
  lag: number | null;
}

export interface SteadyStateRule {
  /** highest lag that counts as "caught up" */
  maxLag: number;
  /** the lag must stay at or under maxLag for this long (covers changes Debezium is still emitting) */
  holdMs: number;
}

export const STEADY_STATE: SteadyStateRule = { maxLag: 100, holdMs: 5_000 };

export type SteadyVerdict = 'settled' | 'waiting' | 'unmeasurable';

/** `settled` once every reading of the last holdMs is ≤ maxLag and they span holdMs; `unmeasurable` when the
 *  first readings over holdMs all had no source (the run then goes on without the check, and says so). */
export function steadyState(readings: readonly LagReading[], rule: SteadyStateRule = STEADY_STATE): SteadyVerdict {
  if (readings.length === 0) return 'waiting';
  const last = readings[readings.length - 1].atMs;
  if (readings.every((r) => r.lag === null)) return last - readings[0].atMs >= rule.holdMs ? 'unmeasurable' : 'waiting';
  let i = readings.length - 1;
  while (i >= 0 && readings[i].lag !== null && (readings[i].lag as number) <= rule.maxLag) {
    if (last - readings[i].atMs >= rule.holdMs) return 'settled';
    i--;
  }
  return 'waiting';
}

// How long setup waits: a consumer applying an earlier run's backlog keeps lowering the lag and is waited for (a
// big run's teardown deletes take minutes on a busy machine); one whose lag has stopped falling is not.

/** The whole wait may last this many times CHAOS_SETTLE_TIMEOUT while the lag keeps falling. */
export const SETTLE_CAP_FACTOR = 5;

/** True once the lag has gone `stallMs` without a new low (unanswered readings are no progress). */
export function settleStalled(readings: readonly LagReading[], stallMs: number): boolean {
  if (readings.length === 0) return false;
  const last = readings[readings.length - 1].atMs;
  if (last - readings[0].atMs < stallMs) return false;
  const cut = last - stallMs;
  const lowest = (rs: readonly LagReading[]): number =>
    Math.min(...rs.filter((r) => r.lag !== null).map((r) => r.lag as number));
  const before = readings.filter((r) => r.atMs <= cut);
  const within = readings.filter((r) => r.atMs > cut);
  // Nothing measured before the window: its first answer starts the clock, so only a window with none is a stall.
  if (before.every((r) => r.lag === null)) return within.every((r) => r.lag === null);
  return !(lowest(within) < lowest(before));
}

// The other end of a run: verification waits for MongoDB to agree with PostgreSQL. A consumer that lost changes
// never agrees, so without more it waits out the whole quiescence timeout. A sentinel row written after the load's
// last write tells when Debezium has read past every change of the run; once it is in MongoDB and the group's lag
// has then stayed 0, every change was consumed and committed, and waiting longer cannot change MongoDB.

/** Lag 0 (every partition, every sample) held this long after the sentinel was seen. */
export const DRAINED: SteadyStateRule = { maxLag: 0, holdMs: 8_000 };
/** Changes Debezium read before the sentinel may reach other partitions a little after it (producer batching). */
export const SENTINEL_GRACE_MS = 2_000;

/** True once the readings taken from `sentinelSeenMs + SENTINEL_GRACE_MS` on show the group drained (DRAINED). */
export function drainedAfterSentinel(readings: readonly LagReading[], sentinelSeenMs: number | null): boolean {
  if (sentinelSeenMs === null) return false;
  const after = readings.filter((r) => r.atMs >= sentinelSeenMs + SENTINEL_GRACE_MS);
  return after.some((r) => r.lag !== null) && steadyState(after, DRAINED) === 'settled';
}
