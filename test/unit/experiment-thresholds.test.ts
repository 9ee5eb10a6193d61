import { describe, expect, it } from 'vitest';
import { buildThresholds, parseDelivery, planRules, rulesJudgedOutsideK6 } from '../../src/experiment/thresholds.js';
import { shippedScenario } from './helpers-scenarios.js';

describe('threshold generation', () => {
  it('every acceptance criterion is a named threshold; integrity violations seen during the run abort it', () => {
    const t = buildThresholds(shippedScenario('mongodb-failure'), 'at-least-once', 1);
    for (const m of ['cdc_lost', 'cdc_stale', 'cdc_resurrected', 'cdc_phantom', 'cdc_duplicates'])
      expect(t[m]).toEqual(['count==0']);
    expect(t.cdc_out_of_order).toEqual([{ threshold: 'count==0', abortOnFail: true }]);
    expect(t.chaos_events_lost).toEqual(['count==0']);
    expect(t.chaos_verdict_incomplete).toEqual(['count==0']); // verification finished, every rule reported
    expect(t.cdc_verified).toBeUndefined(); // empty where an instance of a split run only loads
    expect(t.chaos_recovery_time).toEqual(['p(95)<60000']); // acceptance: the system recovers within 60 s
    expect(t['chaos_validation{rule:cdc_mongo_connected_gt_0_within_30s_after_recovery}']).toEqual(['rate==1']); // reconnect within 30 s
    expect(t.cdc_success_rate).toEqual(['rate>0.99']);
    expect(t.chaos_resilience_rate).toEqual(['rate>0.9']);
    expect(t.cdc_redeliveries).toBeUndefined();
  });

  it('every validation rule of the file becomes a named threshold', () => {
    const t = buildThresholds(shippedScenario('mongodb-failure'), 'at-least-once', 1);
    expect(
      Object.keys(t)
        .filter((k) => k.startsWith('chaos_validation'))
        .sort(),
    ).toEqual([
      'chaos_validation{rule:alert_cdcmongounreachable_fires_and_resolves_within_240s_after_crash}',
      'chaos_validation{rule:cdc_events_processed_total_increases_within_60s_after_recovery}',
      'chaos_validation{rule:cdc_mongo_connected_gt_0_within_30s_after_recovery}',
      'chaos_validation{rule:cdc_mongodb_healthy_within_30s_after_recovery}',
      'chaos_validation{rule:verify_event_processing}',
      'chaos_validation{rule:verify_no_duplicates_customers}',
    ]);
    expect(rulesJudgedOutsideK6(shippedScenario('mongodb-failure'), 1)).toHaveLength(6);
  });

  it('alert rules below their minimum time scale are skipped, visibly', () => {
    const s = shippedScenario('mongodb-failure');
    const t = buildThresholds(s, 'at-least-once', 0.1);
    expect(Object.keys(t).some((k) => k.includes('alert_'))).toBe(false);
    expect(rulesJudgedOutsideK6(s, 0.1)).toHaveLength(5);
    expect(planRules(s, 0.1).find((p) => p.rule.kind === 'alert')?.skipped).toMatch(/do not scale/);
  });

  it('k6 Trend rules bound the Trend directly', () => {
    const t = buildThresholds(shippedScenario('network-delay'), 'at-least-once', 1);
    expect(t.cdc_e2e_latency).toEqual(['p(95)<10000']);
    expect(t['chaos_validation{rule:cdc_events_processed_total_rate_gt_baseline_x0_9_after_recovery}']).toEqual([
      'rate==1',
    ]);
  });

  it('exactly-once forbids redeliveries; at-least-once allows them', () => {
    const s = shippedScenario('consumer-restart');
    expect(buildThresholds(s, 'exactly-once', 1).cdc_redeliveries).toEqual([
      { threshold: 'count==0', abortOnFail: true },
    ]);
    expect(buildThresholds(s, 'at-least-once', 1).cdc_redeliveries).toBeUndefined();
    expect(parseDelivery(undefined)).toBe('at-least-once');
    expect(() => parseDelivery('at-most-once')).toThrow(/CDC_DELIVERY/);
  });

  it("keeps the plan's own thresholds of the chaos-resilience test next to the defaults", () => {
    const t = buildThresholds(shippedScenario('chaos-resilience'), 'at-least-once', 1);
    expect(t.chaos_resilience_rate).toEqual(['rate>0.9', 'rate>0.90']);
    expect(t.chaos_recovery_time).toEqual(['p(95)<60000', 'p(95)<30000']);
    expect(t.cdc_success_rate).toEqual(['rate>0.99', 'rate>0.85']);
  });
});
