import { describe, expect, it } from 'vitest';
import { planFaults, undoAll } from '../../src/experiment/fault-plan.js';
import { loadStages } from '../../src/experiment/load-profile.js';
import { buildTimeline, phaseAt } from '../../src/experiment/timeline.js';
import { validateScenario } from '../../src/experiment/schema.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { shippedScenario } from './helpers-scenarios.js';

describe('phase timeline', () => {
  it('gives absolute phase offsets at scale 1 and scaled', () => {
    const s = shippedScenario('mongodb-failure');
    const t1 = buildTimeline(s, 1);
    expect(t1.phases.map((p) => [p.name, p.startMs, p.endMs])).toEqual([
      ['baseline', 0, 60_000],
      ['crash', 60_000, 60_000],
      ['outage', 60_000, 120_000],
      ['recovery', 120_000, 120_000],
      ['catchup', 120_000, 300_000],
    ]);
    expect(t1.totalMs).toBe(300_000);
    // The outage's min_duration (20s) holds it at 20 s of real time where 0.1 would make it 6 s.
    const t01 = buildTimeline(s, 0.1);
    expect(t01.totalMs).toBe(44_000);
    expect(t01.phases[2]).toMatchObject({ name: 'outage', startMs: 6000, endMs: 26_000, index: 3 });
    expect(phaseAt(t01, 7000).name).toBe('outage');
    expect(phaseAt(t01, 99_999).name).toBe('catchup');
    expect(buildTimeline(s, 0.5).phases[2]).toMatchObject({ startMs: 30_000, endMs: 60_000 });
  });

  it('consumer-crash-during-slow-writes: the span between the two kills and the latency are real time at any scale', () => {
    const plan = planFaults(shippedScenario('consumer-crash-during-slow-writes'), 0.1);
    expect(plan.faults.map((f) => [f.id, f.startMs, f.endMs])).toEqual([
      ['crash.0.kill.cdc-consumer', 6000, 21_000],
      ['slow_restart.1.netem.cdc-mongodb', 21_000, 41_000],
      ['crash_again.0.kill.cdc-consumer', 36_000, 41_000],
    ]);
    expect(plan.timeline.totalMs).toBe(53_000);
  });
});

