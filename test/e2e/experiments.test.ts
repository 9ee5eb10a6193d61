// Whole experiments against the local stack through our runtime (`cdc-chaos run`), at the CI time
// scale: with the reference consumer every scenario passes (exit 0); with a consumer that breaks
// one guarantee (CONSUMER_FAULT, restarted through the stack's pluggable consumer options) the
// scenario that should catch it fails with exit 99 and its summary names the failing threshold.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const CLI = `${root}bin/cdc-chaos.js`;
const SCALE = '0.1';
/** Every shipped bundle with faults of its own (chaos-resilience has none: it is faulted from outside). */
const FAULTING_BUNDLES = [
  'chaos-mongodb',
  'chaos-kafka-partition',
  'chaos-consumer-restart',
  'chaos-network-delay',
  'chaos-cpu-stress',
  'chaos-memory-stress',
  'chaos-connect-pause',
  'chaos-late-redelivery',
  'chaos-consumer-crash-during-slow-writes',
  'chaos-kafka-connection-loss',
];
// Light load (2 VUs) keeps the whole suite inside CI's time on 2 cores; the full default load (20 VUs)
// is what `npm run chaos:mongodb` runs. The quiescence wait is generous for a loaded machine.
const LOAD = ['CHAOS_VUS=2', 'CHAOS_QUIESCENCE_TIMEOUT=300s', 'CHAOS_SETTLE_TIMEOUT=300s'];

