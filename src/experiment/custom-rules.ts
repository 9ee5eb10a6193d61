// The scenario's custom rules (verify_no_duplicates, verify_event_processing), judged by the verification from
// its classification of the final states: pure, so a recorded run's findings give the same answers in a test.

import type { Fault } from './fault-plan.js';
import type { CustomRule } from './scenario.js';
import type { Classification } from './verdict.js';

/** Per table: rows changed while a fault was in effect, and how many of those the classification found wrong. */
export interface DuringFaults {
  changed: number;
  bad: number;
}

/** Rows whose last change (`updatedMs`, wall clock) fell while a fault was in effect (`startMs`–`endMs` from the
 *  run's epoch, the history's actual times): what `verify_event_processing` judges. */
export function changedDuringFaults<R extends { updatedMs: number }>(
  rows: readonly R[],
  epochMs: number,
  faults: readonly Pick<Fault, 'startMs' | 'endMs'>[],
): R[] {
  const windows = faults.map((f) => [epochMs + f.startMs, epochMs + f.endMs]);
  return rows.filter((r) => windows.some(([a, b]) => r.updatedMs >= a && r.updatedMs <= b));
}

export interface CustomRuleResult {
  pass: boolean;
  detail: string;
}

export function judgeCustomRule(
  rule: CustomRule,
  tables: readonly string[],
  results: Readonly<Record<string, Pick<Classification, 'counts'>>>,
  duringFaults: Readonly<Record<string, DuringFaults>>,
  quiet: boolean,
): CustomRuleResult {
  if (rule.custom === 'verify_no_duplicates') {
    const judged = rule.collection ? [rule.collection] : tables;
    const dups = judged.reduce((a, t) => a + (results[t]?.counts.duplicated ?? 0), 0);
    return { pass: dups === 0, detail: `${dups} duplicated key(s) in ${judged.join(', ')}` };
  }
  const changed = tables.reduce((a, t) => a + (duringFaults[t]?.changed ?? 0), 0);
  const bad = tables.reduce((a, t) => a + (duringFaults[t]?.bad ?? 0), 0);
  return {
    pass: bad === 0 && quiet,
    detail: `${changed - bad}/${changed} row(s) changed during faults arrived intact${quiet ? '' : ' (no quiescence)'}`,
  };
}
