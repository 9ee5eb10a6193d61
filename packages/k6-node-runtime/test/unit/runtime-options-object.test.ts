// exec.test.options (src/executors/options-object.ts over consolidate's options) against k6 v1.8.1's own expectations:
// internal/cmd/tests/cmd_run_test.go TestExecutionTestOptionsDefaultValues, internal/js/modules/k6/execution/
// execution_test.go TestOptionsTestFull, and what k6 marshals for the common shapes, key order included.
// Through a real run: test/conformance/modules.test.ts.
import { describe, it, expect } from 'vitest';
import { consolidate } from '../../src/executors/options.js';
import { cliOptions, type CliExecFlags } from '../../src/executors/option-sources.js';
import { optionsObject } from '../../src/executors/options-object.js';
import { K6_NAMED_SCENARIO, K6_NO_OPTIONS, K6_VUS_DURATION } from '../fixtures/k6-test-options.js';

const noFlags: CliExecFlags = { noThresholds: false, noSetup: false, noTeardown: false };
const testOptions = (script: Record<string, unknown>, flags: Partial<CliExecFlags> = {}) =>
  optionsObject(consolidate({ script, env: {}, cli: cliOptions({ ...noFlags, ...flags }) }).options);
const json = (o: unknown): unknown => JSON.parse(JSON.stringify(o));
/** BaseConfig's fields after `executor`, none set */
const unsetBase = { startTime: null, gracefulStop: null, env: null, exec: null, tags: null };

// k6 prints JSON.stringify(exec.test.options) for `k6 run --iterations 1` and compares it with assert.JSONEq
const K6_DEFAULT_VALUES = `{"paused":null,"executionSegment":null,"executionSegmentSequence":null,"noSetup":null,"setupTimeout":null,"noTeardown":null,"teardownTimeout":null,"rps":null,"dns":{"ttl":null,"select":null,"policy":null},"maxRedirects":null,"userAgent":null,"batch":null,"batchPerHost":null,"httpDebug":null,"insecureSkipTLSVerify":null,"tlsCipherSuites":null,"tlsVersion":null,"tlsAuth":null,"throw":null,"thresholds":null,"blacklistIPs":null,"blockHostnames":null,"hosts":null,"noConnectionReuse":null,"noVUConnectionReuse":null,"minIterationDuration":null,"ext":null,"summaryTrendStats":["avg", "min", "med", "max", "p(90)", "p(95)"],"summaryTimeUnit":null,"systemTags":["check","error","error_code","expected_response","group","method","name","proto","scenario","service","status","subproto","tls_version","url"],"tags":null,"metricSamplesBufferSize":null,"noCookiesReset":null,"discardResponseBodies":null,"consoleOutput":null,"scenarios":{"default":{"vus":null,"iterations":1,"executor":"shared-iterations","maxDuration":null,"startTime":null,"env":null,"tags":null,"gracefulStop":null,"exec":null}},"localIPs":null}`;

// k6's expected object for a fully populated lib.Options (JSONEq; its `tags` key appears twice, the last one counts)
const K6_FULL = `{"paused":true,"scenarios":{"const-vus":{"executor":"constant-vus","options":{"browser":{"someOption":true}},"startTime":"10s","gracefulStop":"30s","env":{"FOO":"bar"},"exec":"default","tags":{"tagkey":"tagvalue"},"vus":50,"duration":"10m0s"}},"executionSegment":"0:1/4","executionSegmentSequence":"0,1/4,1/2,1","noSetup":true,"setupTimeout":"1m0s","noTeardown":true,"teardownTimeout":"5m0s","rps":100,"dns":{"ttl":"1m","select":"roundRobin","policy":"any"},"maxRedirects":3,"userAgent":"k6-user-agent","batch":15,"batchPerHost":5,"httpDebug":"full","insecureSkipTLSVerify":true,"tlsCipherSuites":["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],"tlsVersion":{"min":"tls1.2","max":"tls1.3"},"tlsAuth":[{"domains":["example.com"],"cert":"mycert.pem","key":"mycert-key.pem","password":"mypwd"}],"throw":true,"thresholds":{"http_req_duration":[{"threshold":"rate>0.01","abortOnFail":true,"delayAbortEval":"10s"}]},"blacklistIPs":["192.0.2.0/24"],"blockHostnames":["test.k6.io","*.example.com"],"hosts":{"test.k6.io":"1.2.3.4:8443"},"noConnectionReuse":true,"noVUConnectionReuse":true,"minIterationDuration":"10s","ext":{"ext-one":{"rawkey":"rawvalue"}},"summaryTrendStats":["avg","min","max"],"summaryTimeUnit":"ms","systemTags":["iter","vu"],"tags":null,"metricSamplesBufferSize":8,"noCookiesReset":true,"discardResponseBodies":true,"consoleOutput":"loadtest.log","tags":{"runtag-key":"runtag-value"},"localIPs":"192.168.20.12-192.168.20.15,192.168.10.0/27"}`;

