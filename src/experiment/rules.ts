// Evaluates validation rules over the series the probes observed: pure, so the semantics are
// pinned by unit tests. Time is milliseconds on the run's timeline (0 = first phase starts).
//
// Windows: no after_phase → the whole timeline. after_phase P → from the end of P (the heal) for
// `within`, or to the end of the timeline; when that leaves under a second (P is the last phase)
// the window is P itself; a rule one sample passes, without `within`, looks ≥ MIN_REACH_WINDOW_MS. Alert rules look from the START of P (the alert must fire during the
// fault) to the end of P + within (it must have resolved by then).
// Conditions: gt/gte/lt/lte hold at SOME sample when `within` is given (reached within the
// window), at EVERY sample otherwise; increases = counter increase > 0 (resets tolerated);
// decreasing = ends below its peak, or at 0; rate_gt/rate_lt = per-second increase (or
// failed/(processed+failed) for error counters) against a number or the baseline phase's rate.
// Deciding early (decideRule): a rule whose outcome no later sample can change is decided before
// its window closes — a "reached within W" rule once reached, a "holds at every sample" rule once
// broken; every other outcome waits for the window's end.

import { PROBE_METRICS } from './pipeline-metrics.js';
import type { AlertRule, ContainerRule, MetricRule, ValidationRule } from './scenario.js';
import { phaseNamed, type Timeline } from './timeline.js';

export interface Sample {
  t: number;
  v: number;
}

export interface Window {
  startMs: number;
  endMs: number;
}

export interface RuleResult {
  pass: boolean;
  observed: number | null;
  detail: string;
}

export type SeriesOf = (source: string) => Sample[];

/** A rule judged over the probes' series (custom rules are verification's). */
export type JudgedRule = MetricRule | ContainerRule | AlertRule;

/**
 * A rule one sample can pass (`increases`, an alert that `fires`) and that has no `within` ends with the (scaled)
 * timeline; it looks at least this long in real time, as a `within` would: a consumer's reconnect, rejoin and request
 * timeouts and Prometheus' `for:` do not shrink with CHAOS_TIME_SCALE (at 0.1 kafka-partition's
 * `increases after_phase: recovery` had 12 s). Deciding early ends it at the sample that passes it.
 */
export const MIN_REACH_WINDOW_MS = 60_000;

export function ruleWindow(rule: ValidationRule, timeline: Timeline): Window {
  const w = scaledWindow(rule, timeline);
  const reach = rule.kind !== 'custom' && rule.withinMs === undefined && settledOutcome(rule) === 'pass';
  return reach ? { startMs: w.startMs, endMs: Math.max(w.endMs, w.startMs + MIN_REACH_WINDOW_MS) } : w;
}

function scaledWindow(rule: ValidationRule, timeline: Timeline): Window {
  if (!rule.afterPhase) return { startMs: 0, endMs: timeline.totalMs + (rule.withinMs ?? 0) };
  const p = phaseNamed(timeline, rule.afterPhase);
  if (rule.kind === 'alert')
    return { startMs: p.startMs, endMs: rule.withinMs !== undefined ? p.endMs + rule.withinMs : timeline.totalMs };
  const startMs = p.endMs;
  const endMs = rule.withinMs !== undefined ? startMs + rule.withinMs : timeline.totalMs;
  return endMs - startMs < 1000 ? { startMs: p.startMs, endMs: Math.max(endMs, p.endMs) } : { startMs, endMs };
}

/** How long the probes must keep observing so every window closes. */
export function observationEndMs(rules: ValidationRule[], timeline: Timeline): number {
  return rules.reduce(
    (end, r) => (r.kind === 'custom' ? end : Math.max(end, ruleWindow(r, timeline).endMs)),
    timeline.totalMs,
  );
}

export function seriesSource(rule: JudgedRule): string {
  if (rule.kind === 'container') return `container:${rule.container}`;
  if (rule.kind === 'alert') return `alert:${rule.alert}`;
  const m = PROBE_METRICS[rule.metric];
  return `metric:${m.source}:${m.aggregate}`;
}

/**
 * Whether the probes observed the rule's source at least once in its window (up to `untilMs`, when they stopped).
 * A rule never observed was not measured: its result says nothing about the pipeline (reported unknown).
 */
