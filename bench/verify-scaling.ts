// Bench 2 — verification at the stack's read limit: per size (changes over both tables, each size a run of its own,
// all loaded straight into PostgreSQL and MongoDB — FerretDB here — by bench/lib/dataset.ts before the first round),
// rounds that take every size in turn (ascending, then descending) and alternate the order of the
// harness's verification (the bundles' verification readers, src/k6/verify.ts: quiescence check, one scan per
// side, classification by src/experiment/verdict.ts, the parts merged; one `cdc-chaos run`) and the raw read of
// the same data with the raw Node drivers (bench/verify-parts.ts), serial and split among as many concurrent
// readers as the harness has, so a drift of the shared machine hits all alike. The figure is the ratio per round:
// verification ÷ (raw PG read + raw FerretDB read), against the serial read (the goal's) and against the concurrent
// one (the same concurrency). Goals (issue 15): ≤ 1.1× at 200k and 1M; 2× rows ≤ 2.1× time, taken within each
// round: FerretDB's speed drifts by 15 % within an hour here, and a size's rounds taken 20 min after the previous
// size's measured that drift as growth.
// Run: npm run build && node out/bench/verify-scaling.js   (BENCH_SIZES=200000,500000,1000000 BENCH_ROUNDS=5,
// or one count per size: BENCH_ROUNDS=5,5,2; CHAOS_VERIFY_READERS as for a run, default 2). On throwaway servers instead of the stack: node out/bench/verify-services.js
import { BENCH_PG_URL, MONGO_URL, BENCH_DB, createBenchDb, dropBenchDb } from './lib/benchdb.js';
import { bundleBench, loadScenario } from './lib/bundle.js';
import { reapedChildrenCpu } from './lib/cpu.js';
import { loadRange } from './lib/dataset.js';
import { isEntry, standalone } from './lib/main.js';
import { metric, runBundle } from './lib/proc.js';
import { saveSection, type Row, type Section } from './lib/results.js';
import { fmt, int, sec, spread } from './lib/stats.js';
import { rawRead, type RawRead } from './verify-parts.js';

const REPRODUCE = 'npm run build && node out/bench/verify-scaling.js';

const READERS = Number(process.env.CHAOS_VERIFY_READERS ?? 2);

interface Verification {
  ms: number;
  /** Until the last reader's shards agreed (they were read then). */
  convergenceMs: number;
  wallMs: number;
}

interface Round {
  raw: RawRead;
  /** The raw read split among READERS concurrent readers. */
  par: RawRead;
  v: Verification;
  /** Client CPU seconds: the `cdc-chaos run` process (start-up included), and this process during the serial raw read. */
  cpu: { harness: number; raw: number };
  /** v.ms ÷ (raw.pgMs + raw.mongoMs) */
  ratio: number;
  /** v.ms ÷ (par.pgMs + par.mongoMs) */
  ratioPar: number;
  harnessFirst: boolean;
  /** Which round of the run: growth pairs the sizes' rounds of the same number. */
  round: number;
}

interface Point {
  changes: number;
  runId: string;
  /** Rounds this size gets. */
  count: number;
  rounds: Round[];
  /** Set when a verification did not complete: what went wrong (a finding, not a bench bug). */
  error?: string;
}

async function verifyOnce(bundle: string, runId: string, changes: number): Promise<Verification | string> {
  const r = await runBundle(bundle, {
    PG_URL: BENCH_PG_URL,
    MONGO_URL,
    MONGO_DB: BENCH_DB,
    BENCH_RUN_ID: runId,
    // The data set is complete before the run: the first convergence check must pass; a short
    // timeout turns a bench bug into a quick failure instead of a long wait.
    CHAOS_QUIESCENCE_TIMEOUT: '20s',
    CHAOS_VERIFY_READERS: String(READERS),
  });
  const verified = metric(r, 'cdc_rows_verified', 'count');
  const bad = [
    'cdc_lost',
    'cdc_stale',
    'cdc_phantom',
    'cdc_resurrected',
    'cdc_duplicates',
    'cdc_quiescence_timeouts',
  ].map((m) => metric(r, m, 'count') || 0); // absent = never added to
  if (r.code !== 0 || verified !== changes || bad.some((b) => b !== 0)) {
    // The extension's own errors (e.g. xk6-mongo's 30 s per-operation deadline) are the finding.
    const why = [
      ...new Set(
        r.stderr
          .split('\n')
          .map((l) => /Error while [^\n]*/.exec(l)?.[0])
          .filter((l): l is string => !!l),
      ),
    ].join('; ');
    return `exit ${r.code} after ${sec(r.ms)}, keys verified ${verified || 0}, problem counters ${bad.join('/')}${why ? `: ${why}` : ''}`;
  }
  return {
    ms: metric(r, 'cdc_verification_time', 'max'),
    convergenceMs: metric(r, 'cdc_convergence_time', 'max'),
    wallMs: r.ms,
  };
}