describe('exec.test.options: k6 v1.8.1 tests', () => {
  it('TestExecutionTestOptionsDefaultValues: `k6 run --iterations 1`', () => {
    expect(json(testOptions({}, { iterations: 1 }))).toEqual(JSON.parse(K6_DEFAULT_VALUES));
  });

  it('TestOptionsTestFull, as far as this runtime can express it', () => {
    const o = testOptions(
      {
        scenarios: {
          'const-vus': {
            executor: 'constant-vus',
            startTime: '10s',
            gracefulStop: '30s',
            env: { FOO: 'bar' },
            exec: 'default',
            tags: { tagkey: 'tagvalue' },
            vus: 50,
            duration: '10m',
          },
        },
        executionSegment: '0:1/4',
        executionSegmentSequence: '0,1/4,1/2,1',
        noSetup: true,
        setupTimeout: '1m',
        noTeardown: true,
        teardownTimeout: '5m',
        maxRedirects: 3,
        userAgent: 'k6-user-agent',
        batch: 15,
        batchPerHost: 5,
        httpDebug: 'full',
        insecureSkipTLSVerify: true,
        throw: true,
        thresholds: { http_req_duration: [{ threshold: 'rate>0.01', abortOnFail: true, delayAbortEval: '10s' }] },
        noConnectionReuse: true,
        noVUConnectionReuse: true,
        minIterationDuration: '10s',
        ext: { 'ext-one': { rawkey: 'rawvalue' } },
        summaryTrendStats: ['avg', 'min', 'max'],
        summaryTimeUnit: 'ms',
        systemTags: ['vu', 'iter'],
        tags: { 'runtag-key': 'runtag-value' },
        metricSamplesBufferSize: 8,
        noCookiesReset: true,
        discardResponseBodies: true,
        // k6's test sets VUs too (with iterations, duration and stages, which consolidation refuses next to
        // scenarios): none of them shows
        vus: 50,
        // only the command line sets it: a script's is ignored
        consoleOutput: 'from-the-script.log',
      },
      // as --dns ttl=1m,select=roundRobin,policy=any --console-output loadtest.log give them
      { options: { dns: { ttl: '1m', select: 'roundRobin', policy: 'any' }, consoleOutput: 'loadtest.log' } },
    );
    const k6 = JSON.parse(K6_FULL) as Record<string, unknown> & { scenarios: Record<string, Record<string, unknown>> };
    // Scenario options (browser), tlsCipherSuites, tlsVersion, tlsAuth, blacklistIPs, blockHostnames, hosts and
    // localIPs are refused (exit 104, docs/runtime.md), so a run that gets this far has them unset; so are
    // paused: true and rps > 0
    delete k6.scenarios['const-vus'].options;
    const expected = {
      ...k6,
      paused: null,
      rps: null,
      tlsCipherSuites: null,
      tlsVersion: null,
      tlsAuth: null,
      blacklistIPs: null,
      blockHostnames: null,
      hosts: null,
      localIPs: null,
    };
    expect(json(o)).toEqual(expected);
    for (const refused of ['tlsCipherSuites', 'tlsVersion', 'tlsAuth', 'blacklistIPs', 'blockHostnames', 'hosts'])
      expect(() => testOptions({ [refused]: [] })).toThrow(`option "${refused}" is not supported`);
    expect(() => testOptions({ paused: true })).toThrow('option "paused" is not supported');
    expect(() => testOptions({ rps: 100 })).toThrow('option "rps" is not supported');
    expect(() => testOptions({ scenarios: { s: { executor: 'per-vu-iterations', options: {} } } })).toThrow(
      /scenario "options" \(browser\) are not supported/,
    );
  });
});