export function observed(rule: JudgedRule, timeline: Timeline, seriesOf: SeriesOf, untilMs: number): boolean {
  const w = ruleWindow(rule, timeline);
  return inWindow(seriesOf(seriesSource(rule)), { startMs: w.startMs, endMs: Math.min(w.endMs, untilMs) }).length > 0;
}

function inWindow(series: Sample[], w: Window): Sample[] {
  return series.filter((s) => s.t >= w.startMs && s.t <= w.endMs);
}

/** Counter increase over samples, treating any drop as a restart from 0 (Prometheus' rule). */
export function increase(samples: Sample[]): number {
  let inc = 0;
  for (let i = 1; i < samples.length; i++) {
    const d = samples[i].v - samples[i - 1].v;
    inc += d >= 0 ? d : samples[i].v;
  }
  return inc;
}

function perSecond(samples: Sample[]): number | null {
  if (samples.length < 2) return null;
  const span = (samples[samples.length - 1].t - samples[0].t) / 1000;
  return span > 0 ? increase(samples) / span : null;
}

function compare(v: number, cond: string, bound: number): boolean {
  switch (cond) {
    case 'gt':
    case 'rate_gt':
      return v > bound;
    case 'gte':
      return v >= bound;
    case 'lt':
    case 'rate_lt':
      return v < bound;
    default:
      return v <= bound;
  }
}

function baselineWindow(timeline: Timeline): Window {
  const p = timeline.phases.find((q) => q.name === 'baseline') ?? timeline.phases[0];
  return { startMs: p.startMs, endMs: p.endMs };
}