describe('fault plan', () => {
  it('mongodb-failure: kill = docker stop at 60s, healed by the restart (stop+start) at 120s', () => {
    const plan = planFaults(shippedScenario('mongodb-failure'), 1);
    expect(plan.faults).toHaveLength(1);
    const f = plan.faults[0];
    expect(f).toMatchObject({ id: 'crash.0.kill.cdc-mongodb', startMs: 60_000, endMs: 120_000, healedBy: 'action' });
    expect(f.inject).toEqual([{ kind: 'container', op: 'stop', container: 'cdc-mongodb' }]);
    expect(f.heal).toEqual([
      { kind: 'container', op: 'stop', container: 'cdc-mongodb' },
      { kind: 'container', op: 'start', container: 'cdc-mongodb' },
    ]);
    expect(plan.steps.map((s) => [s.atMs, s.kind])).toEqual([
      [60_000, 'inject'],
      [120_000, 'heal'],
    ]);
  });

  it('kafka-partition: loss 100% = blackhole toxics on both streams of the consumer link only, for the scaled duration', () => {
    const plan = planFaults(shippedScenario('kafka-partition'), 0.1);
    const f = plan.faults[0];
    expect(f).toMatchObject({ startMs: 6000, endMs: 9000, healedBy: 'duration' });
    expect(f.inject).toHaveLength(2);
    for (const op of f.inject) {
      expect(op).toMatchObject({
        kind: 'toxic_add',
        proxy: 'consumer_kafka',
        toxic: { type: 'timeout', attributes: { timeout: 0 } },
      });
    }
    expect(f.heal.map((h) => h.kind)).toEqual(['toxic_remove', 'toxic_remove']);
  });

  it('network-delay: latency toxics on every proxy in front of the target; heals come before the next injections', () => {
    const plan = planFaults(shippedScenario('network-delay'), 1);
    const kafka = plan.faults.find((f) => f.id === 'delay_kafka.0.netem.cdc-kafka');
    expect(
      kafka?.inject.map((o) => (o.kind === 'toxic_add' ? [o.proxy, o.toxic.type, o.toxic.attributes] : null)),
    ).toEqual([
      ['consumer_kafka', 'latency', { latency: 200, jitter: 50 }],
      ['connect_kafka', 'latency', { latency: 200, jitter: 50 }],
    ]);
    const at180 = plan.steps.filter((s) => s.atMs === 180_000).map((s) => s.kind);
    expect(at180).toEqual(['heal', 'inject']);
    expect(plan.faults).toHaveLength(4);
    const names = new Set(
      plan.faults.flatMap((f) => f.inject.map((o) => (o.kind === 'toxic_add' ? `${o.proxy}/${o.toxic.name}` : ''))),
    );
    expect(names.size).toBe(6);
  });

  it('stress: stress-ng via docker exec with its own timeout, healed by pkill', () => {
    const plan = planFaults(shippedScenario('cpu-stress'), 0.1);
    const f = plan.faults[0];
    expect(f.inject).toEqual([
      {
        kind: 'exec',
        container: 'cdc-consumer',
        cmd: [
          'sh',
          '-c',
          'stress-ng --quiet --temp-path /dev/shm --cpu 2 --cpu-load 80 --timeout 6s >/dev/null 2>&1 &',
        ],
        undo: ['pkill', '-x', 'stress-ng'],
        process: 'stress',
      },
    ]);
    expect(f.heal).toEqual([{ kind: 'exec', container: 'cdc-consumer', cmd: ['pkill', '-x', 'stress-ng'] }]);
  });

  it('redeliver: an instantaneous exec of Kafka tools in the broker over the scaled window (50–20 s ago → 5–2 s), no heal step, undone by pkill', () => {
    const plan = planFaults(shippedScenario('late-redelivery'), 0.1);
    const [f] = plan.faults;
    expect(f).toMatchObject({ action: 'redeliver', target: 'cdc-kafka', startMs: 6_000, endMs: 6_000, heal: [] });
    const [op] = f.inject;
    if (op.kind !== 'exec') throw new Error('redeliver is an exec');
    expect(op.cmd.slice(0, 2)).toEqual(['sh', '-c']);
    // The window scales; both change topics by default; backgrounded so docker exec returns.
    expect(op.cmd[2]).toContain('since=$(( now - 5000 )); until=$(( now - 2000 ))');
    expect(op.cmd[2]).toContain('--time $until > $W.until');
    expect(op.what).toMatch(
      /re-publish the events between 5s and 2s ago on cdc\.public\.customers, cdc\.public\.orders/,
    );
    expect(op.cmd[2]).toContain("--topic '^(cdc\\.public\\.customers|cdc\\.public\\.orders)$'");
    expect(op.cmd[2]).toMatch(/> \/tmp\/cdc-chaos-redeliver\.log 2>&1 &$/);
    expect(op.undo).toEqual(['pkill', '-f', 'org.apache.kafka.tools.']);
    expect(op.process).toBe('redelivery');
    expect(plan.steps.map((s) => [s.kind, s.ops.length])).toEqual([
      ['inject', 1],
      ['heal', 0],
    ]);
    expect(undoAll(plan)).toEqual([
      { kind: 'exec', container: 'cdc-kafka', cmd: ['pkill', '-f', 'org.apache.kafka.tools.'] },
    ]);
  });

  it('redeliver witnesses: two rows first written a third into the window, changed again in the age before the action (scaled), none with age 0', () => {
    const w = (scale: number) =>
      planFaults(shippedScenario('late-redelivery'), scale).witnesses.map((x) => [x.atMs, x.row, x.op]);
    // Action at 6 s (60 s × 0.1); window 5–2 s before it (1–4 s): a third into it is 2 s, half the age 5 s.
    expect(w(0.1)).toEqual([
      [2_000, 'gone', 'insert'],
      [2_000, 'kept', 'insert'],
      [5_000, 'gone', 'delete'],
      [5_000, 'kept', 'update'],
    ]);
    expect(w(1).map((x) => x[0])).toEqual([20_000, 20_000, 50_000, 50_000]);
    expect(
      planFaults(shippedScenario('late-redelivery'), 1).witnesses.every(
        (x) => x.faultId === 'redeliver.0.redeliver.cdc-kafka',
      ),
    ).toBe(true);
    const redeliverAt = (firstMs: string, params: object): ScenarioSpec => {
      const r = validateScenario(
        {
          name: 'x',
          phases: [
            { name: 'a', duration: firstMs },
            { name: 'r', duration: '0s', actions: [{ type: 'redeliver', target: 'cdc-kafka', params }] },
            { name: 'b', duration: '30s' },
          ],
        },
        'x',
      );
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.scenario;
    };
    expect(planFaults(redeliverAt('60s', { window: '30s' }), 1).witnesses).toEqual([]);
    // A window reaching back before the run: its witnesses come at the run's start.
    const early = redeliverAt('10s', { window: '30s', age: '4s' });
    expect(planFaults(early, 1).witnesses.map((x) => x.atMs)).toEqual([0, 0, 8_000, 8_000]);
  });

  it('compound faults: each kill of the consumer healed by the next start of it, a latency toxic by its duration', () => {
    const plan = planFaults(shippedScenario('consumer-crash-during-slow-writes'), 1);
    expect(plan.faults.map((f) => [f.action, f.target, f.startMs, f.endMs])).toEqual([
      ['kill', 'cdc-consumer', 60_000, 75_000],
      ['netem', 'cdc-mongodb', 75_000, 95_000],
      ['kill', 'cdc-consumer', 90_000, 95_000],
    ]);
    expect(plan.faults[1].inject).toEqual([
      {
        kind: 'toxic_add',
        proxy: 'consumer_mongodb',
        toxic: expect.objectContaining({ type: 'latency', attributes: { latency: 2000, jitter: 0 } }),
      },
    ]);
  });

  it('connect-pause: pause healed by the later unpause', () => {
    const plan = planFaults(shippedScenario('connect-pause'), 1);
    expect(plan.faults).toHaveLength(1);
    expect(plan.faults[0]).toMatchObject({
      action: 'pause',
      startMs: 60_000,
      endMs: 90_000,
      heal: [{ kind: 'container', op: 'unpause', container: 'cdc-connect' }],
    });
  });

  it('chaos-resilience has no faults of its own', () => {
    expect(planFaults(shippedScenario('chaos-resilience'), 1).faults).toEqual([]);
  });

  it('undo-all covers every container, proxy and stress the plan can touch, idempotently', () => {
    expect(undoAll(planFaults(shippedScenario('mongodb-failure'), 1))).toEqual([
      { kind: 'container_ensure_running', container: 'cdc-mongodb' },
    ]);
    const net = undoAll(planFaults(shippedScenario('network-delay'), 1));
    expect(
      net
        .filter((o) => o.kind === 'proxy_enabled')
        .map((o) => (o as { proxy: string }).proxy)
        .sort(),
    ).toEqual(['connect_kafka', 'consumer_kafka', 'consumer_mongodb']);
    expect(net.filter((o) => o.kind === 'toxics_clear')).toHaveLength(3);
    expect(undoAll(planFaults(shippedScenario('memory-stress'), 1))).toEqual([
      { kind: 'exec', container: 'cdc-consumer', cmd: ['pkill', '-x', 'stress-ng'] },
    ]);
  });
});

describe('load profile', () => {
  it('ramps up over 10% of the baseline and holds to the end of the timeline', () => {
    const s = shippedScenario('mongodb-failure');
    expect(loadStages(s.load, buildTimeline(s, 1))).toEqual([
      { duration: '6s', target: 20 },
      { duration: '4m54s', target: 20 },
    ]);
    expect(loadStages(s.load, buildTimeline(s, 0.1), 4)).toEqual([
      { duration: '1s', target: 4 },
      { duration: '43s', target: 4 },
    ]);
  });
  it('keeps the plan stages of chaos-resilience, scaled', () => {
    const s = shippedScenario('chaos-resilience');
    expect(loadStages(s.load, buildTimeline(s, 0.1))).toEqual([
      { duration: '6s', target: 20 },
      { duration: '12s', target: 20 },
      { duration: '6s', target: 20 },
      { duration: '12s', target: 20 },
      { duration: '6s', target: 0 },
    ]);
  });
});
