// k6 exit codes (errext/exitcodes) — https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/
// and https://grafana.com/docs/k6/latest/javascript-api/k6-execution/ (test.abort / test.fail)
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';

describe.skipIf(!built)('exit codes (k6 errext/exitcodes)', () => {
  it('0 on success', () => {
    expect(run('cli-overrides.js').code).toBe(0);
  });

  it('99 when a threshold fails at the end', () => {
    const r = run('thresholds-fail.js');
    expect(r.code).toBe(99);
    expect(r.summary?.metrics.things.thresholds).toEqual({ 'count<2': { ok: false } });
  });

  it('107 for a syntax error, with file:line:column', () => {
    const r = run('syntax-error.js');
    expect(r.code).toBe(107);
    expect(r.stderr).toMatch(/syntax-error\.js:2:13/);
  });

  it('107 for an unknown module, naming it and listing the supported ones', () => {
    const r = run('unknown-module.js');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain("unknown module 'k6/x/does-not-exist'");
    expect(r.stderr).toContain('k6/x/sql');
    expect(r.stderr).toContain('https://jslib.k6.io/k6-utils/<version>/index.js');
  });

  it('unsupported k6 features fail loudly (k6/ws)', () => {
    const r = run('unsupported-module.js');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('not supported by the cdc-chaos runtime');
  });

  it.each([
    ['bad-executor-name.js', 'unknown executor'],
    ['bad-executor.js', 'externally-controlled'],
    ['negative-vus.js', "can't be negative"],
    ['bad-duration.js', '10 seconds'],
    ['conflicting-shortcuts.js', 'iterations and stages'],
    ['threshold-unknown-metric.js', 'no_such_metric'],
    ['cloud-options.js', 'not supported by the cdc-chaos runtime'],
    ['blocked-hosts-option.js', 'option \\"blockHostnames\\" is not supported by the cdc-chaos runtime'],
  ])('104 for invalid configuration: %s', (file, msg) => {
    const r = run(file);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain(msg);
  });

  it('108 after exec.test.abort(); teardown still runs', () => {
    const r = run('abort.js');
    expect(r.code).toBe(108);
    expect(r.stderr).toContain('test aborted: enough');
    expect(results(r)).toContain('teardown ran');
  });

  it('110 after exec.test.fail(); the run continues', () => {
    const r = run('mark-failed.js');
    expect(r.code).toBe(110);
    expect(r.stdout).toContain('iterations');
  });
});
