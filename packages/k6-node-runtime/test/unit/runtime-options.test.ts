// Options consolidation and executor schedule math (src/executors) — k6
// lib/executor/execution_config_shortcuts.go, ramping_vus.go, ramping_arrival_rate.go. With
// execution segments: runtime-execution-segment.test.ts.
import { describe, it, expect } from 'vitest';
import { consolidate, validateScenario, parseStageFlag } from '../../src/executors/options.js';
import { rampingVUSteps, vusAt, rampingArrivals } from '../../src/executors/schedule.js';
import { newExecutionTuple } from '../../src/executors/execution-segment.js';
import { envOptions } from '../../src/executors/option-sources.js';

const c = (script: Record<string, unknown>, env: Record<string, unknown> = {}, cli: Record<string, unknown> = {}) =>
  consolidate({ script, env, cli });

describe('execution shortcuts → scenarios', () => {
  it('nothing → per-vu-iterations 1×1', () => {
    expect(c({}).scenarios[0]).toMatchObject({ name: 'default', executor: 'per-vu-iterations', vus: 1, iterations: 1 });
  });
  it('iterations (+duration → maxDuration) → shared-iterations', () => {
    expect(c({ vus: 2, iterations: 10, duration: '5s' }).scenarios[0]).toMatchObject({
      executor: 'shared-iterations',
      vus: 2,
      iterations: 10,
      maxDurationMs: 5000,
    });
  });
  it('duration → constant-vus; stages → ramping-vus with vus as startVUs', () => {
    expect(c({ vus: 3, duration: '1m' }).scenarios[0]).toMatchObject({
      executor: 'constant-vus',
      vus: 3,
      durationMs: 60000,
    });
    expect(c({ vus: 2, stages: [{ duration: '10s', target: 5 }] }).scenarios[0]).toMatchObject({
      executor: 'ramping-vus',
      startVUs: 2,
    });
  });
  it("only vus, `stages: []` or `scenarios: {}` → per-vu-iterations 1×1 with k6's warning", () => {
    const onlyVus = c({ vus: 4 });
    expect(onlyVus.scenarios[0]).toMatchObject({ executor: 'per-vu-iterations', vus: 1, iterations: 1 });
    expect(onlyVus.warnings).toEqual([
      '`vus=4` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`',
    ]);
    expect(c({ vus: 1 }).warnings).toEqual([]);
    expect(c({ stages: [] }).scenarios[0]).toMatchObject({ name: 'default', executor: 'per-vu-iterations' });
    expect(c({ stages: [] }).warnings).toEqual([
      '`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU',
    ]);
    expect(c({ scenarios: {} }).scenarios[0]).toMatchObject({ name: 'default', executor: 'per-vu-iterations' });
    expect(c({ scenarios: {} }).warnings).toEqual([
      '`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU',
    ]);
  });
  it('a higher tier setting an execution option replaces all lower-tier execution settings', () => {
    const r = c({ scenarios: { a: { executor: 'constant-vus', vus: 1, duration: '1s' } } }, {}, { iterations: 3 });
    expect(r.scenarios.map((s) => s.name)).toEqual(['default']);
    expect(r.warnings.join()).toContain('overrode');
    expect(c({ duration: '1s' }, { K: 1 }, { vus: 5 }).scenarios[0].vus).toBe(5);
  });
  it('conflicting shortcuts in one tier are an error', () => {
    expect(() => c({ iterations: 1, stages: [{ duration: '1s', target: 1 }] })).toThrow(/iterations and stages/);
    // k6 counts stages only when there are some
    expect(c({ iterations: 1, stages: [] }).scenarios[0].executor).toBe('shared-iterations');
    expect(() => c({ duration: '1s', scenarios: {} })).toThrow(/scenarios/);
  });
  it('exec.test.options has scenarios, never the shortcuts', () => {
    const o = c({ vus: 2, duration: '3s', tags: { a: 1 } }).options;
    expect(o).toMatchObject({ scenarios: { default: { executor: 'constant-vus' } }, tags: { a: '1' } });
    expect(o.duration).toBeUndefined();
  });
});

