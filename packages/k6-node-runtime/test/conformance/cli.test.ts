// `k6 run` flags — https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, built } from './helpers.js';

describe.skipIf(!built)('cdc-chaos run flags (k6 docs: k6-options/reference)', () => {
  it('-u/-i override the script options (CLI > script)', () => {
    const r = run('cli-overrides.js', ['-u', '3', '-i', '9']);
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.iterations.values.count).toBe(9);
    expect(r.summary!.metrics.vus_max.values.value).toBe(3);
  });

  it('K6_ITERATIONS env overrides the script; the CLI overrides env', () => {
    expect(run('cli-overrides.js', [], { K6_ITERATIONS: '4' }).summary!.metrics.iterations.values.count).toBe(4);
    expect(run('cli-overrides.js', ['-i', '2'], { K6_ITERATIONS: '4' }).summary!.metrics.iterations.values.count).toBe(
      2,
    );
  });

  it('--tag adds a test-wide tag to every sample; -o json writes k6 JSON lines', () => {
    const r = run('cli-overrides.js', ['--tag', 'testid=abc', '-o', 'json=out.json']);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(r.dir, 'out.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } });
    const it0 = lines.find((l) => l.type === 'Point' && l.metric === 'iterations');
    expect(it0?.data.tags).toMatchObject({ testid: 'abc', scenario: 'default' });
  });

  it('--log-output file= and --log-format json journal console lines; the phase hook is a plain log line too', () => {
    const r = run('phase-hook.js', ['--log-output', 'file=log.jsonl', '--log-format', 'json']);
    expect(r.code).toBe(0);
    const line = JSON.parse(readFileSync(join(r.dir, 'log.jsonl'), 'utf8').trim().split('\n')[0]) as Record<
      string,
      string
    >;
    expect(line).toMatchObject({ level: 'info', msg: 'cdc-chaos:phase fault: kill cdc-mongodb', source: 'console' });
  });

  it('-d with -u runs constant-vus for the duration', () => {
    const r = run('cli-overrides.js', ['-u', '2', '-d', '1s']);
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.iterations.values.count).toBeGreaterThan(2);
    expect(r.summary!.metrics.vus.values.max).toBe(2);
  });
});