function cli(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function stackEnv(): NodeJS.ProcessEnv {
  const r = cli(['stack', 'env']);
  if (r.code !== 0) throw new Error(`stack env failed: ${r.stderr}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const m of r.stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  return env;
}

/** The stack's consumer restarted with `setting` (NAME=value) as its only extra variable. */
function consumerWith(setting: string): void {
  const r = cli(['stack', 'up', '--consumer-env', setting], process.env, 900_000);
  if (r.code !== 0) throw new Error(`stack up with ${setting} failed:\n${r.stderr}`);
}

function consumerFault(mode: string): void {
  consumerWith(`CONSUMER_FAULT=${mode}`);
}

/** `cdc-chaos run` of a bundle at `scale` with the suite's load; `extra` -e values override LOAD's (last wins). */
function runArgs(bundle: string, scale: string, extra: string[]): string[] {
  return [
    'run',
    '-q',
    '-e',
    `CHAOS_TIME_SCALE=${scale}`,
    ...LOAD.concat(extra).flatMap((e) => ['-e', e]),
    `dist/${bundle}.js`,
  ];
}

/**
 * A passing run's summary: verdict PASS and every verified key clean, then k6's standard end-of-test summary — the
 * jslib k6-summary's legacy layout (indent ''): threshold metrics marked ✓ (the verdict whole), none ✗, others
 * unmarked (cdc_verified counted once).
 */
function expectPassed(r: { code: number | null; stdout: string }): void {
  expect(r.stdout).toMatch(/VERDICT: PASS[\s\S]*\n {4}iterations\.+: \d+ /);
  expect(r.stdout).toMatch(/\n {2}✓ chaos_verdict_incomplete\.+: 0 /);
  expect(r.stdout).toMatch(/\n {4}cdc_verified\.+: 1 /);
  expect(r.stdout.slice(r.stdout.indexOf('VERDICT: PASS'))).not.toMatch(/\n {2}(?: {2})?✗ [^\n]*?\.{3,}: /);
  expect(r.stdout).toMatch(
    /integrity {3}verified keys [1-9]\d*: lost 0 · stale 0 · resurrected 0 · phantom 0 · duplicated 0 · out of order 0/,
  );
  expect(r.code).toBe(0);
}

/** Each run's reports in a fresh directory of its own, so its history and journal are its own (created: k6 writes into existing directories only). */
function reportDir(bundle: string, label: string): string {
  const dir = `reports/e2e/${bundle}-${label}`;
  rmSync(`${root}${dir}`, { recursive: true, force: true });
  mkdirSync(`${root}${dir}`, { recursive: true });
  return dir;
}

interface JournalFault {
  fault: string;
  dispatched_ms: number | null;
  in_effect_ms: number | null;
  heal_dispatched_ms: number | null;
  healed_ms: number | null;
}

/** Thresholds that abort the run when crossed (src/experiment/thresholds.ts). */
const ABORTING = ['cdc_out_of_order', 'cdc_redeliveries'];

/** Both history files exist; the journal ran through with the verdict the summary printed, and no fault took effect before it was sent. */
function expectHistoryFiles(dir: string, pass: boolean): { faults: JournalFault[] } {
  const files = readdirSync(`${root}${dir}`);
  const history = files.find((f) => f.endsWith('-history.jsonl'));
  const journalFile = files.find((f) => f.endsWith('-journal.json'));
  expect(history, dir).toBeDefined();
  expect(journalFile, dir).toBeDefined();
  const events = readFileSync(`${root}${dir}/${history}`, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { event: string });
  expect(
    events.some((e) => e.event === 'write'),
    dir,
  ).toBe(true);
  const journal = JSON.parse(readFileSync(`${root}${dir}/${journalFile}`, 'utf8')) as {
    status: string;
    deviated: boolean;
    verdict: { pass: boolean; failed: { metric: string }[] };
    faults: JournalFault[];
  };
  // A threshold with abortOnFail (an integrity violation seen during the run) ends the run before its timeline does.
  const abortedBy = journal.verdict.failed.filter((t) => ABORTING.includes(t.metric));
  expect(abortedBy.length > 0 ? ['aborted', 'completed'] : ['completed'], dir).toContain(journal.status);
  expect(journal.verdict.pass, dir).toBe(pass);
  expect(journal.deviated, dir).toBe(!pass);
  for (const f of journal.faults) {
    expect(f.dispatched_ms, f.fault).not.toBeNull();
    if (f.in_effect_ms !== null) expect(f.in_effect_ms, f.fault).toBeGreaterThanOrEqual(f.dispatched_ms as number);
    if (f.healed_ms !== null) expect(f.healed_ms, f.fault).toBeGreaterThanOrEqual(f.heal_dispatched_ms as number);
  }
  return journal;
}

async function experiment(bundle: string, scale = SCALE, extra: string[] = []) {
  const env = stackEnv();
  // The bundle's own steady-state check (setup) waits for what earlier runs left in Kafka to be applied.
  const r = cli(runArgs(bundle, scale, extra), env, 880_000);
  if (r.code !== 0 && r.code !== 99)
    console.error(`${bundle} exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

beforeAll(() => {
  if (!existsSync(`${root}dist/chaos-mongodb.js`)) throw new Error('dist/ is missing: run npm run build first');
  mkdirSync(`${root}reports`, { recursive: true });
});

describe('every bundle runs on cdc-chaos run', () => {
  it('options and thresholds are valid; an unreachable PostgreSQL stops it in preflight, before any fault, password redacted', () => {
    const env = stackEnv();
    for (const bundle of [...FAULTING_BUNDLES, 'chaos-resilience']) {
      const r = cli(
        ['run', '-q', '-e', 'PG_URL=postgres://nobody:s3cret@127.0.0.1:1/none?sslmode=disable', `dist/${bundle}.js`],
        env,
        120_000,
      );
      const out = r.stdout + r.stderr;
      expect(out, bundle).toMatch(/preflight failed, no fault was injected/);
      expect(out, bundle).not.toMatch(/s3cret/);
      expect(r.code, bundle).toBe(107);
    }
  });

  it('CHAOS_DRY_RUN prints the resolved timeline and touches nothing', () => {
    const r = cli(
      ['run', '-e', 'CHAOS_DRY_RUN=1', '-e', 'CHAOS_TIME_SCALE=0.1', '-e', 'CHAOS_SEED=7', 'dist/chaos-mongodb.js'],
      stackEnv(),
      120_000,
    );
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/seed 7/);
    expect(out).toMatch(/6s +inject kill cdc-mongodb until 26s/);
    expect(out).toMatch(/nothing was touched/);
    expect(r.code).toBe(0);
  });
});

describe('every scenario passes with the reference consumer', () => {
  beforeAll(() => consumerFault('none'), 900_000);
  for (const bundle of FAULTING_BUNDLES) {
    it(`${bundle} exits 0 at CHAOS_TIME_SCALE=${SCALE}`, async () => {
      const dir = reportDir(bundle, 'reference');
      const r = await experiment(bundle, SCALE, [`CHAOS_REPORT_DIR=${dir}`]);
      expectPassed(r);
      const journal = expectHistoryFiles(dir, true);
      // A killed container is seen down after its kill was sent, and up again after its heal.
      if (bundle === 'chaos-mongodb') {
        expect(journal.faults).toHaveLength(1);
        expect(journal.faults[0].in_effect_ms).toBeGreaterThan(journal.faults[0].dispatched_ms as number);
        expect(journal.faults[0].healed_ms).not.toBeNull();
      }
      // The probes' reads fail while MongoDB is down: journaled and counted, never silent, and they end.
      if (bundle === 'chaos-mongodb')
        expect(r.stderr).toMatch(/\\"event\\":\\"probe_error\\"[\s\S]*\\"event\\":\\"probe_recovered\\"/);
    });
  }
  // The false-alarm budget (npm run verdicts:repeat, the whole of it in docs/experiments.md): a small part of it
  // here, at the other CI-like scale.
  it('npm run verdicts:repeat runs a scenario at 0.2 and tables its verdict, exit code and wall time', () => {
    const r = spawnSync(
      process.execPath,
      [
        `${root}out/bench/verdicts-repeat.js`,
        '--scenarios',
        'chaos-kafka-partition',
        '--scales',
        '0.2',
        '--n',
        '1',
        ...LOAD.flatMap((e) => ['--env', e]),
      ],
      {
        cwd: root,
        env: stackEnv(),
        encoding: 'utf8',
        timeout: 600_000,
      },
    );
    if (r.status !== 0) console.error(r.stdout, r.stderr.slice(-4000));
    expect(r.stdout).toMatch(/^\| chaos-kafka-partition \| 0\.2 \| 1 \| PASS \| 0 \| \d+\.\d \|$/m);
    expect(r.status).toBe(0);
  });
});

// The plan's generic flow: chaos-resilience drives load and verifies while an operator injects a scenario's faults
// from another terminal (`cdc-chaos inject`, docs/safety.md). chaos-resilience at 0.2 has a 36 s baseline and 84 s in
// all; started 38 s into the run, mongodb-failure at 0.1 kills cdc-mongodb 6 s later for its 20 s floor
// (min_duration) — after the baseline, healed with 20 s of the run's recovery left for the canaries.
describe('chaos-resilience with faults injected from outside', () => {
  it(`passes with mongodb-failure (CHAOS_TIME_SCALE=${SCALE}) injected by cdc-chaos inject during it, at 0.2`, async () => {
    const env = stackEnv();
    // No steady-state wait: the inject below is timed from the run's start.
    const run = spawn(process.execPath, [CLI, ...runArgs('chaos-resilience', '0.2', ['CHAOS_SETTLE_TIMEOUT=0'])], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    run.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    run.stderr.on('data', () => undefined);
    const exited = new Promise<number | null>((resolve) => run.on('close', resolve));
    await new Promise((r) => setTimeout(r, 38_000));
    const journal = `${root}reports/journal-e2e-external.log`;
    const inject = cli(
      ['inject', 'mongodb-failure', '-e', `CHAOS_TIME_SCALE=${SCALE}`, '--journal', journal],
      env,
      300_000,
    );
    const code = await exited;
    if (code !== 0)
      console.error(
        `chaos-resilience exit ${code}\n${stdout.slice(-4000)}\ninject:\n${inject.stdout.slice(-2000)}\n${inject.stderr.slice(-2000)}`,
      );
    expect(inject.code).toBe(0);
    expectPassed({ code, stdout });
  });
});

// A consumer written from docs/consumer-contract.md alone exports only its three metrics: the reference consumer with
// CONSUMER_METRICS=contract. It runs the scenarios whose rules read the broker's view of the group (the plan's
// kafka_consumer_connection_count and kafka_consumer_records_lag_max, which the reference consumer once answered
// itself); every other scenario's rules name only contract metrics (test/unit/consumer-contract-metrics.test.ts),
// which this consumer exports exactly as the reference one does.
const CONTRACT_BUNDLES = ['chaos-kafka-connection-loss', 'chaos-kafka-partition', 'chaos-consumer-restart'];

describe('a consumer exporting only the contract metrics passes the scenarios that judge it from outside', () => {
  beforeAll(() => consumerWith('CONSUMER_METRICS=contract'), 900_000);
  afterAll(() => consumerFault('none'), 900_000);
  it('exports the contract metrics and nothing else', async () => {
    const text = await (await fetch(`${stackEnv().CONSUMER_URL}/metrics`)).text();
    const names = new Set(Array.from(text.matchAll(/^([a-z_]+)[{ ]/gm), (m) => m[1]));
    expect(names.has('cdc_mongo_connected')).toBe(true);
    expect(names.has('cdc_kafka_connected')).toBe(false);
    expect(names.has('cdc_consumer_lag')).toBe(false);
  });
  for (const bundle of CONTRACT_BUNDLES) {
    it(`${bundle} exits 0 at CHAOS_TIME_SCALE=${SCALE}`, async () => {
      const dir = reportDir(bundle, 'contract');
      const r = await experiment(bundle, SCALE, [`CHAOS_REPORT_DIR=${dir}`]);
      expectPassed(r);
      expectHistoryFiles(dir, true);
    });
  }
});

// Which experiment catches which broken guarantee, and the threshold its summary must name — all at the CI
// time scale. A fault shorter than the consumer's own timeouts tests nothing, so the scenarios hold the
// spans whose meaning is real time at a floor (`min_duration`, docs/experiments.md): mongodb-failure's
// outage 20 s (many 3 s server-selection timeouts: a dropping consumer drops ~20 s of changes, too many
// for later updates to repair), kafka-connection-loss's refusal 20 s (kafkajs spends its retries on
// refused connections in ~6 s, then crashes), and everything between consumer-crash-during-slow-writes'
// two kills (the dead member's 10 s session, a start and a write against a 2 s-slow MongoDB). Hot rows
// start at versions 9, 99 and 999, so every run's first hot updates pass 10, 100 and 1,000 (version-as-text).
// partial-batch needs steps of more rows than one write command: the 20 s outage's backlog gives them.
// slow-when-lagging never drains the refusal's backlog: the recovery SLO and the quiescence wait catch it.
const FAULTY: [mode: string, bundle: string, scale: string, threshold: RegExp, extra: string[]][] = [
  ['drop-on-error', 'chaos-mongodb', SCALE, /cdc_lost count==0|cdc_stale count==0/, ['CHAOS_QUIESCENCE_TIMEOUT=60s']],
  [
    'commit-before-write',
    'chaos-consumer-crash-during-slow-writes',
    SCALE,
    /cdc_lost count==0|cdc_stale count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
  [
    'blind-insert',
    'chaos-late-redelivery',
    SCALE,
    /cdc_quiescence_timeouts count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
  [
    'no-reconnect',
    'chaos-kafka-connection-loss',
    SCALE,
    /kafka_consumer_connection_count_gt_0_within_60s_after_refused|cdc_quiescence_timeouts count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
  [
    'overwrite-older',
    'chaos-late-redelivery',
    SCALE,
    /cdc_stale count==0|cdc_resurrected count==0|cdc_out_of_order count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
  [
    'timeout-as-success',
    'chaos-mongodb',
    SCALE,
    /cdc_lost count==0|cdc_stale count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
  ['partial-batch', 'chaos-mongodb', SCALE, /cdc_lost count==0|cdc_stale count==0/, ['CHAOS_QUIESCENCE_TIMEOUT=60s']],
  ['version-as-text', 'chaos-late-redelivery', SCALE, /cdc_stale count==0/, ['CHAOS_QUIESCENCE_TIMEOUT=60s']],
  [
    'slow-when-lagging',
    'chaos-kafka-connection-loss',
    SCALE,
    /chaos_recovery_time p\(95\)<60000|cdc_quiescence_timeouts count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
];

describe('a consumer that breaks a guarantee is caught (exit 99, threshold named)', () => {
  afterAll(() => consumerFault('none'), 900_000);
  for (const [mode, bundle, scale, threshold, extra] of FAULTY) {
    it(`CONSUMER_FAULT=${mode} fails ${bundle} at CHAOS_TIME_SCALE=${scale}`, async () => {
      consumerFault(mode);
      const dir = reportDir(bundle, mode);
      const r = await experiment(bundle, scale, extra.concat(`CHAOS_REPORT_DIR=${dir}`));
      expect(r.stdout).toMatch(/VERDICT: FAIL/);
      expect(r.stdout.split('\n').find((l) => l.includes('VERDICT'))).toMatch(threshold);
      expect(r.code).toBe(99);
      expectHistoryFiles(dir, false);
    });
  }
});
