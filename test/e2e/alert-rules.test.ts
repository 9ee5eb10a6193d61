// The alert assertions are real gates: with the alert rules broken on purpose the experiment must
// fail with exit 99 and name the alert threshold. The stack's Prometheus is left alone: a
// throwaway Prometheus (Debian's /usr/bin/prometheus) scrapes the same consumer, receives the
// run's remote write, and evaluates a broken copy of prometheus/alerts.yml (same alert names):
//  - always firing → the baseline check (chaos_baseline_quiet) fails, at the CI time scale;
//  - never firing → consumer-restart's "CdcConsumerDown fires and resolves" fails. Alert `for:`
//    windows do not scale, so that rule is only judged at CHAOS_TIME_SCALE=1, where the shipped
//    timeline plus the rule's real-time `within: 150s` take 4 minutes: the run uses consumer-restart
//    on a shorter timeline instead (phases and `within` cut, the outage still 3× the rule's `for:`).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/lib/free-port.js';
import { parse, stringify } from 'yaml';
import { bundleScenario } from '../../src/bundle/k6-bundle.js';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { thresholdResults, type SummaryData } from '../../src/k6/report/summary-data.js';
import { runBundle, stackEnv } from './run-bundle.js';

const PROMETHEUS = '/usr/bin/prometheus';

/** prometheus/alerts.yml with every alert's expression replaced (names, labels, `for:` kept). */
function brokenRules(expr: string): string {
  const doc = parse(readFileSync(new URL('../../prometheus/alerts.yml', import.meta.url), 'utf8')) as {
    groups: { rules: { alert?: string; expr: string }[] }[];
  };
  for (const g of doc.groups) for (const r of g.rules) if (r.alert) r.expr = expr;
  return stringify(doc);
}

/**
 * scenarios/consumer-restart.yml on a 35 s timeline, judged by its alert rule alone (its other rules' real-time
 * windows would keep the probes up for a minute past the timeline), bundled into `dir`.
 */
async function shortConsumerRestart(dir: string): Promise<string> {
  const doc = parse(readFileSync(new URL('../../scenarios/consumer-restart.yml', import.meta.url), 'utf8')) as {
    phases: { name: string; duration: string }[];
    validation: { alert?: string; within?: string }[];
  };
  const durations: Record<string, string> = { baseline: '10s', outage: '15s', catchup: '10s' };
  for (const p of doc.phases) p.duration = durations[p.name] ?? p.duration;
  doc.validation = doc.validation.filter((r) => r.alert === 'CdcConsumerDown').map((r) => ({ ...r, within: '30s' }));
  const file = join(dir, 'consumer-restart.yml');
  writeFileSync(file, stringify(doc));
  const { scenario, errors } = loadScenarioFile(file) as { scenario?: ScenarioSpec; errors?: string[] };
  if (!scenario) throw new Error(`the shortened consumer-restart scenario is invalid: ${errors?.join('; ')}`);
  return bundleScenario({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    scenario,
    outfile: join(dir, 'chaos-consumer-restart.js'),
  });
}

interface Throwaway {
  url: string;
  dir: string;
  proc: ChildProcess;
}

let current: Throwaway | null = null;

async function startPrometheus(rules: string): Promise<Throwaway> {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-broken-alerts-'));
  const consumer = new URL(stackEnv().CONSUMER_URL);
  writeFileSync(join(dir, 'alerts.yml'), rules);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: ['alerts.yml'],
      scrape_configs: [{ job_name: 'cdc-consumer', static_configs: [{ targets: [consumer.host] }] }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let logs = '';
  const proc = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  current = { url, dir, proc };
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return current;
    } catch {
      // not up yet
    }
    if (proc.exitCode !== null) throw new Error(`prometheus exited: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus did not become ready: ${logs}`);
}

afterEach(async () => {
  if (!current) return;
  const { proc, dir } = current;
  current = null;
  if (proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

async function runAgainst(
  prom: Throwaway,
  bundle: string,
  id: string,
  scale: string,
): Promise<{ code: number | null; failed: string[]; passed: string[]; output: string }> {
  const reports = join(prom.dir, 'reports');
  mkdirSync(reports, { recursive: true }); // k6 creates no folder for handleSummary's files
  const run = await runBundle(
    bundle,
    ['-o', 'experimental-prometheus-rw', '-e', `CHAOS_TIME_SCALE=${scale}`, '-e', `CHAOS_REPORT_DIR=${reports}`],
    {
      PROMETHEUS_URL: prom.url,
      K6_PROMETHEUS_RW_SERVER_URL: `${prom.url}/api/v1/write`,
      K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
    },
    840_000,
  );
  const summary = JSON.parse(readFileSync(join(reports, `${id}-summary.json`), 'utf8')) as SummaryData;
  const results = thresholdResults(summary);
  return {
    code: run.code,
    failed: results.filter((r) => !r.ok).map((r) => r.metric),
    passed: results.filter((r) => r.ok).map((r) => r.metric),
    output: run.output,
  };
}

const CONSUMER_DOWN_RULE = 'chaos_validation{rule:alert_cdcconsumerdown_fires_and_resolves_within_30s_after_crash}';

describe('broken alert rules fail the experiment (exit 99)', () => {
  it('always-firing rules: an alert fires in the baseline → chaos_baseline_quiet fails', async () => {
    const prom = await startPrometheus(brokenRules('vector(1)'));
    const r = await runAgainst(prom, 'dist/chaos-mongodb.js', 'mongodb-failure', '0.1');
    expect(r.code, r.output.slice(-3000)).toBe(99);
    expect(r.failed).toContain('chaos_baseline_quiet');
  });

  it('never-firing rules: CdcConsumerDown does not fire while the consumer is dead → the alert rule fails', async () => {
    const prom = await startPrometheus(brokenRules('vector(0) > 1'));
    const bundle = await shortConsumerRestart(prom.dir);
    const r = await runAgainst(prom, bundle, 'consumer-restart', '1');
    expect(r.code, r.output.slice(-3000)).toBe(99);
    expect(r.failed).toContain(CONSUMER_DOWN_RULE);
    expect(r.failed).not.toContain('chaos_baseline_quiet');
  });

  // The control: the shortened timeline leaves the real rule room to fire and resolve, so the case above fails
  // for the broken rule, not for the timeline.
  it('the real rules on the same timeline: CdcConsumerDown fires and resolves → the alert rule passes', async () => {
    const prom = await startPrometheus(readFileSync(new URL('../../prometheus/alerts.yml', import.meta.url), 'utf8'));
    const r = await runAgainst(prom, await shortConsumerRestart(prom.dir), 'consumer-restart', '1');
    expect(r.passed, r.output.slice(-3000)).toContain(CONSUMER_DOWN_RULE);
  });
});
