// One experiment split across N instances (`cdc-chaos run --execution-segment i/N --execution-segment-sequence
// 0,1/N,…,1`, as k6-operator starts its runners) equals the same experiment as one instance: the instances share the
// run id (CHAOS_RUN_ID) and the stack's lock, k6 gives the fault walk, the probes and the verification to exactly one of
// them, the verification waits for every instance's load, and the writes the instances acknowledged add up to the
// writes the verdict was judged on. Reports name their instance. A consumer that breaks a guarantee is still caught.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, type RunResult } from './run-bundle.js';

const root = new URL('../..', import.meta.url).pathname;
const BUNDLE = 'dist/chaos-mongodb.js';
// 3 load VUs: every instance of the 3-way split gets one (fewer would leave one instance without load).
const ENV = {
  CHAOS_TIME_SCALE: '0.1',
  CHAOS_VUS: '3',
  CHAOS_SEED: '7',
  CHAOS_QUIESCENCE_TIMEOUT: '300s',
  CHAOS_SETTLE_TIMEOUT: '300s',
};

interface Instance {
  run: RunResult;
  summary: { metrics: Record<string, { values: Record<string, number> } | undefined> };
  verifier: boolean;
}

/** The points of N equal segments, as k6-operator passes them: 0,1/N,…,1. */
function points(n: number): string[] {
  return ['0', ...Array.from({ length: n - 1 }, (_, i) => `${i + 1}/${n}`), '1'];
}

/** Runs `bundle` as N instances started together (N=1: no segment flags at all) and reads each one's summary. */
async function split(
  n: number,
  label: string,
  bundle = BUNDLE,
  env: Record<string, string> = ENV,
): Promise<{ instances: Instance[]; dir: string; runId: string }> {
  const dir = `reports/e2e/split-${label}`;
  rmSync(`${root}${dir}`, { recursive: true, force: true });
  mkdirSync(`${root}${dir}`, { recursive: true });
  const runId = `split-${label}-${Date.now().toString(36)}`;
  const p = points(n);
  const runs = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      runBundle(
        bundle,
        n === 1 ? [] : ['--execution-segment', `${p[i]}:${p[i + 1]}`, '--execution-segment-sequence', p.join(',')],
        { ...env, CHAOS_RUN_ID: runId, CHAOS_REPORT_DIR: dir },
        840_000,
      ),
    ),
  );
  const files = readdirSync(`${root}${dir}`).filter((f) => f.endsWith('-summary.json'));
  // every instance wrote its own summary (none overwrote another's)
  expect(files, runs.map((r) => r.output.slice(-3000)).join('\n----\n')).toHaveLength(n);
  const instances = runs.map((run, i) => {
    const name =
      n === 1 ? 'mongodb-failure-summary.json' : files.find((f) => f.includes(`-instance-${i + 1}-of-${n}-`));
    expect(name, files.join(' ')).toBeDefined();
    const summary = JSON.parse(readFileSync(`${root}${dir}/${name}`, 'utf8')) as Instance['summary'];
    return { run, summary, verifier: (summary.metrics.cdc_verified?.values.count ?? 0) > 0 };
  });
  return { instances, dir, runId };
}

const count = (i: Instance, metric: string): number => i.summary.metrics[metric]?.values.count ?? 0;

/** The writes the verification judged on (its journal line), from the verifying instance's output. */
function judgedWrites(i: Instance): number {
  const m = /\\"event\\":\\"verification_end\\",[^\n]*?\\"load_writes_ok\\":(\d+)/.exec(i.run.output);
  expect(m, i.run.output.slice(-3000)).not.toBeNull();
  return Number(m![1]);
}

beforeAll(() => {
  if (!existsSync(`${root}${BUNDLE}`)) throw new Error('dist/ is missing: run npm run build first');
});

