import { describe, expect, it } from 'vitest';
import { parsePromText, aggregate } from '../../src/experiment/prom-text.js';
import {
  decideRule,
  evaluateRule,
  increase,
  MIN_REACH_WINDOW_MS,
  observationEndMs,
  observed,
  ruleWindow,
  type Sample,
} from '../../src/experiment/rules.js';
import type { AlertRule, ContainerRule, MetricRule } from '../../src/experiment/scenario.js';
import { planRules } from '../../src/experiment/thresholds.js';
import { buildTimeline } from '../../src/experiment/timeline.js';
import { shippedScenario } from './helpers-scenarios.js';

const series = (pairs: [number, number][]): Sample[] => pairs.map(([t, v]) => ({ t, v }));

describe('rule windows', () => {
  it('after_phase = from the end of the phase for `within`; last phase = the phase itself', () => {
    const s = shippedScenario('mongodb-failure');
    const t = buildTimeline(s, 1);
    expect(ruleWindow(s.validation[0], t)).toEqual({ startMs: 120_000, endMs: 150_000 });
    const nd = shippedScenario('network-delay');
    const tn = buildTimeline(nd, 1);
    expect(ruleWindow(nd.validation[2], tn)).toEqual({ startMs: 420_000, endMs: 480_000 });
    expect(ruleWindow(nd.validation[1], tn)).toEqual({ startMs: 0, endMs: 480_000 });
  });
  it('a rule one sample passes, without `within`, looks at least 60 s of real time at any scale', () => {
    const s = shippedScenario('kafka-partition');
    const rule = s.validation[1] as MetricRule; // cdc_events_processed_total increases after_phase: recovery (last)
    expect(ruleWindow(rule, buildTimeline(s, 1))).toEqual({ startMs: 90_000, endMs: 210_000 }); // the phase itself
    const t = buildTimeline(s, 0.1);
    const w = ruleWindow(rule, t);
    expect(w).toEqual({ startMs: 9_000, endMs: 9_000 + MIN_REACH_WINDOW_MS }); // not the 12 s phase
    // Decided at the sample that passes it, so a passing run is not longer.
    const rising = series([
      [9_500, 100],
      [24_000, 100],
      [25_000, 130],
    ]);
    expect(decideRule(rule, t, () => rising, 24_500)).toBeUndefined();
    expect(decideRule(rule, t, () => rising, 25_000)?.pass).toBe(true);
    // A rule that must hold at every sample keeps its scaled window (network-delay: e2e latency p95 lt 10000).
    const nd = shippedScenario('network-delay');
    const tn = buildTimeline(nd, 0.1);
    expect(ruleWindow(nd.validation[0], tn)).toEqual({ startMs: 0, endMs: tn.totalMs });
  });

  it('observation lasts until every window closes (windows are real time, never scaled)', () => {
    const s = shippedScenario('kafka-partition');
    const t = buildTimeline(s, 0.1);
    expect(t.totalMs).toBe(21_000);
    expect(observationEndMs(s.validation, t)).toBe(9000 + 120_000);
  });
  it('a skipped alert rule does not keep the probes observing', () => {
    const s = shippedScenario('mongodb-failure');
    const t = buildTimeline(s, 0.1);
    expect(observationEndMs(s.validation, t)).toBe(6000 + 240_000);
    const judged = planRules(s, 0.1)
      .filter((p) => !p.skipped)
      .map((p) => p.rule);
    expect(observationEndMs(judged, t)).toBe(26_000 + 60_000);
  });
});

