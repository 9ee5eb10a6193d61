// More k6 behaviour — each case names its doc page.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, results, built, bin, script } from './helpers.js';

describe.skipIf(!built)('more k6 behaviour', () => {
  // https://grafana.com/docs/k6/latest/using-k6/tags-and-groups/
  it('tag precedence: test < scenario < VU tags < group < call tags', () => {
    const r = run('vu-tags.js');
    expect(r.code).toBe(0);
    for (const [k, v] of Object.entries(r.summary!.metrics))
      if (v.thresholds) for (const [e, t] of Object.entries(v.thresholds)) expect(t.ok, `${k} ${e}`).toBe(true);
  });

  // https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/#setup-timeout
  it('setupTimeout → exit 100; teardownTimeout → exit 101', () => {
    const s = run('timeouts-setup.js');
    expect(s.code).toBe(100);
    expect(s.stderr).toContain('setup() execution timed out after 1 seconds');
    const t = run('timeouts-teardown.js');
    expect(t.code).toBe(101);
    expect(t.stderr).toContain('teardown() execution timed out');
  });

  // https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/ramping-vus/ (gracefulRampDown)
  it('gracefulRampDown interrupts the iteration of a VU removed by the ramp', () => {
    const r = run('ramp-down.js');
    expect(r.code).toBe(0);
    const m = r.summary!.metrics;
    expect(m.long_started.values.count).toBe(1);
    // only VU 1's short iterations completed; VU 2's 30 s one was interrupted
    expect(m.iteration_duration.values.max).toBeLessThan(30_000);
  });

  // https://grafana.com/docs/k6/latest/javascript-api/k6-data/sharedarray/ , k6-encoding, k6/randomseed, k6-execution
  it('k6/data SharedArray, k6/encoding, randomSeed, exec.instance', () => {
    const r = run('misc-modules.js');
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([
      {
        len: 2,
        a0: 1,
        frozen: true,
        b64: 'aGVsbG8/',
        url: 'aGVsbG8_',
        dec: 'hello?',
        seeded: true,
        completedBefore: 0,
        vusInit: 1,
      },
    ]);
  });

  // https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/#throw
  it('throw: true turns metric add() warnings into exceptions', () => {
    const r = run('throw.js', ['-e', 'THROW_OPTION=1']);
    expect(r.code).toBe(0);
    expect(results(r)).toEqual(["'NaN' is an invalid value for metric 'cc', a number or a boolean value is expected"]);
  });

  // https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/ (exit codes: 105 ExternalAbort)
  it('first SIGINT: scenarios stop, teardown and summary run, exit 105', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const out = join(dir, 'summary.json');
    const child = spawn(process.execPath, [bin, 'run', '-q', '-e', `SUMMARY_OUT=${out}`, script('signal.js')], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const code = await new Promise<number>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        const before = stderr.includes('RESULT');
        stderr += d.toString();
        if (!before && stderr.includes('RESULT \\"running\\"')) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c ?? -1));
    });
    expect(code).toBe(105);
    expect(stderr).toContain('teardown ran');
    expect(existsSync(out)).toBe(true);
    // the summary ran (running iterations are interrupted at once, as k6 cancels the run context)
    expect(
      (JSON.parse(readFileSync(out, 'utf8')) as { metrics: Record<string, unknown> }).metrics.vus_max,
    ).toBeDefined();
  });
});
