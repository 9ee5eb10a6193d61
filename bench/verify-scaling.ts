// Bench 2 — verification scaling: time for the bundles' verification VU (src/k6/verify.ts: quiescence
// check, one scan per side, classification by src/experiment/verdict.ts) to reconcile 100k, 200k,
// 500k and 1M changes between PostgreSQL and MongoDB (FerretDB here), loaded straight into both sides
// (bench/lib/dataset.ts), and the growth ratio. Goals: 1M ≤ 30 s; 2× rows ≤ 2.2× time.
// Where the time goes: the verification journals a `verdict` per table, and bench/verify-parts.ts
// re-times the parts (PG scan, Mongo scan, classification) with the raw Node drivers.
// Run: npm run build && node out/bench/verify-scaling.js   (BENCH_SIZES=100000,200000,500000,1000000 BENCH_PARTS_AT=200000)
import { BENCH_PG_URL, MONGO_URL, BENCH_DB, createBenchDb, dropBenchDb } from './lib/benchdb.js';
import { bundleBench, loadScenario } from './lib/bundle.js';
import { loadRange } from './lib/dataset.js';
import { isEntry, standalone } from './lib/main.js';
import { metric, runBundle } from './lib/proc.js';
import type { Row, Section } from './lib/results.js';
import { fmt, int, sec } from './lib/stats.js';
import { timeParts, type Parts } from './verify-parts.js';

const REPRODUCE = 'npm run build && node out/bench/verify-scaling.js';

interface Point {
  changes: number;
  /** Set when the verification did not complete: what went wrong (a finding, not a bench bug). */
  error?: string;
  ms: number;
  convergenceMs: number;
  tablesMs: Record<string, number>;
  wallMs: number;
  parts?: Parts;
}