const list = (v: number[], f: (x: number) => string): string => {
  const { min, med, max } = spread(v);
  return `${f(med)} (min ${f(min)}, max ${f(max)})`;
};

/** The section of what has been measured so far. */
function section(points: Point[], loads: string[]): Section {
  const rows: Row[] = [];
  const done = points.filter((p) => p.rounds.length > 0);
  for (const p of points) {
    const n = int(p.changes);
    if (p.rounds.length === 0) {
      rows.push({ measure: `verify ${n} changes`, value: `did not complete: ${p.error}` });
      continue;
    }
    const ratios = p.rounds.map((r) => r.ratio);
    const judged = p.changes === 200_000 || p.changes === 1_000_000;
    rows.push({
      measure: `verify ${n} changes ÷ raw read (PG + FerretDB), ${p.rounds.length} round(s)`,
      value: list(ratios, (x) => `${fmt(x, 2)}×`),
      ...(judged ? { goal: '≤ 1.1× (median)', met: spread(ratios).med <= 1.1 } : {}),
    });
    rows.push({
      measure: `verify ${n} changes ÷ raw read split among ${READERS} concurrent readers, as the verification's`,
      value: list(
        p.rounds.map((r) => r.ratioPar),
        (x) => `${fmt(x, 2)}×`,
      ),
    });
    rows.push({
      measure: `verify ${n} changes`,
      value: list(
        p.rounds.map((r) => r.v.ms),
        sec,
      ),
    });
    rows.push({
      measure: `client CPU ${n}: harness (whole \`run\` process) vs raw drivers`,
      value: `${list(
        p.rounds.map((r) => r.cpu.harness),
        (x) => `${fmt(x, 1)} s`,
      )} vs ${list(
        p.rounds.map((r) => r.cpu.raw),
        (x) => `${fmt(x, 1)} s`,
      )}`,
    });
    rows.push({
      measure: `raw read ${n}: PG + FerretDB`,
      value: `${list(
        p.rounds.map((r) => r.raw.pgMs),
        sec,
      )} + ${list(
        p.rounds.map((r) => r.raw.mongoMs),
        sec,
      )}`,
    });
    rows.push({
      measure: `raw read ${n}, ${READERS} concurrent readers: PG + FerretDB`,
      value: `${list(
        p.rounds.map((r) => r.par.pgMs),
        sec,
      )} + ${list(
        p.rounds.map((r) => r.par.mongoMs),
        sec,
      )}`,
    });
  }
  for (let i = 1; i < done.length; i++) {
    const a = done[i - 1];
    const b = done[i];
    const k = b.changes / a.changes;
    // Per round: the larger size's verification ÷ the smaller one's, both taken in that round.
    const growth = b.rounds.flatMap((rb) => {
      const ra = a.rounds.find((r) => r.round === rb.round);
      return ra ? [rb.v.ms / ra.v.ms] : [];
    });
    if (growth.length === 0) continue;
    const med = spread(growth).med;
    // "2× rows ≤ 2.1× time", i.e. growth ≤ 1.05× linear: judged for every step as the median ÷ k.
    rows.push({
      measure: `${int(a.changes)} → ${int(b.changes)} (${fmt(k, 1)}× rows), ${growth.length} round(s)`,
      value: `${list(growth, (x) => `${fmt(x, 2)}×`)} time (${fmt(med / k, 2)}× linear)`,
      goal: '≤ 1.05× linear (median)',
      met: med / k <= 1.05,
    });
  }
  const notes = [
    `Data: half customers, half orders, a run id per size, all loaded before the first round (${loads.join('; ')}). Verification: one \`cdc-chaos run\` of a bundle whose ${READERS} verification VUs (CHAOS_VERIFY_READERS) call verifyVu() — the bundles' code, bundled as they are — timed by its cdc_verification_time (the process's start-up is the \`run\` fixed cost, measured elsewhere). Raw read: node-postgres, one select per table of the columns the verification selects; the mongodb driver, one find({run_id, shard}) per collection and shard with the verification's projection; serial, and split among ${READERS} concurrent readers as the verification splits the shards.`,
    `Each round takes every size (ascending in odd rounds, descending in even ones) and, per size, alternates the order (harness, serial raw, concurrent raw in odd rounds; the reverse in even ones), so the shared machine's drift hits all alike; the ratios and the growth are taken within each round.`,
    ...done.map(
      (p) =>
        `${int(p.changes)} per round (verification, of it until the last reader's shards agreed; raw serial = PG + FerretDB; raw concurrent; ratios): ${p.rounds
          .map(
            (r, i) =>
              `#${i + 1}${r.harnessFirst ? ' (harness first)' : ''} ${sec(r.v.ms)} (${sec(r.v.convergenceMs)}), process wall ${sec(r.v.wallMs)}; raw ${sec(r.raw.pgMs)} + ${sec(r.raw.mongoMs)}; concurrent ${sec(r.par.pgMs)} + ${sec(r.par.mongoMs)}; ${fmt(r.ratio, 2)}× / ${fmt(r.ratioPar, 2)}×; client CPU ${fmt(r.cpu.harness, 1)} s vs ${fmt(r.cpu.raw, 1)} s`,
          )
          .join('; ')}.`,
    ),
  ];
  return {
    id: 'verify-scaling',
    title: 'Verification ÷ raw read (PG ↔ FerretDB)',
    at: new Date().toISOString(),
    rows,
    notes,
    reproduce: REPRODUCE,
  };
}

/** `progress` gets the section after every round: a long run (1M rounds take many minutes on FerretDB) that is
 *  interrupted keeps what it measured. */
export async function verifyScaling(progress?: (s: Section) => void): Promise<Section> {
  const sizes = (process.env.BENCH_SIZES ?? '200000,500000,1000000').split(',').map(Number);
  const counts = (process.env.BENCH_ROUNDS ?? '5').split(',').map(Number);
  const bundle = await bundleBench('verify', loadScenario('mongodb-failure'), 'bench-verify');
  const base = `bench-v-${Date.now().toString(36)}`;
  const points: Point[] = sizes.map((changes, i) => ({
    changes,
    runId: `${base}-${i}`,
    count: counts[Math.min(i, counts.length - 1)],
    rounds: [],
  }));
  const loads: string[] = [];
  await createBenchDb();
  try {
    for (const p of points) {
      const l = await loadRange(p.runId, 0, p.changes / 2); // a size counts changes over both tables
      loads.push(
        `${int(p.changes)} rows: PG ${sec(l.pgMs)}, FerretDB ${sec(l.mongoMs)} (${int(p.changes / (l.mongoMs / 1000))} docs/s)`,
      );
    }
    for (let r = 0; r < Math.max(...points.map((p) => p.count)); r++) {
      const inRound = points.filter((p) => r < p.count && !p.error);
      if (r % 2 === 1) inRound.reverse();
      for (const p of inRound) await measureRound(p, r, bundle);
      progress?.(section(points, loads));
    }
  } finally {
    await dropBenchDb();
  }
  return section(points, loads);
}

/** One round of one size: verification, serial raw read and concurrent raw read, in alternating order. */
async function measureRound(p: Point, r: number, bundle: string): Promise<void> {
  // Alternated: H S P, P S H, H S P, ...
  const harnessFirst = r % 2 === 0;
  let raw: RawRead | undefined;
  let par: RawRead | undefined;
  let rawCpu = 0;
  const readRaw = async (): Promise<void> => {
    const c0 = process.cpuUsage();
    raw = await rawRead(p.runId);
    const c = process.cpuUsage(c0);
    rawCpu = (c.user + c.system) / 1e6;
  };
  const readPar = async (): Promise<void> => {
    par = await rawRead(p.runId, READERS);
  };
  if (!harnessFirst) {
    await readPar();
    await readRaw();
  }
  const h0 = reapedChildrenCpu();
  const v = await verifyOnce(bundle, p.runId, p.changes);
  const harnessCpu = reapedChildrenCpu() - h0;
  if (harnessFirst) {
    await readRaw();
    await readPar();
  }
  const short = [raw, par].find((x) => x && (x.rows !== p.changes || x.docs !== p.changes));
  if (typeof v === 'string') p.error = v;
  else if (short) p.error = `raw read found ${short.rows} rows and ${short.docs} documents, not ${p.changes}`;
  else if (raw && par) {
    const round: Round = {
      raw,
      par,
      v,
      ratio: v.ms / (raw.pgMs + raw.mongoMs),
      ratioPar: v.ms / (par.pgMs + par.mongoMs),
      harnessFirst,
      round: r,
      cpu: { harness: harnessCpu, raw: rawCpu },
    };
    p.rounds.push(round);
    console.error(
      `${int(p.changes)} round ${r + 1}: verification ${sec(v.ms)} (shards agreed after ${sec(v.convergenceMs)}), raw PG ${sec(raw.pgMs)} + raw FerretDB ${sec(raw.mongoMs)} → ${fmt(round.ratio, 2)}×; ${READERS} concurrent raw readers ${sec(par.pgMs)} + ${sec(par.mongoMs)} → ${fmt(round.ratioPar, 2)}×; client CPU ${fmt(harnessCpu, 1)} s vs ${fmt(rawCpu, 1)} s`,
    );
  }
  // A failed size is left out of later rounds; the others go on.
  if (p.error) console.error(`verification of ${int(p.changes)} changes did not complete: ${p.error}`);
}

if (isEntry(import.meta.url)) await standalone(() => verifyScaling(saveSection));
