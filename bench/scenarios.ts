// Bench — fault timing and recovery-time resolution, measured in one `cdc-chaos run` of a bench scenario
// (written here) that fires every fault type of src/experiment/faults/ ROUNDS times, one after the other
// with a gap, round after round (so the types alternate), under a small load (CHAOS_VUS=2) with the probes
// on. From the run's journal (the history's fault_start / fault_end, src/experiment/history.ts faultTimes):
// per type, scheduled → dispatched, scheduled → in effect (src/k6/fault-effect.ts: the fault seen in place)
// and heal scheduled → healed. From the run's history and the bench's own watch on MongoDB: the recovery-time
// resolution per fault, measured — how late the first canary after the heal was written, plus how long after it
// appeared in MongoDB the probe saw it.
// Run: npm run build && node out/bench/scenarios.js   (BENCH_ROUNDS; needs the stack; ~5 min)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bundleScenario } from '../src/bundle/k6-bundle.js';
import { loadScenarioFile, problemLines } from '../src/bundle/scenario-file.js';
import { RESOLUTION_MS } from '../src/experiment/canaries.js';
import { DEFAULT_SLO } from '../src/experiment/scenario.js';
import { FAULT_TYPES } from '../src/experiment/faults/index.js';
import { faultTimes, isObserve, isWrite, type FaultTimes, type HistoryEvent } from '../src/experiment/history.js';
import { CanaryWatch, WATCH_MS } from './lib/canary-watch.js';
import { isEntry, standalone } from './lib/main.js';
import { runBundle, stackEnv, type RunResult } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';
import { median, ROUNDS, spreadText } from './lib/rounds.js';
import { fmt, percentile, sec } from './lib/stats.js';

const REPRODUCE = 'npm run build && node out/bench/scenarios.js';
/** How long a fault lasts, and the quiet gap after each: long enough for a step's effect wait (≤ 3 s, src/k6/chaos.ts) not to delay the next. */
const FAULT_S = 2;
const GAP_S = 4;

/** One fault per slot and round; `healer` = the action that heals it (else its duration, or it is instant). */
interface Slot {
  type: string;
  target: string;
  params?: Record<string, unknown>;
  healer?: string;
  /** Over when it happened (restart as a bounce, redeliver): no duration. */
  instant?: boolean;
}

// Targets as the shipped scenarios use them (scenarios/*.yml).
const SLOTS: Slot[] = [
  { type: 'kill', target: 'cdc-mongodb', healer: 'start' },
  { type: 'stop', target: 'cdc-consumer', healer: 'restart' },
  { type: 'pause', target: 'cdc-connect', healer: 'unpause' },
  { type: 'restart', target: 'cdc-consumer', instant: true },
  { type: 'netem', target: 'cdc-kafka', params: { delay: '200ms', jitter: '50ms' } },
  { type: 'partition', target: 'cdc-kafka' },
  { type: 'reset_peer', target: 'cdc-mongodb' },
  { type: 'stress', target: 'cdc-consumer', params: { cpu: 1, cpu_load: '50%' } },
  { type: 'redeliver', target: 'cdc-kafka', params: { window: '10s' }, instant: true },
];

/** What "in effect" means per type (src/k6/fault-effect.ts), for the row labels. */
const EFFECT: Record<string, [string, string]> = {
  kill: ['not running', ''],
  stop: ['not running', ''],
  start: ['running', ''],
  restart: ['down', 'running again'],
  pause: ['paused', ''],
  unpause: ['running unpaused', ''],
  netem: ['toxic listed', 'toxic gone'],
  partition: ['toxic listed', 'toxic gone'],
  reset_peer: ['toxic listed', 'toxic gone'],
  stress: ['stress-ng seen running', 'not looked at (pkill)'],
  redeliver: ["Kafka's tools seen running", ''],
};

