// What the experiments-*.test.ts files share: whole experiments against the local stack through our runtime
// (`cdc-chaos run`) at the CI time scale, the consumer restarted with a CONSUMER_FAULT or other setting through the
// stack's pluggable consumer options, and the checks of a run's summary and report files. The experiments are
// several files so that CI's lanes (scripts/test.sh) can share them out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE } from '../../src/experiment/contract.js';

export const root = new URL('../..', import.meta.url).pathname;
export const CLI = `${root}bin/cdc-chaos.js`;
export const SCALE = '0.1';
/** Every shipped bundle with faults of its own (chaos-resilience has none: it is faulted from outside). */
export const FAULTING_BUNDLES = [
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
export const LOAD = ['CHAOS_VUS=2', 'CHAOS_QUIESCENCE_TIMEOUT=300s', 'CHAOS_SETTLE_TIMEOUT=300s'];

export function cli(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function stackEnv(): NodeJS.ProcessEnv {
  const r = cli(['stack', 'env']);
  if (r.code !== 0) throw new Error(`stack env failed: ${r.stderr}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const m of r.stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  return env;
}

/** The stack's consumer restarted with `setting` (NAME=value) as its only extra variable. */
export function consumerWith(setting: string): void {
  const r = cli(['stack', 'up', '--consumer-env', setting], process.env, 900_000);
  if (r.code !== 0) throw new Error(`stack up with ${setting} failed:\n${r.stderr}`);
}

/** Waits (≤ 60 s, then goes on) until the consumer group's lag, the broker's view through Prometheus, has read 0
 *  for `holdMs`: the current consumer has applied everything in Kafka. */
export async function drained(holdMs = 3_000): Promise<void> {
  const query = encodeURIComponent(`sum(kafka_consumergroup_lag{consumergroup="${PIPELINE.consumerGroup}"})`);
  const url = `${stackEnv().PROMETHEUS_URL}/api/v1/query?query=${query}`;
  let zeroSince: number | null = null;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
    const body = (await (await fetch(url)).json()) as { data?: { result?: { value: [number, string] }[] } };
    const lag = body.data?.result?.[0]?.value[1];
    zeroSince = lag === '0' ? (zeroSince ?? Date.now()) : null;
    if (zeroSince !== null && Date.now() - zeroSince >= holdMs) return;
  }
}

export function consumerFault(mode: string): void {
  consumerWith(`CONSUMER_FAULT=${mode}`);
}

/** `cdc-chaos run` of a bundle at `scale` with the suite's load; `extra` -e values override LOAD's (last wins). */
export function runArgs(bundle: string, scale: string, extra: string[]): string[] {
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
export function expectPassed(r: { code: number | null; stdout: string }): void {
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
export function reportDir(bundle: string, label: string): string {
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
/** What the verification said of each witness row (`verdict` event of customers), by row name ("gone", "kept"). */
function witnessVerdicts(events: { event: string; witnesses?: Record<string, string> }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events)
    for (const [key, verdict] of Object.entries(e.witnesses ?? {})) out[key.slice(key.lastIndexOf('-') + 1)] = verdict;
  return out;
}

export function expectHistoryFiles(
  dir: string,
  pass: boolean,
): {
  faults: JournalFault[];
  witnesses: Record<string, string>;
  steady_states: { before: { verdict: string; waited_ms: number } };
} {
  const files = readdirSync(`${root}${dir}`);
  const history = files.find((f) => f.endsWith('-history.jsonl'));
  const journalFile = files.find((f) => f.endsWith('-journal.json'));
  expect(history, dir).toBeDefined();
  expect(journalFile, dir).toBeDefined();
  const events = readFileSync(`${root}${dir}/${history}`, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { event: string; witnesses?: Record<string, string> });
  expect(
    events.some((e) => e.event === 'write'),
    dir,
  ).toBe(true);
  const journal = JSON.parse(readFileSync(`${root}${dir}/${journalFile}`, 'utf8')) as {
    status: string;
    deviated: boolean;
    verdict: { pass: boolean; failed: { metric: string }[] };
    faults: JournalFault[];
    steady_states: { before: { verdict: string; waited_ms: number } };
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
  return { ...journal, witnesses: witnessVerdicts(events) };
}

export async function experiment(bundle: string, scale = SCALE, extra: string[] = []) {
  const env = stackEnv();
  // The bundle's own steady-state check (setup) waits for what earlier runs left in Kafka to be applied.
  const r = cli(runArgs(bundle, scale, extra), env, 880_000);
  if (r.code !== 0 && r.code !== 99)
    console.error(`${bundle} exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

/** Every file's first check: the bundles are built. */
export function requireBundles(): void {
  beforeAll(() => {
    if (!existsSync(`${root}dist/chaos-mongodb.js`)) throw new Error('dist/ is missing: run npm run build first');
    mkdirSync(`${root}reports`, { recursive: true });
  });
}

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
  // The load re-creates deleted keys (src/k6/load.ts): each re-created row stays missing in MongoDB.
  ['tombstone-forever', 'chaos-late-redelivery', SCALE, /cdc_lost count==0/, ['CHAOS_QUIESCENCE_TIMEOUT=60s']],
  [
    'slow-when-lagging',
    'chaos-kafka-connection-loss',
    SCALE,
    /chaos_recovery_time p\(95\)<60000|cdc_quiescence_timeouts count==0/,
    ['CHAOS_QUIESCENCE_TIMEOUT=60s'],
  ],
];

/** The FAULTY rows whose experiment is one of `bundles`, each its own test. */
export function faultyConsumersAreCaught(bundles: string[]): void {
  describe('a consumer that breaks a guarantee is caught (exit 99, threshold named)', () => {
    afterAll(() => consumerFault('none'), 900_000);
    for (const [mode, bundle, scale, threshold, extra] of FAULTY.filter((row) => bundles.includes(row[1]))) {
      it(`CONSUMER_FAULT=${mode} fails ${bundle} at CHAOS_TIME_SCALE=${scale}`, async () => {
        // A consumer that crawls once it lags would first crawl through the previous run's teardown (the deletes of
        // its rows, still in Kafka when that consumer is replaced): 78 s of settle wait in CI before the run.
        if (mode === 'slow-when-lagging') await drained();
        consumerFault(mode);
        const dir = reportDir(bundle, mode);
        const r = await experiment(bundle, scale, extra.concat(`CHAOS_REPORT_DIR=${dir}`));
        expect(r.stdout).toMatch(/VERDICT: FAIL/);
        expect(r.stdout.split('\n').find((l) => l.includes('VERDICT'))).toMatch(threshold);
        expect(r.code).toBe(99);
        const { witnesses } = expectHistoryFiles(dir, false);
        // The redelivery's witness rows catch an unconditional writer whatever rows the load happened to touch — when
        // the run gets to its verification: a probe that saw a row go backwards aborts it first (cdc_out_of_order).
        if (mode === 'overwrite-older' && Object.keys(witnesses).length > 0)
          expect(witnesses).toEqual({ gone: 'resurrected', kept: 'stale' });
        else if (mode === 'overwrite-older') expect(r.stdout).toMatch(/cdc_out_of_order count==0/);
      });
    }
  });
}