describe('an experiment split across N instances equals one instance', () => {
  const verdicts: string[] = [];
  afterAll(() => console.log(`split: ${verdicts.join('; ')}`));

  for (const n of [1, 2, 3]) {
    it(`chaos-mongodb at 0.1 as ${n} instance(s): one verifies, same verdict, the instances' writes are the judged writes`, async () => {
      const started = Date.now();
      const { instances } = await split(n, `n${n}`);
      const wall = ((Date.now() - started) / 1000).toFixed(0);
      const outputs = instances.map((i) => i.run.output.slice(-3000)).join('\n----\n');
      expect(
        instances.map((i) => i.run.code),
        outputs,
      ).toEqual(instances.map(() => 0));
      const verifiers = instances.filter((i) => i.verifier);
      expect(verifiers).toHaveLength(1);
      const v = verifiers[0];
      // k6 gives the 1-VU scenarios to the first of equal segments: that instance walked the plan and verified
      expect(instances[0].verifier).toBe(true);
      expect(count(v, 'cdc_rows_verified')).toBeGreaterThan(0);
      for (const i of instances.filter((x) => !x.verifier)) {
        expect(count(i, 'cdc_rows_verified')).toBe(0);
        expect(i.run.output).not.toMatch(/\\"event\\":\\"fault_intent/);
        expect(count(i, 'cdc_writes')).toBeGreaterThan(0); // a share of the load ran here
      }
      // the load was divided, and the verification saw every instance's acknowledged writes
      const perInstance = instances.map((i) => count(i, 'cdc_writes'));
      const total = perInstance.reduce((a, b) => a + b, 0);
      expect(judgedWrites(v)).toBe(total);
      expect(v.run.output).toMatch(/VERDICT: PASS/);
      verdicts.push(
        `N=${n} exit ${instances.map((i) => i.run.code).join(',')} PASS writes ${perInstance.join('+')}=${total} keys ${count(v, 'cdc_rows_verified')} wall ${wall}s`,
      );
    });
  }

  it('a split run without CHAOS_RUN_ID is refused in setup, with one line naming it', async () => {
    const p = points(2);
    const r = await runBundle(
      BUNDLE,
      ['--execution-segment', `${p[1]}:${p[2]}`, '--execution-segment-sequence', p.join(',')],
      { ...ENV, CHAOS_RUN_ID: '' },
      120_000,
    );
    expect(r.output).toMatch(
      /CHAOS_RUN_ID is not set, but this run is split \(execution segment 1\/2:1, instance 2-of-2\)/,
    );
    expect(r.code).not.toBe(0);
  });
});

// FAULTY in experiment-run.ts: a consumer that inserts redelivered changes blindly never converges under
// late-redelivery; split in two, the verifying instance still fails on it and names the threshold.
describe('a consumer that breaks a guarantee is still caught when the run is split', () => {
  const consumer = (mode: string): void => {
    const r = spawnSync(
      process.execPath,
      ['bin/cdc-chaos.js', 'stack', 'up', '--consumer-env', `CONSUMER_FAULT=${mode}`],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 900_000,
      },
    );
    if (r.status !== 0) throw new Error(`stack up with CONSUMER_FAULT=${mode} failed:\n${r.stderr}`);
  };
  beforeAll(() => consumer('blind-insert'), 900_000);
  afterAll(() => consumer('none'), 900_000);

  it('CONSUMER_FAULT=blind-insert fails chaos-late-redelivery at 0.1 split in 2: the verifier exits 99 naming it', async () => {
    const { instances } = await split(2, 'blind-insert', 'dist/chaos-late-redelivery.js', {
      ...ENV,
      CHAOS_QUIESCENCE_TIMEOUT: '60s',
    });
    const [v, other] = [instances.find((i) => i.verifier)!, instances.find((i) => !i.verifier)!];
    expect(v.run.output.split('\n').find((l) => l.includes('VERDICT'))).toMatch(/cdc_quiescence_timeouts count==0/);
    expect(v.run.code).toBe(99);
    // the other instance's load share was fine: its thresholds judge only that
    expect(other.run.code).toBe(0);
    // and the verdict was judged on both instances' writes
    expect(judgedWrites(v)).toBe(count(v, 'cdc_writes') + count(other, 'cdc_writes'));
  });
});
