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