function rateOf(rule: MetricRule, w: Window, seriesOf: SeriesOf): number | null {
  const m = PROBE_METRICS[rule.metric];
  if (m.rate === 'per_second') return perSecond(inWindow(seriesOf(seriesSource(rule)), w));
  const failed = inWindow(seriesOf(`metric:${m.source}:sum`), w);
  const processed = inWindow(seriesOf('metric:cdc_events_processed_total:sum'), w);
  if (failed.length < 2 && processed.length < 2) return null;
  const f = increase(failed);
  const total = f + increase(processed);
  return total === 0 ? 0 : f / total;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

export function evaluateRule(rule: JudgedRule, timeline: Timeline, seriesOf: SeriesOf): RuleResult {
  return evaluateIn(rule, ruleWindow(rule, timeline), timeline, seriesOf);
}

/**
 * The outcome that, once the samples so far show it, later samples cannot change: a pass for a rule
 * met by one sample (reached within, increases, an alert that fires), a fail for a rule every sample
 * must meet; undefined when either outcome can still flip (decreasing, rates, resolves).
 */
export function settledOutcome(rule: JudgedRule): 'pass' | 'fail' | undefined {
  if (rule.kind === 'alert') return rule.condition === 'fires' ? 'pass' : undefined;
  if (rule.kind === 'container') return rule.withinMs !== undefined ? 'pass' : 'fail';
  if (rule.condition === 'increases') return 'pass';
  if (rule.condition === 'decreasing' || rule.condition === 'rate_gt' || rule.condition === 'rate_lt') return undefined;
  return rule.withinMs !== undefined ? 'pass' : 'fail';
}

/**
 * The rule's result if it is decided at `nowMs` (samples up to then): its window has closed, or the
 * samples in the window so far already show its settled outcome. undefined = not decided yet.
 */
export function decideRule(
  rule: JudgedRule,
  timeline: Timeline,
  seriesOf: SeriesOf,
  nowMs: number,
): RuleResult | undefined {
  const w = ruleWindow(rule, timeline);
  if (nowMs >= w.endMs) return evaluateIn(rule, w, timeline, seriesOf);
  const settled = settledOutcome(rule);
  if (settled === undefined || nowMs < w.startMs) return undefined;
  const sofar = { startMs: w.startMs, endMs: nowMs };
  // "No data yet" is not a broken sample: only an observed one settles a fail.
  if (settled === 'fail' && inWindow(seriesOf(seriesSource(rule)), sofar).length === 0) return undefined;
  const result = evaluateIn(rule, sofar, timeline, seriesOf);
  return result.pass === (settled === 'pass') ? result : undefined;
}

function evaluateIn(rule: JudgedRule, w: Window, timeline: Timeline, seriesOf: SeriesOf): RuleResult {
  const span = `in [${fmt(w.startMs / 1000)}s, ${fmt(w.endMs / 1000)}s]`;
  const samples = inWindow(seriesOf(seriesSource(rule)), w);
  if (rule.kind === 'alert') {
    const firedAt = samples.findIndex((s) => s.v > 0);
    const last = samples.length > 0 ? samples[samples.length - 1].v : null;
    const fired = firedAt >= 0;
    const resolved =
      last === 0 && (rule.condition !== 'fires_and_resolves' || samples.slice(firedAt).some((s) => s.v === 0));
    const pass = rule.condition === 'fires' ? fired : rule.condition === 'resolves' ? last === 0 : fired && resolved;
    return {
      pass,
      observed: fired ? samples[firedAt].t - w.startMs : null,
      detail: `alert ${rule.alert} ${fired ? 'fired' : 'never fired'}${last === 0 ? ', resolved' : last === null ? ', no data' : ', still firing'} ${span}`,
    };
  }
  if (rule.kind === 'container') {
    if (samples.length === 0)
      return { pass: false, observed: null, detail: `no health observation of ${rule.container} ${span}` };
    const ok =
      rule.withinMs !== undefined
        ? samples.find((s) => s.v > 0)
        : samples.every((s) => s.v > 0)
          ? samples[0]
          : undefined;
    return ok
      ? {
          pass: true,
          observed: ok.t - w.startMs,
          detail: `${rule.container} healthy ${fmt((ok.t - w.startMs) / 1000)}s after window start ${span}`,
        }
      : {
          pass: false,
          observed: null,
          detail: `${rule.container} not healthy ${rule.withinMs !== undefined ? 'at any point' : 'throughout'} ${span}`,
        };
  }
  const value = rule.value;
  if (rule.condition === 'rate_gt' || rule.condition === 'rate_lt') {
    const observed = rateOf(rule, w, seriesOf);
    if (observed === null) return { pass: false, observed: null, detail: `no data for ${rule.metric} ${span}` };
    let bound = value?.kind === 'number' ? value.value : 0;
    if (value?.kind === 'baseline_rate') {
      const base = rateOf(rule, baselineWindow(timeline), seriesOf);
      if (base === null) return { pass: false, observed, detail: `no baseline data for ${rule.metric}` };
      bound = base * value.factor;
    }
    return {
      pass: compare(observed, rule.condition, bound),
      observed,
      detail: `${rule.metric} rate ${fmt(observed)} ${rule.condition === 'rate_gt' ? '>' : '<'} ${fmt(bound)}? ${span}`,
    };
  }
  if (samples.length === 0) return { pass: false, observed: null, detail: `no data for ${rule.metric} ${span}` };
  if (rule.condition === 'increases') {
    const inc = increase(samples);
    return { pass: inc > 0, observed: inc, detail: `${rule.metric} increased by ${fmt(inc)} ${span}` };
  }
  if (rule.condition === 'decreasing') {
    const peak = samples.reduce((m, s) => Math.max(m, s.v), -Infinity);
    const last = samples[samples.length - 1].v;
    return {
      pass: last < peak || last === 0,
      observed: last,
      detail: `${rule.metric} peak ${fmt(peak)}, last ${fmt(last)} ${span}`,
    };
  }
  const bound = value?.kind === 'number' ? value.value : 0;
  if (rule.withinMs !== undefined) {
    const hit = samples.find((s) => compare(s.v, rule.condition, bound));
    return hit
      ? {
          pass: true,
          observed: hit.t - w.startMs,
          detail: `${rule.metric} ${rule.condition} ${bound} reached after ${fmt((hit.t - w.startMs) / 1000)}s ${span}`,
        }
      : { pass: false, observed: null, detail: `${rule.metric} never ${rule.condition} ${bound} ${span}` };
  }
  const bad = samples.find((s) => !compare(s.v, rule.condition, bound));
  return bad
    ? {
        pass: false,
        observed: bad.v,
        detail: `${rule.metric} = ${fmt(bad.v)} at ${fmt(bad.t / 1000)}s breaks ${rule.condition} ${bound}`,
      }
    : {
        pass: true,
        observed: samples[samples.length - 1].v,
        detail: `${rule.metric} ${rule.condition} ${bound} throughout ${span}`,
      };
}