describe('rule evaluation', () => {
  const s = shippedScenario('mongodb-failure');
  const t = buildTimeline(s, 1);
  const healthy = s.validation[0] as ContainerRule;
  const processed = s.validation[1] as MetricRule;

  it('container healthy within 30s after recovery', () => {
    const ok = evaluateRule(healthy, t, () =>
      series([
        [119_000, 0],
        [121_000, 0],
        [133_000, 1],
      ]),
    );
    expect(ok).toMatchObject({ pass: true, observed: 13_000 });
    expect(
      evaluateRule(healthy, t, () =>
        series([
          [121_000, 0],
          [149_000, 0],
          [160_000, 1],
        ]),
      ).pass,
    ).toBe(false);
    expect(evaluateRule(healthy, t, () => []).detail).toMatch(/no health observation/);
  });

  it('increases tolerates counter resets (the consumer restarted)', () => {
    expect(
      increase(
        series([
          [0, 10],
          [1, 15],
          [2, 3],
          [3, 8],
        ]),
      ),
    ).toBe(5 + 3 + 5);
    expect(
      evaluateRule(processed, t, () =>
        series([
          [121_000, 100],
          [130_000, 100],
        ]),
      ).pass,
    ).toBe(false);
    expect(
      evaluateRule(processed, t, () =>
        series([
          [121_000, 100],
          [130_000, 2],
        ]),
      ).pass,
    ).toBe(true);
  });

  it('gt within = reached at some point; without within = at every sample', () => {
    const kp = shippedScenario('kafka-partition');
    const tk = buildTimeline(kp, 1);
    const conn = kp.validation[0] as MetricRule;
    expect(
      evaluateRule(conn, tk, () =>
        series([
          [90_000, 0],
          [100_000, 0],
          [130_000, 1],
        ]),
      ).pass,
    ).toBe(true);
    expect(
      evaluateRule(conn, tk, () =>
        series([
          [90_000, 0],
          [149_000, 0],
        ]),
      ).pass,
    ).toBe(false);
    const always: MetricRule = { ...conn, withinMs: undefined, afterPhase: undefined, id: 'x' };
    expect(
      evaluateRule(always, tk, () =>
        series([
          [1, 1],
          [2, 0],
          [3, 1],
        ]),
      ).pass,
    ).toBe(false);
  });

  it('decreasing: ends below its peak or at zero', () => {
    const cr = shippedScenario('consumer-restart');
    const tc = buildTimeline(cr, 1);
    const lag = cr.validation[1] as MetricRule;
    expect(
      evaluateRule(lag, tc, () =>
        series([
          [91_000, 800],
          [100_000, 1200],
          [140_000, 40],
        ]),
      ).pass,
    ).toBe(true);
    expect(
      evaluateRule(lag, tc, () =>
        series([
          [91_000, 0],
          [140_000, 0],
        ]),
      ).pass,
    ).toBe(true);
    expect(
      evaluateRule(lag, tc, () =>
        series([
          [91_000, 100],
          [140_000, 900],
        ]),
      ).pass,
    ).toBe(false);
  });

  it('rate_lt on failed events = error ratio; rate_gt against the baseline rate', () => {
    const nd = shippedScenario('network-delay');
    const tn = buildTimeline(nd, 1);
    const errors = nd.validation[1] as MetricRule;
    const throughput = nd.validation[2] as MetricRule;
    const processedSeries = series([
      [0, 0],
      [60_000, 6000],
      [420_000, 40_000],
      [480_000, 46_000],
    ]);
    const of = (failed: [number, number][]) => (name: string) =>
      name.indexOf('failed') >= 0 ? series(failed) : processedSeries;
    expect(
      evaluateRule(
        errors,
        tn,
        of([
          [0, 0],
          [480_000, 10],
        ]),
      ).pass,
    ).toBe(true);
    expect(
      evaluateRule(
        errors,
        tn,
        of([
          [0, 0],
          [480_000, 1000],
        ]),
      ).pass,
    ).toBe(false);
    expect(evaluateRule(throughput, tn, of([])).pass).toBe(true); // 100/s vs baseline 100/s × 0.9
    const slow = () =>
      series([
        [0, 0],
        [60_000, 6000],
        [420_000, 40_000],
        [480_000, 44_000],
      ]);
    expect(evaluateRule(throughput, tn, slow).pass).toBe(false); // 66/s < 90/s
  });

  it('alerts must fire in the fault window and resolve by its end', () => {
    const alert = s.validation[4] as AlertRule;
    expect(
      evaluateRule(alert, t, () =>
        series([
          [50_000, 0],
          [70_000, 1],
          [130_000, 0],
        ]),
      ).pass,
    ).toBe(true);
    expect(
      evaluateRule(alert, t, () =>
        series([
          [70_000, 0],
          [130_000, 0],
        ]),
      ).detail,
    ).toMatch(/never fired/);
    expect(
      evaluateRule(alert, t, () =>
        series([
          [70_000, 1],
          [290_000, 1],
        ]),
      ).pass,
    ).toBe(false);
  });
});