describe('exec.test.options: the shape k6 marshals, key order included', () => {
  it('no options: the per-vu-iterations default with every field unset', () => {
    expect(JSON.stringify(testOptions({}))).toBe(K6_NO_OPTIONS);
  });
  it('{vus: 2, duration: "3s"}: only inside the derived constant-vus scenario', () => {
    expect(JSON.stringify(testOptions({ vus: 2, duration: '3s' }))).toBe(K6_VUS_DURATION);
  });
  it('a named constant-vus scenario with exec and tags; gracefulStop stays null though 30s is in effect', () => {
    const o = testOptions({
      scenarios: { s1: { executor: 'constant-vus', vus: 2, duration: '30s', exec: 'run', tags: { k: 'v' } } },
    });
    expect(JSON.stringify(o)).toBe(K6_NAMED_SCENARIO);
  });

  it("each executor's fields in its struct order, unset ones null; scenarios sorted by name", () => {
    const o = testOptions({
      scenarios: {
        z: { executor: 'ramping-vus', stages: [{ duration: '1m', target: 3 }, { target: 0 }] },
        b: { executor: 'ramping-arrival-rate', preAllocatedVUs: 2, stages: [{ duration: 1500, target: 10 }] },
        a: { executor: 'constant-arrival-rate', rate: 5, duration: '2m', preAllocatedVUs: 1, env: { Y: '1', X: '2' } },
        m: { executor: 'shared-iterations', iterations: 3, maxDuration: '90s', gracefulStop: '0s' },
      },
    });
    const sc = o.scenarios as Record<string, Record<string, unknown>>;
    expect(Object.keys(sc)).toEqual(['a', 'b', 'm', 'z']);
    expect(JSON.stringify(sc.z)).toBe(
      JSON.stringify({
        executor: 'ramping-vus',
        ...unsetBase,
        startVUs: null,
        stages: [
          { duration: '1m0s', target: 3 },
          { duration: null, target: 0 },
        ],
        gracefulRampDown: null,
      }),
    );
    expect(JSON.stringify(sc.b)).toBe(
      JSON.stringify({
        executor: 'ramping-arrival-rate',
        ...unsetBase,
        startRate: null,
        timeUnit: null,
        stages: [{ duration: '1.5s', target: 10 }],
        preAllocatedVUs: 2,
        maxVUs: null,
      }),
    );
    expect(JSON.stringify(sc.a)).toBe(
      JSON.stringify({
        executor: 'constant-arrival-rate',
        ...unsetBase,
        env: { X: '2', Y: '1' },
        rate: 5,
        timeUnit: null,
        duration: '2m0s',
        preAllocatedVUs: 1,
        maxVUs: null,
      }),
    );
    expect(JSON.stringify(sc.m)).toBe(
      JSON.stringify({
        executor: 'shared-iterations',
        ...unsetBase,
        gracefulStop: '0s',
        vus: null,
        iterations: 3,
        maxDuration: '1m30s',
      }),
    );
  });

  it('the shortcuts become the default scenario; command-line --vus/--duration show only there', () => {
    expect(testOptions({}, { vus: 5, duration: '10s' }).scenarios).toEqual({
      default: { ...unsetBase, executor: 'constant-vus', vus: 5, duration: '10s' },
    });
    expect(testOptions({ duration: '1m' }).scenarios).toEqual({
      default: { ...unsetBase, executor: 'constant-vus', vus: null, duration: '1m0s' },
    });
    expect(testOptions({ iterations: 4, duration: '1h' }).scenarios).toEqual({
      default: { ...unsetBase, executor: 'shared-iterations', vus: null, iterations: 4, maxDuration: '1h0m0s' },
    });
    expect(testOptions({ vus: 2, stages: [{ duration: '30s', target: 5 }] }).scenarios).toEqual({
      default: {
        ...unsetBase,
        executor: 'ramping-vus',
        startVUs: 2,
        stages: [{ duration: '30s', target: 5 }],
        gracefulRampDown: null,
      },
    });
    // k6 ignores vus without iterations, duration or stages (with a warning)
    expect(testOptions({ vus: 4 }).scenarios).toEqual({
      default: { ...unsetBase, executor: 'per-vu-iterations', vus: null, iterations: null, maxDuration: null },
    });
    const o = testOptions({ vus: 2, duration: '3s' });
    for (const k of ['vus', 'duration', 'iterations', 'stages', 'cloud']) expect(o).not.toHaveProperty(k);
  });

  it('durations as Go prints them: "1m0s", "500ms", a number as milliseconds', () => {
    const o = testOptions({ setupTimeout: '1m', teardownTimeout: 3000, minIterationDuration: '0.5s' });
    expect([o.setupTimeout, o.teardownTimeout, o.minIterationDuration]).toEqual(['1m0s', '3s', '500ms']);
  });

  it('thresholds: a plain string unless abortOnFail, metrics sorted', () => {
    const o = testOptions({
      thresholds: {
        http_reqs: ['count>1', { threshold: 'rate>1', abortOnFail: false, delayAbortEval: '5s' }],
        checks: [{ threshold: 'rate>0.9', abortOnFail: true }],
      },
    });
    expect(JSON.stringify(o.thresholds)).toBe(
      '{"checks":[{"threshold":"rate>0.9","abortOnFail":true,"delayAbortEval":null}],"http_reqs":["count>1","rate>1"]}',
    );
    expect(testOptions({ thresholds: {} }).thresholds).toEqual({});
  });

  it('systemTags: sorted, known names once; an empty set is null. summaryTrendStats as given', () => {
    const o = testOptions({ systemTags: ['url', 'vu', 'nonsense', 'url', 'iter'], summaryTrendStats: [] });
    expect(o.systemTags).toEqual(['iter', 'url', 'vu']);
    expect(o.summaryTrendStats).toEqual([]);
    expect(testOptions({ systemTags: [] }).systemTags).toBeNull();
  });

  it("tags: the script's, or the command line's instead; `{}` is null", () => {
    expect(testOptions({ tags: { b: 1, a: 'x' } }).tags).toEqual({ a: 'x', b: '1' });
    expect(testOptions({ tags: { b: '1' } }, { tags: { cli: 'y' } }).tags).toEqual({ cli: 'y' });
    expect(testOptions({ tags: {} }).tags).toBeNull();
  });

  it('dns: only the fields the command line named; ext as given', () => {
    expect(testOptions({}, { options: { dns: { ttl: '5' } } }).dns).toEqual({ ttl: '5', select: null, policy: null });
    expect(testOptions({ ext: { b: { z: 1, y: [2] }, a: 'v' } }).ext).toEqual({ a: 'v', b: { z: 1, y: [2] } });
  });
});