/** The bench scenario: a baseline, ROUNDS rounds of every slot, a quiet end. */
function faultTimingScenario(rounds: number): Record<string, unknown> {
  const covered = new Set(SLOTS.flatMap((s) => [s.type, s.healer ?? s.type]));
  const missing = FAULT_TYPES.map((t) => t.name).filter((n) => !covered.has(n));
  if (missing.length)
    throw new Error(`bench/scenarios.ts: no slot fires fault type(s) ${missing.join(', ')}: add one to SLOTS`);
  const phases: Record<string, unknown>[] = [{ name: 'baseline', duration: '10s' }];
  for (let r = 1; r <= rounds; r++) {
    for (const s of SLOTS) {
      const name = `r${r}-${s.type}`;
      const action = { type: s.type, target: s.target, params: { ...s.params } };
      if (s.healer) {
        phases.push(
          { name, duration: '0s', actions: [action] },
          { name: `${name}-on`, duration: `${FAULT_S}s` },
          { name: `${name}-${s.healer}`, duration: '0s', actions: [{ type: s.healer, target: s.target }] },
          { name: `${name}-after`, duration: `${GAP_S}s` },
        );
      } else if (s.instant) {
        phases.push({ name, duration: '0s', actions: [action] }, { name: `${name}-after`, duration: `${GAP_S}s` });
      } else {
        action.params.duration = `${FAULT_S}s`;
        phases.push({ name, duration: `${FAULT_S + GAP_S}s`, actions: [action] });
      }
    }
  }
  phases.push({ name: 'end', duration: '10s' });
  return {
    name: 'Bench fault timing',
    description: `Every fault type ${rounds} times, one at a time (bench/scenarios.ts)`,
    phases,
  };
}

async function bundle(rounds: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-faults-'));
  const file = join(dir, 'bench-fault-timing.yml');
  writeFileSync(file, stringify(faultTimingScenario(rounds)));
  const loaded = loadScenarioFile(file);
  if (!loaded.scenario) throw new Error(`bench fault scenario invalid: ${problemLines(loaded).join('; ')}`);
  return bundleScenario({ root: ROOT, scenario: loaded.scenario, outfile: join(dir, 'chaos-bench-fault-timing.js') });
}

/** The run's report files (CHAOS_REPORT_DIR): setup's timeline epoch and the history. */
function reportOf(r: RunResult): { epochMs: number; history: HistoryEvent[] } {
  const dir = join(r.dir, 'reports');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const summary = files.find((f) => f.endsWith('-summary.json'));
  const hist = files.find((f) => f.endsWith('-history.jsonl'));
  if (!summary || !hist)
    throw new Error(`the run wrote no summary/history in ${dir} (exit ${r.code}): ${r.stderr.slice(-800)}`);
  const epochMs = (JSON.parse(readFileSync(join(dir, summary), 'utf8')) as { setup_data?: { epochMs?: number } })
    .setup_data?.epochMs;
  if (typeof epochMs !== 'number') throw new Error(`${summary} has no setup_data.epochMs`);
  const history = readFileSync(join(dir, hist), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HistoryEvent);
  return { epochMs, history };
}

/** One figure's samples: from schedule to a time, over the faults that recorded it. */
function after(faults: FaultTimes[], from: keyof FaultTimes, to: keyof FaultTimes): { ms: number[]; unseen: number } {
  const ms: number[] = [];
  let unseen = 0;
  for (const f of faults) {
    const a = f[from];
    const b = f[to];
    if (typeof a === 'number' && typeof b === 'number') ms.push(b - a);
    else unseen++;
  }
  return { ms, unseen };
}

const msText = (v: number) => `${fmt(v, 0)} ms`;