describe('scenario validation (exit 104 errors)', () => {
  it.each([
    [{ executor: 'nope' }, /unknown executor/],
    [{ executor: 'constant-vus', vus: -1, duration: '1s' }, /negative/],
    [{ executor: 'constant-vus', vus: 1, duration: 'ten' }, /invalid duration/],
    [{ executor: 'constant-vus', vus: 1 }, /duration is unspecified/],
    // k6 lib/executor minDuration (1s), with k6's wording
    [{ executor: 'constant-vus', vus: 1, duration: '500ms' }, /the duration must be at least 1s, but is 500ms$/],
    [
      { executor: 'constant-arrival-rate', rate: 1, duration: 999, preAllocatedVUs: 1 },
      /the duration must be at least 1s, but is 999ms$/,
    ],
    [
      { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '0.5s' },
      /the maxDuration must be at least 1s, but is 500ms$/,
    ],
    [{ executor: 'shared-iterations', maxDuration: '0s' }, /the maxDuration must be at least 1s, but is 0s$/],
    [{ executor: 'shared-iterations', vus: 5, iterations: 2 }, /can't be less than the number of VUs/],
    [
      { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 3, maxVUs: 2 },
      /maxVUs can't be less/,
    ],
    [{ executor: 'ramping-vus', stages: [] }, /at least one stage/],
    [{ executor: 'constant-vus', vus: 1, duration: '1s', bogus: 1 }, /unknown option "bogus"/],
  ])('%j', (raw, re) => {
    expect(() => validateScenario('s', raw)).toThrow(re);
  });
  it('defaults: gracefulStop 30s, exec default, maxDuration 10m, timeUnit 1s, maxVUs = preAllocatedVUs', () => {
    expect(validateScenario('s', { executor: 'per-vu-iterations' })).toMatchObject({
      gracefulStopMs: 30000,
      exec: 'default',
      maxDurationMs: 600000,
    });
    expect(
      validateScenario('s', { executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 2 }),
    ).toMatchObject({ timeUnitMs: 1000, maxVUs: 2 });
  });
  it('numbers as durations are milliseconds (k6 JSON durations)', () => {
    expect(validateScenario('s', { executor: 'constant-vus', duration: 1500 }).durationMs).toBe(1500);
  });
  it('duration strings are k6 extended durations: days in front, or bare milliseconds (config_consolidation_test)', () => {
    const s = validateScenario('foo', { executor: 'constant-vus', vus: 2, duration: '1d', gracefulStop: '10000' });
    expect(s).toMatchObject({ durationMs: 86_400_000, gracefulStopMs: 10_000 });
    expect(c({ vus: 1, duration: '2d12h' }).scenarios[0]).toMatchObject({ durationMs: 216_000_000 });
    expect(() => validateScenario('s', { executor: 'constant-vus', duration: 'xd' })).toThrow(
      'strconv.ParseInt: parsing "x": invalid syntax',
    );
  });
});

describe('schedules', () => {
  const whole = newExecutionTuple(undefined, undefined);
  it('ramping-vus steps by whole VUs toward the target', () => {
    const steps = rampingVUSteps(
      0,
      [
        { durationMs: 10_000, target: 10 },
        { durationMs: 10_000, target: 0 },
      ],
      whole,
    );
    expect([0, 999, 1000, 5500, 10_000, 10_999, 11_000, 20_000].map((t) => vusAt(steps, t))).toEqual([
      0, 0, 1, 5, 10, 10, 9, 0,
    ]);
  });
  it('ramping arrival: iteration i starts when the integral of the linear rate reaches i + 1', () => {
    const starts = [...rampingArrivals(0, [{ durationMs: 2000, target: 20 }], 1000, whole.stripe())];
    // 0 → 20/s over 2 s: 20 in all, but the 20th falls exactly at the end, where k6 starts none
    expect(starts).toHaveLength(19);
    expect(starts[0]).toBeCloseTo(Math.sqrt(0.2) * 1000, 6);
    expect(starts[4]).toBe(1000);
  });
  it('--stage flag', () => {
    expect(parseStageFlag(['10s:5', '1m:0', '5s:1', '3s'])).toEqual([
      { duration: '10s', target: 5 },
      { duration: '1m', target: 0 },
      { duration: '5s', target: 1 },
      { duration: '3s', target: 0 },
    ]);
    expect(() => parseStageFlag(['10s:5', ':3'])).toThrow("stage 1 doesn't have a specified duration");
    expect(() => parseStageFlag(['1d:3'])).toThrow('error for stage 0: time: unknown unit "d" in duration "1d"');
    expect(() => parseStageFlag(['1s:x'])).toThrow('error for stage 0: strconv.ParseInt: parsing "x": invalid syntax');
  });
});

describe("K6_* variables as k6's envconfig reads them into lib.Options", () => {
  const bad = (env: Record<string, string>) => {
    try {
      envOptions(env);
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  it('converts each to its Go type; "" (and "null" for null.Bool/Int) leaves it unset', () => {
    expect(
      envOptions({
        K6_VUS: '+3',
        K6_ITERATIONS: 'null',
        K6_NO_SETUP: 'true',
        K6_THROW: 'false',
        K6_NO_TEARDOWN: '',
        K6_STAGES: '10s:5,1m,:2',
        K6_SETUP_TIMEOUT: '1d',
        K6_USER_AGENT: 'null',
        K6_SUMMARY_TREND_STATS: 'avg,p(99)',
        K6_TAGS: 'team:cdc',
      }),
    ).toEqual({
      vus: 3,
      noSetup: true,
      throw: false,
      stages: [{ duration: '10s', target: 5 }, { duration: '1m' }, { target: 2 }],
      setupTimeout: '1d',
      userAgent: 'null', // null.String: only "" is unset
      summaryTrendStats: ['avg', 'p(99)'],
      tags: { team: 'cdc' },
    });
  });
  it("fails with envconfig's ParseError, naming the Go field and type", () => {
    expect(bad({ K6_NO_SETUP: '1' })).toBe(
      "envconfig.Process: assigning K6_NO_SETUP to NoSetup: converting '1' to type null.Bool. details: invalid input:1",
    );
    expect(bad({ K6_VUS: '2.5' })).toBe(
      'envconfig.Process: assigning K6_VUS to VUs: converting \'2.5\' to type null.Int. details: strconv.ParseInt: parsing "2.5": invalid syntax',
    );
    expect(bad({ K6_MAX_REDIRECTS: '9223372036854775808' })).toContain('value out of range');
    expect(bad({ K6_DURATION: '10' })).toBe('accepted'); // extended durations: a bare number is milliseconds
    expect(bad({ K6_DURATION: '10x' })).toBe(
      'envconfig.Process: assigning K6_DURATION to Duration: converting \'10x\' to type types.NullDuration. details: time: unknown unit "x" in duration "10x"',
    );
    // lib.Stage takes a Go duration, not an extended one
    expect(bad({ K6_STAGES: '10s:1,1d:2' })).toBe(
      'envconfig.Process: assigning K6_STAGES to Stages: converting \'10s:1,1d:2\' to type []lib.Stage. details: time: unknown unit "d" in duration "1d"',
    );
  });
  it('paused and rps are refused from whichever tier wins, as their flags are; off values pass', () => {
    expect(() => c({ paused: true })).toThrow('option "paused" is not supported by the cdc-chaos runtime');
    expect(() => c({}, envOptions({ K6_RPS: '50' }))).toThrow('option "rps" is not supported by the cdc-chaos runtime');
    expect(() => c({ paused: true, rps: 5 }, envOptions({ K6_PAUSED: 'false' }), { rps: 0 })).not.toThrow();
    expect(c({ rps: 0 }).warnings).toEqual([]);
  });
  it('the variables of options that decide where requests go are refused as the script options are; "" is unset', () => {
    for (const [name, key] of [
      ['K6_BLOCK_HOSTNAMES', 'blockHostnames'],
      ['K6_BLACKLIST_IPS', 'blacklistIPs'],
      ['K6_HOSTS', 'hosts'],
      ['K6_TLSAUTH', 'tlsAuth'],
      ['K6_TLS_CIPHER_SUITES', 'tlsCipherSuites'],
      ['K6_LOCAL_IPS', 'localIPs'],
    ])
      expect(() => c({}, envOptions({ [name]: 'x' }))).toThrow(
        `option "${key}" is not supported by the cdc-chaos runtime`,
      );
    expect(() => c({}, envOptions({ K6_HOSTS: '', K6_DNS: 'ttl=1m' }))).not.toThrow();
  });
  it('K6_DNS is types.DNSConfig, as --dns (no "" exception: k6 refuses an empty one)', () => {
    expect(envOptions({ K6_DNS: 'ttl=1m,policy=any' })).toEqual({ dns: { ttl: '1m', policy: 'any' } });
    expect(bad({ K6_DNS: '' })).toBe(
      "envconfig.Process: assigning K6_DNS to DNS: converting '' to type types.DNSConfig. details: no value for key ",
    );
    expect(bad({ K6_DNS: 'select=nearest' })).toContain('details: nearest does not belong to DNSSelect values');
  });
  it('reports the first bad variable in lib.Options field order, as envconfig stops there', () => {
    expect(bad({ K6_DISCARD_RESPONSE_BODIES: 'yes', K6_ITERATIONS: 'x' })).toContain('assigning K6_ITERATIONS');
  });
});
