// Bench — a time-scaled experiment end to end: `cdc-chaos run dist/chaos-mongodb.js` at CHAOS_TIME_SCALE=0.1 with
// the reference consumer, ROUNDS runs, each on a stack at rest (the group's lag 0 for 6 s: what an earlier run
// left applied), as one user runs one experiment. Wall time from spawn to exit, split by the run's journal
// lines: start-up (process, VUs, preflight), the steady-state wait, the timeline, the observation tail after
// it, the wait for the verification to start, the verification, teardown and summary. Every run must pass:
// the same verdict, in less time. Goal (#17): 35 % under the 79.5 s such a run took when the issue was filed.
// Run: npm run build && node out/bench/scaled-run.js   (needs the stack; ~6 min)
import { PIPELINE } from '../src/stack/env.js';
import { isEntry, standalone } from './lib/main.js';
import { runBundle, stackEnv } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';
import { median, ROUNDS, spreadText } from './lib/rounds.js';

const REPRODUCE = 'npm run build && node out/bench/scaled-run.js';
const SCALE = '0.1';
const FILED_MS = 79_500;
const GOAL_MS = FILED_MS * 0.65;
const REST_MS = 6_000;

/** Waits (≤ 120 s) until Prometheus has read the consumer group's lag as 0 for REST_MS. */
async function atRest(prometheusUrl: string): Promise<void> {
  const query = encodeURIComponent(`sum(kafka_consumergroup_lag{consumergroup="${PIPELINE.consumerGroup}"})`);
  let zeroSince: number | null = null;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`)).json()) as {
      data?: { result?: { value: [number, string] }[] };
    };
    zeroSince = body.data?.result?.[0]?.value[1] === '0' ? (zeroSince ?? Date.now()) : null;
    if (zeroSince !== null && Date.now() - zeroSince >= REST_MS) return;
  }
  throw new Error(`the consumer group's lag did not stay 0 for ${REST_MS / 1000} s within 120 s`);
}

const PARTS = [
  'start-up',
  'steady-state wait',
  'timeline',
  'observation tail',
  'to verification',
  'verification',
  'teardown + summary',
] as const;
type Part = (typeof PARTS)[number];

/** One run's wall time split at its journal events (each line's `at`). */
function split(startMs: number, endMs: number, journal: Record<string, unknown>[]): Record<Part, number> {
  const at = (event: string): number => {
    const e = journal.find((j) => j.event === event);
    if (!e) throw new Error(`the run's journal has no ${event} event`);
    return Date.parse(String(e.at));
  };
  const before = (journal.find((j) => j.event === 'steady_state')?.before ?? {}) as { waited_ms?: number };
  const steady = at('steady_state');
  const waited = before.waited_ms ?? 0;
  return {
    'start-up': steady - waited - startMs,
    'steady-state wait': waited,
    timeline: at('timeline_end') - steady,
    'observation tail': at('observation_end') - at('timeline_end'),
    'to verification': at('verification_start') - at('observation_end'),
    verification: at('verification_end') - at('verification_start'),
    'teardown + summary': endMs - at('verification_end'),
  };
}

const s1 = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function scaledRun(): Promise<Section> {
  const env = await stackEnv();
  const walls: number[] = [];
  const parts = Object.fromEntries(PARTS.map((p) => [p, [] as number[]])) as Record<Part, number[]>;
  const verdicts: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await atRest(String(env.PROMETHEUS_URL));
    const startMs = Date.now();
    const r = await runBundle(`${ROOT}dist/chaos-mongodb.js`, { CHAOS_TIME_SCALE: SCALE }, { processEnv: env });
    const endMs = Date.now();
    const verdict = /VERDICT: (\w+)/.exec(r.stdout)?.[1] ?? '?';
    verdicts.push(`${verdict} (exit ${r.code})`);
    if (r.code !== 0)
      throw new Error(`round ${round + 1}: exit ${r.code}, verdict ${verdict}: ${r.stderr.slice(-800)}`);
    walls.push(endMs - startMs);
    const p = split(startMs, endMs, r.journal);
    for (const k of PARTS) parts[k].push(p[k]);
    console.error(`scaled-run: round ${round + 1}/${ROUNDS}: ${s1(endMs - startMs)} ${verdict}`);
  }
  const rows: Row[] = [
    {
      measure: `chaos-mongodb at CHAOS_TIME_SCALE=${SCALE}, stack at rest: wall time (spawn → exit)`,
      value: spreadText(walls, s1),
      goal: `≤ ${s1(GOAL_MS)} (35 % under the ${s1(FILED_MS)} of #17)`,
      met: median(walls) <= GOAL_MS,
    },
    { measure: 'verdicts', value: verdicts.join(', ') },
    ...PARTS.map((k) => ({ measure: `of which ${k}`, value: spreadText(parts[k], s1) })),
  ];
  return {
    id: 'scaled-run',
    title: 'A time-scaled experiment end to end',
    at: new Date().toISOString(),
    rows,
    notes: [
      `${ROUNDS} runs of dist/chaos-mongodb.js (bundle defaults: 20 VUs, the reference consumer), each started once Prometheus had read the group's lag as 0 for ${REST_MS / 1000} s. The timeline is the scenario's (at 0.1: 6 s baseline, the 20 s outage floor, 18 s recovery); the parts around it are the harness's own.`,
      'start-up: process, VU initialisation, preflight; steady-state wait: setup until the pipeline counts as settled (read from Prometheus history when it already is); to verification: the drain check before MongoDB is compared.',
    ],
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(scaledRun);
