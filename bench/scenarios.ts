// Bench 4 — fault timing precision, and the suite part of bench 5: every scenario bundle in dist/ run
// through `cdc-chaos run` at the e2e time scale, one after the other. From each run's journal: scheduled
// vs actual offset of every fault action (dispatch: when the chaos VU started it; in effect: when its
// Docker/Toxiproxy calls had returned), and of every phase mark; the bundles' own chaos_action_delay
// Trend as a cross-check. Recovery-time resolution: the canary cadence measured from the run's
// samples (one canary per probe second) plus the canary lookup tick (TICK_MS in src/k6/probes.ts).
// Run: npm run build && node out/bench/scenarios.js   (BENCH_SCENARIOS=chaos-mongodb,… BENCH_SCALE=0.1)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEntry, standalone } from './lib/main.js';
import { metric, runBundle, stackEnv, type RunResult } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';
import { fmt, int, percentile, sec } from './lib/stats.js';

const REPRODUCE = 'npm run build && node out/bench/scenarios.js';

interface Timing {
  scenario: string;
  kind: string;
  dispatchMs: number;
  inEffectMs: number | null;
}

/** Timeline epoch (wall ms of offset 0): setup_data from the run's report, else the first phase mark. */
function epochOf(r: RunResult): number | null {
  const reports = join(r.dir, 'reports');
  for (const f of existsSync(reports) ? readdirSync(reports).filter((n) => n.endsWith('-summary.json')) : []) {
    const epoch = (JSON.parse(readFileSync(join(reports, f), 'utf8')) as { setup_data?: { epochMs?: number } })
      .setup_data?.epochMs;
    if (typeof epoch === 'number') return epoch;
  }
  const first = r.journal.find((j) => j.event === 'phase_start');
  return first ? Date.parse(String(first.at)) - Number(first.actual_ms) : null;
}

function timings(scenario: string, r: RunResult): Timing[] {
  const epoch = epochOf(r);
  return r.journal
    .filter((j) => j.event === 'fault_start' || j.event === 'fault_end' || j.event === 'phase_start')
    .map((j) => ({
      scenario,
      kind: String(j.event),
      dispatchMs: Number(j.actual_ms) - Number(j.scheduled_ms),
      // fault_* lines are written after the action's calls returned; a phase mark has no calls.
      inEffectMs:
        j.event === 'phase_start' || epoch === null ? null : Date.parse(String(j.at)) - epoch - Number(j.scheduled_ms),
    }));
}

/** Gaps between consecutive cdc_consumer_up samples: the probe's once-a-second branch, which also writes the canary. */
function canaryGaps(r: RunResult): number[] {
  const file = join(r.dir, 'metrics.json');
  if (!existsSync(file)) return [];
  const times: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"cdc_consumer_up"') || !line.includes('"Point"')) continue;
    times.push(Date.parse((JSON.parse(line) as { data: { time: string } }).data.time));
  }
  return times.slice(1).map((t, i) => t - times[i]);
}

const dist = (v: number[]): string =>
  `p50 ${fmt(percentile(v, 50), 0)} ms, p99 ${fmt(percentile(v, 99), 0)} ms, max ${fmt(Math.max(...v), 0)} ms (n=${v.length})`;