/** Per slot: rows for the fault (dispatch, in effect, healed) and for its healer action. */
function timingRows(faults: FaultTimes[]): Row[] {
  const rows: Row[] = [];
  const row = (measure: string, s: { ms: number[]; unseen: number }, dispatch: boolean) => {
    const value = spreadText(s.ms, msText, { p99: true }) + (s.unseen ? `; ${s.unseen} never seen` : '');
    rows.push(
      dispatch
        ? {
            measure,
            value,
            goal: `p95 < ${sec(DEFAULT_SLO.actionDelayMs)} (slo.action_delay)`,
            met: s.ms.length > 0 && percentile(s.ms, 95) < DEFAULT_SLO.actionDelayMs,
          }
        : { measure, value },
    );
  };
  for (const slot of SLOTS) {
    const mine = faults.filter((f) => f.action === slot.type);
    const what = `${slot.type} ${slot.target}${slot.instant && slot.type === 'restart' ? ' (bounce)' : ''}`;
    const [inEffect, healed] = EFFECT[slot.type];
    row(`${what}: scheduled → dispatched`, after(mine, 'scheduled_ms', 'dispatched_ms'), true);
    row(`${what}: scheduled → in effect (${inEffect})`, after(mine, 'scheduled_ms', 'in_effect_ms'), false);
    if (slot.healer) {
      const h = `${slot.healer} ${slot.target} (heals ${slot.type})`;
      row(`${h}: scheduled → dispatched`, after(mine, 'heal_scheduled_ms', 'heal_dispatched_ms'), true);
      row(
        `${h}: scheduled → in effect (${EFFECT[slot.healer][0]})`,
        after(mine, 'heal_scheduled_ms', 'healed_ms'),
        false,
      );
    } else if (healed) {
      row(`${what}: heal scheduled → healed (${healed})`, after(mine, 'heal_scheduled_ms', 'healed_ms'), false);
    }
  }
  return rows;
}

interface Resolution {
  writeLag: number[];
  lookupLag: number[];
  perFault: number[];
  noCanary: number;
}

/**
 * Per fault: the first canary written after it healed (when the pipeline was fault-free again) — written
 * how long after the heal, and seen by the probe how long after the bench's own watcher first found it in
 * MongoDB (bench/lib/canary-watch.ts).
 */
function resolution(
  faults: FaultTimes[],
  history: HistoryEvent[],
  epochMs: number,
  firstSeen: Map<string, number>,
): Resolution {
  const written = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const e of history) {
    if (isWrite(e) && e.key.includes('-canary-') && e.result === 'ok') written.set(e.key, e.done - epochMs);
    if (isObserve(e) && e.probe === 'canary_read') seen.set(e.key, e.at_ms);
  }
  const lookupLag = (id: string): number | undefined => {
    const s = seen.get(id);
    const w = firstSeen.get(id);
    return s === undefined || w === undefined ? undefined : s - (w - epochMs);
  };
  const out: Resolution = { writeLag: [], lookupLag: [], perFault: [], noCanary: 0 };
  for (const id of seen.keys()) {
    const l = lookupLag(id);
    if (l !== undefined) out.lookupLag.push(l);
  }
  const canaries = [...written].sort((a, b) => a[1] - b[1]);
  for (const f of faults) {
    const healed = f.healed_ms ?? f.heal_dispatched_ms;
    const first = healed === null ? undefined : canaries.find(([id, at]) => at >= healed && seen.has(id));
    const l = first && lookupLag(first[0]);
    if (!first || healed === null || l === undefined) {
      out.noCanary++;
      continue;
    }
    out.writeLag.push(first[1] - healed);
    // A probe that looked before the watcher found it (negative lag) was late by nothing.
    out.perFault.push(first[1] - healed + Math.max(0, l));
  }
  return out;
}