describe('deciding a rule before its window closes', () => {
  const s = shippedScenario('mongodb-failure');
  const t = buildTimeline(s, 1);
  const healthy = s.validation[0] as ContainerRule; // healthy within 30s after recovery: [120s, 150s]
  const processed = s.validation[1] as MetricRule; // increases within 60s after recovery: [120s, 180s]
  const kp = shippedScenario('kafka-partition');
  const tk = buildTimeline(kp, 1);
  const always: MetricRule = {
    ...(kp.validation[0] as MetricRule),
    withinMs: undefined,
    afterPhase: undefined,
    id: 'always',
  }; // gt 0 at every sample

  it('a "reached within" rule is decided (pass) at the first sample that reaches it, with the result the full window gives', () => {
    const seen = series([
      [121_000, 0],
      [124_000, 1],
    ]);
    expect(decideRule(healthy, t, () => seen, 123_000)).toBeUndefined();
    const early = decideRule(healthy, t, () => seen, 124_500);
    expect(early).toMatchObject({ pass: true, observed: 4000 });
    expect(early?.observed).toBe(evaluateRule(healthy, t, () => seen.concat(series([[140_000, 1]]))).observed);
    expect(
      decideRule(
        processed,
        t,
        () =>
          series([
            [121_000, 100],
            [125_000, 130],
          ]),
        126_000,
      ),
    ).toMatchObject({ pass: true, observed: 30 });
  });

  it('a "reached within" rule never reached is decided only when its window ends, as a fail', () => {
    const flat = series([
      [121_000, 0],
      [135_000, 0],
      [149_000, 0],
    ]);
    expect(decideRule(healthy, t, () => flat, 149_500)).toBeUndefined();
    expect(decideRule(healthy, t, () => flat, 150_000)).toMatchObject({ pass: false });
    expect(
      decideRule(
        processed,
        t,
        () =>
          series([
            [121_000, 100],
            [179_000, 100],
          ]),
        179_999,
      ),
    ).toBeUndefined();
    expect(
      decideRule(
        processed,
        t,
        () =>
          series([
            [121_000, 100],
            [179_000, 100],
          ]),
        180_000,
      )?.pass,
    ).toBe(false);
  });

  it('a "holds at every sample" rule passes only at its end, and is decided fail at the sample that breaks it', () => {
    const holding = series([
      [1000, 1],
      [60_000, 2],
      [100_000, 1],
    ]);
    expect(decideRule(always, tk, () => holding, 100_500)).toBeUndefined();
    const end = ruleWindow(always, tk).endMs;
    expect(decideRule(always, tk, () => holding, end)).toMatchObject({ pass: true });
    const breaks = holding.concat(series([[101_000, 0]]));
    expect(decideRule(always, tk, () => breaks, 101_500)).toMatchObject({ pass: false, observed: 0 });
    expect(decideRule(always, tk, () => breaks.concat(series([[102_000, 1]])), end)?.pass).toBe(false);
  });

  it('no sample yet decides nothing before the window ends; outcomes that can still flip wait for it', () => {
    expect(decideRule(always, tk, () => [], 50_000)).toBeUndefined();
    expect(decideRule(healthy, t, () => [], 140_000)).toBeUndefined();
    expect(decideRule(healthy, t, () => series([[119_000, 1]]), 119_500)).toBeUndefined(); // window not open yet
    const cr = shippedScenario('consumer-restart');
    const tc = buildTimeline(cr, 1);
    const lag = cr.validation[1] as MetricRule; // decreasing: a later sample can undo "below its peak"
    const w = ruleWindow(lag, tc);
    const falling = series([
      [w.startMs + 1000, 800],
      [w.startMs + 2000, 40],
    ]);
    expect(decideRule(lag, tc, () => falling, w.startMs + 3000)).toBeUndefined();
    expect(decideRule(lag, tc, () => falling, w.endMs)?.pass).toBe(true);
  });

  it('an alert that must fire and resolve is decided only at its window end', () => {
    const alert = s.validation[4] as AlertRule;
    const w = ruleWindow(alert, t);
    const resolvedOnce = series([
      [70_000, 1],
      [130_000, 0],
    ]);
    expect(decideRule(alert, t, () => resolvedOnce, 131_000)).toBeUndefined();
    expect(decideRule(alert, t, () => resolvedOnce, w.endMs)?.pass).toBe(true);
  });
});

describe('prometheus text', () => {
  it('parses the consumer exposition and aggregates label sets', () => {
    const text =
      '# HELP x\n# TYPE cdc_consumer_lag gauge\ncdc_consumer_lag{topic="cdc.public.customers",partition="0"} 12\ncdc_consumer_lag{topic="cdc.public.orders",partition="0"} 30\ncdc_events_processed_total 1.5e3\nbad line\n';
    const samples = parsePromText(text);
    expect(aggregate(samples, 'cdc_consumer_lag', 'sum')).toBe(42);
    expect(aggregate(samples, 'cdc_consumer_lag', 'max')).toBe(30);
    expect(aggregate(samples, 'cdc_events_processed_total', 'sum')).toBe(1500);
    expect(aggregate(samples, 'absent', 'sum')).toBeNull();
    expect(samples[0].labels).toEqual({ topic: 'cdc.public.customers', partition: '0' });
    expect(aggregate(samples, 'cdc_consumer_lag', 'sum', (l) => l.topic === 'cdc.public.orders')).toBe(30);
  });
});

describe('a rule never observed is not measured', () => {
  it('observed() needs one sample of its source inside its window, up to when the probes stopped', () => {
    const s = shippedScenario('kafka-connection-loss');
    const t = buildTimeline(s, 0.1);
    const rule = s.validation[0] as MetricRule; // kafka_consumer_connection_count gt 0 within 60s after refused
    const w = ruleWindow(rule, t);
    const of = (samples: Sample[]) => (name: string) =>
      name === 'metric:kafka_consumergroup_members:sum' ? samples : [];
    expect(observed(rule, t, of([]), w.endMs)).toBe(false);
    // Before the window only: not observed; inside it: observed; inside but after the probes stopped: impossible.
    expect(observed(rule, t, of(series([[w.startMs - 1, 1]])), w.endMs)).toBe(false);
    expect(observed(rule, t, of(series([[w.startMs + 5, 0]])), w.endMs)).toBe(true);
    expect(observed(rule, t, of(series([[w.startMs + 5, 1]])), w.startMs + 1)).toBe(false);
    // The same rule without data is a failed result: the probe reports it unknown instead.
    expect(evaluateRule(rule, t, of([])).pass).toBe(false);
  });
});