export async function scenarios(): Promise<Section> {
  const scale = process.env.BENCH_SCALE ?? '0.1';
  const vus = process.env.BENCH_SCENARIO_VUS ?? '2'; // test/e2e/experiment-run.ts sizes the load to the local stack the same way
  const names =
    process.env.BENCH_SCENARIOS?.split(',') ??
    readdirSync(join(ROOT, 'dist'))
      .filter((f) => /^chaos-.*\.js$/.test(f))
      .map((f) => f.replace(/\.js$/, ''))
      .sort();
  const env = await stackEnv();
  const all: Timing[] = [];
  const gaps: number[] = [];
  const runs: string[] = [];
  const trend: string[] = [];
  const recoveries: string[] = [];
  let wall = 0;
  for (const name of names) {
    const r = await runBundle(
      join(ROOT, 'dist', `${name}.js`),
      { CHAOS_TIME_SCALE: scale, CHAOS_VUS: vus, CHAOS_QUIESCENCE_TIMEOUT: '300s' },
      {
        processEnv: env,
        args: (dir) => ['-o', `json=${join(dir, 'metrics.json')}`, '-e', `CHAOS_REPORT_DIR=${join(dir, 'reports')}`],
      },
    );
    wall += r.ms;
    const verdict = /VERDICT: (\w+)/.exec(r.stdout)?.[1] ?? '?';
    runs.push(`${name} ${sec(r.ms)} exit ${r.code} ${verdict}`);
    console.error(`scenario ${name}: ${sec(r.ms)}, exit ${r.code}, verdict ${verdict}`);
    all.push(...timings(name, r));
    gaps.push(...canaryGaps(r));
    const p99 = metric(r, 'chaos_action_delay', 'p(99)');
    if (Number.isFinite(p99))
      trend.push(
        `${name} med ${fmt(metric(r, 'chaos_action_delay', 'med'), 0)} / p99 ${fmt(p99, 0)} / max ${fmt(metric(r, 'chaos_action_delay', 'max'), 0)} ms`,
      );
    for (const j of r.journal.filter((e) => e.event === 'fault_timing'))
      recoveries.push(
        `${name} ${String(j.fault)}: ${j.recovery_ms === null ? 'none' : `${int(Number(j.recovery_ms))} ms`}`,
      );
  }
  const faults = all.filter((t) => t.kind !== 'phase_start');
  const phases = all.filter((t) => t.kind === 'phase_start');
  const inEffect = faults.map((t) => t.inEffectMs).filter((v): v is number => v !== null);
  const tick = Number(
    /const TICK_MS = (\d+)/.exec(readFileSync(join(ROOT, 'src', 'k6', 'probes.ts'), 'utf8'))?.[1] ?? NaN,
  );
  const cadence = percentile(gaps, 50);
  const rows: Row[] = [
    {
      measure: `fault actions fired late by (scheduled → started), ${faults.length} actions`,
      value: faults.length ? dist(faults.map((t) => t.dispatchMs)) : 'no actions',
    },
    {
      measure: 'fault actions in effect after (scheduled → Docker/Toxiproxy calls returned)',
      value: inEffect.length ? dist(inEffect) : 'n/a',
    },
    {
      measure: `phase marks late by, ${phases.length} marks`,
      value: phases.length ? dist(phases.map((t) => t.dispatchMs)) : 'n/a',
    },
    {
      measure: 'recovery-time resolution (canary cadence + lookup tick)',
      value: `≈ ${fmt((cadence + tick) / 1000, 2)} s: canary every ${gaps.length ? dist(gaps) : 'n/a'}; lookup tick ${tick} ms`,
    },
    {
      measure: `time-scaled suite wall time (${names.length} scenarios, CHAOS_TIME_SCALE=${scale}, CHAOS_VUS=${vus})`,
      value: sec(wall),
    },
  ];
  const worst = [...faults].sort((a, b) => b.dispatchMs - a.dispatchMs)[0];
  const notes = [
    `Runs: ${runs.join('; ')}.`,
    `chaos_action_delay (the bundles' Trend, |actual − scheduled|, ms resolution): ${trend.join('; ') || 'no samples'}.`,
    worst ? `Latest action: ${worst.scenario} ${worst.kind} ${fmt(worst.dispatchMs, 0)} ms late.` : 'No fault actions.',
    "The chaos VU sleeps in ≤ 1 s slices to each offset, so lateness is the sleep overshoot plus the previous action's own duration when two are scheduled together (they run one after the other).",
    `Recovery per fault as the probes measured it: ${recoveries.join('; ') || 'none journaled'}. A recovery time is known to within one canary interval plus one lookup tick: the first canary written after the heal is up to one interval late, and seen up to one tick late.`,
  ];
  return {
    id: 'scenarios',
    title: 'Fault timing precision and suite wall time',
    at: new Date().toISOString(),
    rows,
    notes,
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(scenarios);