export async function scenarios(): Promise<Section> {
  const env = await stackEnv();
  const script = await bundle(ROUNDS);
  const runId = `bench-faults-${Date.now().toString(36)}`;
  const watch = new CanaryWatch(String(env.MONGO_URL), runId);
  let r: RunResult;
  try {
    r = await runBundle(
      script,
      { CHAOS_VUS: '2', CHAOS_RUN_ID: runId },
      {
        processEnv: env,
        // handleSummary writes its files as k6 does: into a folder that must exist
        args: (dir) => {
          mkdirSync(join(dir, 'reports'));
          return ['-e', `CHAOS_REPORT_DIR=${join(dir, 'reports')}`];
        },
        timeoutMs: 900_000,
        onSpawn: () => watch.start(),
      },
    );
  } finally {
    await watch.stop();
  }
  const faults = faultTimes(r.journal as HistoryEvent[]);
  const report = reportOf(r);
  const res = resolution(faults, report.history, report.epochMs, watch.firstSeen);
  const errors = faults.flatMap((f) => f.errors.map((e) => `${f.fault}: ${e}`));
  const all = after(faults, 'scheduled_ms', 'dispatched_ms').ms.concat(
    after(faults, 'heal_scheduled_ms', 'heal_dispatched_ms').ms,
  );
  const verdict = /VERDICT: (\w+)/.exec(r.stdout)?.[1] ?? '?';
  const rows: Row[] = [
    {
      measure: `every fault action (inject and heal): scheduled → dispatched`,
      value: spreadText(all, msText, { p99: true }),
      goal: `p95 < ${sec(DEFAULT_SLO.actionDelayMs)} (slo.action_delay)`,
      met: all.length > 0 && percentile(all, 95) < DEFAULT_SLO.actionDelayMs,
    },
    ...timingRows(faults),
    {
      measure: 'recovery-time resolution per fault: first canary after the heal written late by + seen late by',
      value:
        spreadText(res.perFault, msText, { p99: true }) +
        (res.noCanary ? `; ${res.noCanary} fault(s) without a seen canary` : ''),
      goal: `≤ ${RESOLUTION_MS} ms (RESOLUTION_MS, src/experiment/canaries.ts)`,
      met: res.perFault.length > 0 && median(res.perFault) <= RESOLUTION_MS,
    },
    { measure: '… of which: heal → first canary written', value: spreadText(res.writeLag, msText, { p99: true }) },
    {
      measure: `canary seen by the probe after the bench's watcher found it in MongoDB (polls every ${WATCH_MS} ms; every canary)`,
      value: spreadText(res.lookupLag, msText, { p99: true }),
    },
    {
      measure: `… the watcher's poll (every ${WATCH_MS} ms): its duration`,
      value: spreadText(watch.pollMs, msText, { p99: true }),
    },
  ];
  return {
    id: 'scenarios',
    title: 'Fault timing and recovery-time resolution',
    at: new Date().toISOString(),
    rows,
    notes: [
      `One \`cdc-chaos run\` (${sec(r.ms)}, exit ${r.code}, verdict ${verdict}) of a bench scenario firing ${SLOTS.length} faults per round, ${ROUNDS} rounds (every type of src/experiment/faults/: start, unpause and restart also as heals), one at a time: each fault ${FAULT_S} s, then ${GAP_S} s quiet; CHAOS_VUS=2 load and the probes running, time scale 1.`,
      'Dispatched: the chaos VU started the action (it sleeps to each offset in ≤ 1 s slices). In effect / healed: the fault or its undo seen in place by src/k6/fault-effect.ts, which looks every 50 ms (a container inspect or a Toxiproxy GET per look) for up to 3 s, so these times include up to one look; stress-ng is looked for after `sleep 0.5` (its observed check), its heal (pkill) is not looked at.',
      `Recovery-time resolution: a recovery time is "heal → first canary written after the heal seen in MongoDB", so it can be late by the time from the heal to that canary's write plus the time from the canary appearing in MongoDB to the probe seeing it. The first comes from the run's history; for the second the bench watches MongoDB itself while the run goes on (bench/lib/canary-watch.ts: the canaries' ids by _id every ${WATCH_MS} ms with the node driver, one small query each) and takes the probe's look against the watcher's first find (negative: the probe looked first; the watcher finds a canary up to one poll after it appeared, so the probe's lag is short by up to that much).`,
      errors.length
        ? `Action errors: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (+${errors.length - 5})` : ''}.`
        : 'No action errors.',
    ],
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(scenarios);
