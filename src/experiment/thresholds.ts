// Every validation rule of the scenario and every acceptance criterion of the plan as a named k6
// threshold, so the exit code (99) is the verdict. Integrity violations seen during the run abort
// it (teardown still heals everything, so aborting is safe).

import type { ScenarioSpec, ValidationRule } from './scenario.js';
import { k6TrendStat } from './pipeline-metrics.js';

export type Delivery = 'at-least-once' | 'exactly-once';
export type ThresholdEntry = string | { threshold: string; abortOnFail: boolean };
export type Thresholds = Record<string, ThresholdEntry[]>;

/** Where a rule is judged: during the run by the probes, after it by verification, or by k6 itself. */
export type RuleJudge = 'probe' | 'verify' | 'k6';

export interface PlannedRule {
  rule: ValidationRule;
  judge: RuleJudge;
  /** Why the rule is not judged in this run (reported, never silent). */
  skipped?: string;
}

export function parseDelivery(text: string | undefined): Delivery {
  if (text === undefined || text === '' || text === 'at-least-once') return 'at-least-once';
  if (text === 'exactly-once') return 'exactly-once';
  throw new Error(`CDC_DELIVERY must be at-least-once or exactly-once, got "${text}"`);
}

export function planRules(scenario: ScenarioSpec, scale: number): PlannedRule[] {
  return scenario.validation.map((rule) => {
    if (rule.kind === 'custom') return { rule, judge: 'verify' };
    if (rule.kind === 'metric' && k6TrendStat(rule.metric)) return { rule, judge: 'k6' };
    if (rule.kind === 'alert' && rule.minTimeScale !== undefined && scale < rule.minTimeScale) {
      return {
        rule,
        judge: 'probe',
        skipped: `CHAOS_TIME_SCALE ${scale} < ${rule.minTimeScale}: alert 'for:' windows do not scale`,
      };
    }
    return { rule, judge: 'probe' };
  });
}

/** Name of the Rate sub-metric a rule's verdict is recorded in. */
export function ruleMetric(id: string): string {
  return `chaos_validation{rule:${id}}`;
}

const ABORT = (threshold: string): ThresholdEntry => ({ threshold, abortOnFail: true });

/** Ids of the rules judged outside k6 (one chaos_validation sample each, from the probes or the verification). */
export function rulesJudgedOutsideK6(scenario: ScenarioSpec, scale: number): string[] {
  return planRules(scenario, scale)
    .filter((p) => !p.skipped && p.judge !== 'k6')
    .map((p) => p.rule.id);
}

export function buildThresholds(scenario: ScenarioSpec, delivery: Delivery, scale: number): Thresholds {
  const slo = scenario.slo;
  const t: Thresholds = {
    // Acceptance: no data loss (PostgreSQL events equal MongoDB events), no duplicates, order kept.
    // Verification reports the final-state verdicts as the run ends: aborting then would only cut
    // the probes' last rule windows short, so only what is observed DURING the run aborts it.
    cdc_lost: ['count==0'],
    cdc_stale: ['count==0'],
    cdc_resurrected: ['count==0'],
    cdc_phantom: ['count==0'],
    cdc_duplicates: ['count==0'],
    cdc_out_of_order: [ABORT('count==0')],
    chaos_events_lost: ['count==0'],
    // The verdict must be whole: verification finished, every rule judged outside k6 reported (an empty Rate would pass
    // its threshold), every instance of a split run seen done. Counted by the instance that verifies (teardown), so an
    // instance that only loads holds it truly; its integrity counters are empty there and hold vacuously.
    chaos_verdict_incomplete: ['count==0'],
    cdc_quiescence_timeouts: ['count==0'],
    // Acceptance: recovery within the SLA; error rate < 1 %; plan's resilience rate.
    chaos_recovery_time: [`p(95)<${slo.recoveryMs}`],
    cdc_success_rate: [`rate>${1 - slo.errorRate}`],
    chaos_resilience_rate: [`rate>${slo.resilienceRate}`],
    // Acceptance: no alert fires in the baseline phase (the probes ask Prometheus).
    chaos_baseline_quiet: ['rate==1'],
    // The experiment itself: every fault injected, on schedule.
    chaos_action_errors: ['count==0'],
    chaos_action_delay: [`p(95)<${slo.actionDelayMs}`],
    // A measurement a verdict needed that the probes could not make fails the run under this name, not the rule's.
    chaos_probe_unknown: ['count==0'],
  };
  // Delivery contract: under exactly-once any redelivery is a violation; at-least-once allows them.
  if (delivery === 'exactly-once') t.cdc_redeliveries = [ABORT('count==0')];
  const judged = planRules(scenario, scale).filter((p) => !p.skipped);
  for (const { rule, judge } of judged) {
    if (judge === 'k6' && rule.kind === 'metric') {
      const trend = k6TrendStat(rule.metric);
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[rule.condition as 'gt' | 'gte' | 'lt' | 'lte'];
      if (trend && rule.value?.kind === 'number')
        (t[trend.metric] = t[trend.metric] ?? []).push(`${trend.stat}${op}${rule.value.value}`);
    } else {
      t[ruleMetric(rule.id)] = ['rate==1'];
    }
  }
  for (const [metric, list] of Object.entries(scenario.thresholds)) t[metric] = (t[metric] ?? []).concat(list);
  return t;
}
