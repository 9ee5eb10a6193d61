// The normalized scenario model: what schema.ts produces from a scenario file and what the bundles
// embed. Durations are milliseconds at time scale 1; scaling happens when a run resolves its timeline.

/** One action of a phase. A fault type's own params (e.g. `network`, `stress`) are declared on this
 *  interface by its file in faults/ (`declare module '../scenario.js'`). */
export interface ActionSpec {
  /** A registered fault type's name (faults/index.ts). */
  type: string;
  target: string;
  /** Fault duration; absent = until a later healing action or the end of the experiment. */
  durationMs?: number;
  /** `params.min_duration`: the fault never lasts less than this in real time, whatever the time scale. */
  minDurationMs?: number;
}

export interface PhaseSpec {
  name: string;
  description?: string;
  durationMs: number;
  /** `min_duration`: the phase never lasts less than this in real time, whatever the time scale. */
  minDurationMs?: number;
  actions: ActionSpec[];
}

export type MetricCondition = 'gt' | 'gte' | 'lt' | 'lte' | 'increases' | 'decreasing' | 'rate_lt' | 'rate_gt';

/** A rule's comparison value: a number, or a multiple of the rate measured in the baseline phase. */
export type RuleValue = { kind: 'number'; value: number } | { kind: 'baseline_rate'; factor: number };

interface RuleBase {
  /** Stable id: the threshold's name (tag `rule` of `chaos_validation`). */
  id: string;
  /** The source text, for reports. */
  text: string;
  afterPhase?: string;
  withinMs?: number;
}
export interface MetricRule extends RuleBase {
  kind: 'metric';
  metric: string;
  condition: MetricCondition;
  value?: RuleValue;
}
export interface ContainerRule extends RuleBase {
  kind: 'container';
  container: string;
  condition: 'healthy';
}
export interface CustomRule extends RuleBase {
  kind: 'custom';
  custom: 'verify_no_duplicates' | 'verify_event_processing';
  collection?: string;
}
export interface AlertRule extends RuleBase {
  kind: 'alert';
  alert: string;
  condition: 'fires' | 'resolves' | 'fires_and_resolves';
  /** Below this CHAOS_TIME_SCALE the rule is reported as skipped (alert `for:` windows do not scale). */
  minTimeScale?: number;
}
export type ValidationRule = MetricRule | ContainerRule | CustomRule | AlertRule;

export interface LoadSpec {
  vus: number;
  /** Explicit ramping stages (plan's chaos-resilience test); default: derived from the timeline. */
  stages?: { durationMs: number; target: number }[];
  /** Relative weights of the write mix. */
  mix: { insert: number; update: number; delete: number };
  /** Pause after each write, ms. */
  thinkMs: number;
  /** Rows every VU updates concurrently, for the per-key order probe. */
  hotKeys: number;
}

export interface SloSpec {
  /** Heal → first end-to-end success (acceptance: within 60 s). Real time, never scaled. */
  recoveryMs: number;
  /** Canary visible in Mongo within this → counts for chaos_resilience_rate. */
  canaryTimeoutMs: number;
  /** Verification waits this long for quiescence; running out is a finding. */
  quiescenceTimeoutMs: number;
  /** Write error rate bound (acceptance: < 1 %). */
  errorRate: number;
  /** chaos_resilience_rate bound (plan: > 0.90). */
  resilienceRate: number;
  /** p95 bound of |actual − scheduled| fault time. */
  actionDelayMs: number;
}

export interface ScenarioSpec {
  /** File base name (`mongodb-failure`). */
  id: string;
  name: string;
  description?: string;
  phases: PhaseSpec[];
  validation: ValidationRule[];
  load: LoadSpec;
  slo: SloSpec;
  /** Extra k6 thresholds written in the file (plan's chaos-resilience test). */
  thresholds: Record<string, string[]>;
}

export const DEFAULT_LOAD: LoadSpec = { vus: 20, mix: { insert: 5, update: 4, delete: 1 }, thinkMs: 200, hotKeys: 8 };

export const DEFAULT_SLO: SloSpec = {
  recoveryMs: 60_000,
  canaryTimeoutMs: 60_000,
  quiescenceTimeoutMs: 180_000,
  errorRate: 0.01,
  resilienceRate: 0.9,
  actionDelayMs: 2_000,
};