async function verifyOnce(bundle: string, runId: string, changes: number): Promise<Point> {
  const r = await runBundle(bundle, {
    PG_URL: BENCH_PG_URL,
    MONGO_URL,
    MONGO_DB: BENCH_DB,
    BENCH_RUN_ID: runId,
    // The data set is complete before the run: the first convergence check must pass; a short
    // timeout turns a bench bug into a quick failure instead of a long wait.
    CHAOS_QUIESCENCE_TIMEOUT: '20s',
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
    return {
      changes,
      ms: NaN,
      convergenceMs: NaN,
      tablesMs: {},
      wallMs: r.ms,
      error: `exit ${r.code}, keys verified ${verified || 0}, problem counters ${bad.join('/')}${why ? `: ${why}` : ''}`,
    };
  }
  // Per-table time: from the end of the previous step to the table's `verdict` journal line.
  const start = Date.parse(String(r.journal.find((j) => j.event === 'verification_start')?.at));
  const convergenceMs = metric(r, 'cdc_convergence_time', 'max');
  const tablesMs: Record<string, number> = {};
  let prev = start + convergenceMs;
  for (const j of r.journal.filter((e) => e.event === 'verdict')) {
    const at = Date.parse(String(j.at));
    tablesMs[String(j.table)] = at - prev;
    prev = at;
  }
  return { changes, ms: metric(r, 'cdc_verification_time', 'max'), convergenceMs, tablesMs, wallMs: r.ms };
}

export async function verifyScaling(): Promise<Section> {
  const sizes = (process.env.BENCH_SIZES ?? '100000,200000,500000,1000000').split(',').map(Number);
  // The parts are re-timed at one size (they grow linearly; at 1M they would add minutes of FerretDB
  // reads to the bench): BENCH_PARTS_AT=<size>, default the second size; 0 = never.
  const partsAt = Number(process.env.BENCH_PARTS_AT ?? sizes[Math.min(1, sizes.length - 1)]);
  const bundle = await bundleBench('verify', loadScenario('mongodb-failure'), 'bench-verify');
  const runId = `bench-v-${Date.now().toString(36)}`;
  const points: Point[] = [];
  const loads: string[] = [];
  await createBenchDb();
  try {
    let loaded = 0; // changes per table so far; a size counts changes over both tables
    for (const size of sizes) {
      const perTable = size / 2;
      const l = await loadRange(runId, loaded, perTable);
      loads.push(
        `+${int((perTable - loaded) * 2)} rows: PG ${sec(l.pgMs)}, FerretDB ${sec(l.mongoMs)} (${int(((perTable - loaded) * 2) / (l.mongoMs / 1000))} docs/s)`,
      );
      loaded = perTable;
      const p = await verifyOnce(bundle, runId, size);
      if (size === partsAt) p.parts = await timeParts(runId);
      points.push(p);
      if (p.error) {
        console.error(`verification of ${int(size)} changes did not complete: ${p.error}`);
        break; // larger sizes only fail the same way, slower
      }
      console.error(
        `verification of ${int(size)} changes: ${sec(p.ms)} (quiescence check ${sec(p.convergenceMs)}, ${Object.entries(
          p.tablesMs,
        )
          .map(([t, ms]) => `${t} ${sec(ms)}`)
          .join(', ')})`,
      );
    }
  } finally {
    await dropBenchDb();
  }
  const rows: Row[] = [];
  for (const p of points) {
    const goal = p.changes === 1_000_000 ? { goal: '≤ 30 s', met: !p.error && p.ms <= 30_000 } : {};
    const value = p.error
      ? `did not complete (${sec(p.wallMs)}): ${p.error}`
      : `${sec(p.ms)} (${int(p.changes / (p.ms / 1000))} changes/s)`;
    rows.push({ measure: `reconcile ${int(p.changes)} changes`, value, ...goal });
  }
  const done = points.filter((p) => !p.error);
  for (let i = 1; i < done.length; i++) {
    const a = done[i - 1];
    const b = done[i];
    const k = b.changes / a.changes;
    const ratio = b.ms / a.ms;
    // Goal "2× rows ≤ 2.2× time", i.e. growth ≤ 1.1× linear: judged for every step as ratio ÷ k.
    rows.push({
      measure: `${int(a.changes)} → ${int(b.changes)} (${fmt(k, 1)}× rows)`,
      value: `${fmt(ratio, 2)}× time (${fmt(ratio / k, 2)}× linear)`,
      goal: '≤ 1.1× linear',
      met: ratio / k <= 1.1,
    });
  }
  const notes = [
    `Data: half customers, half orders, one run id, loaded cumulatively (${loads.join('; ')}). Each size is one \`cdc-chaos run\` of a bundle whose only VU calls verifyVu() — the bundles' code, bundled as they are.`,
    ...done.map(
      (p) =>
        `${int(p.changes)}: quiescence check (converged(): PG count+sum per shard and the MongoDB reads, one find per shard) ${sec(p.convergenceMs)}; ${Object.entries(
          p.tablesMs,
        )
          .map(([t, ms]) => `${t} PG scan + classify (the MongoDB side is the check's last read) ${sec(ms)}`)
          .join(
            '; ',
          )}; rest ${sec(p.ms - p.convergenceMs - Object.values(p.tablesMs).reduce((a, b) => a + b, 0))}; process wall ${sec(p.wallMs)}.`,
    ),
    ...points
      .filter((p) => p.parts)
      .map((p) => {
        const parts = p.parts as Parts;
        return (
          `Where the time goes at ${int(p.changes)} (raw Node drivers, same queries, no bridge): ${parts.summary} ` +
          `So the verification (${sec(p.ms)}) costs ${fmt(p.ms / parts.mongoFindMs, 1)}× one FerretDB fetch of both collections (paged as the verification pages), and ${fmt(p.ms / Math.max(1, parts.pgScanMs), 0)}× the PG scan. ` +
          `One FerretDB pass per table (PG scan + one fetch + clone + classify, linear) would reconcile 1,000,000 changes in ≈ ${sec(((parts.pgScanMs + parts.mongoFindMs + parts.cloneMs + parts.classifyMs) * 1_000_000) / p.changes)}.`
        );
      }),
  ];
  return {
    id: 'verify-scaling',
    title: 'Verification scaling (PG ↔ FerretDB)',
    at: new Date().toISOString(),
    rows,
    notes,
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(verifyScaling);
