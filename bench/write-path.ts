// Bench 1 — write path vs the limit: rows/s the bundles' load iteration (src/k6/load.ts, run by
// `cdc-chaos run` with N constant VUs, insert-only mix, no think time) writes into the stack's
// PostgreSQL, against pgbench inserting single rows into the same tables with N clients. Rounds
// alternate A B C C B A (C: the same inserts with the raw Node pg driver, no runtime) so a drift of the shared machine hits both sides alike; tables are emptied before
// every round so each round starts from the same state. Goal: harness ≥ 0.5× pgbench. Rates and CPU per row are
// taken in stride (the round's second half, every side alike) and over the whole round: every VU is a V8 isolate of
// its own that profiles and compiles the load's code itself, so the harness reaches its rate seconds after its first
// row, and a short round measures mostly that warm-up (reported as its own figure).
// Run: npm run build && node out/bench/write-path.js   (BENCH_VUS=10 BENCH_ROUND_S=20 BENCH_ROUNDS=5: 10 rounds a side;
// PG_URL / MONGO_URL, e.g. a throwaway PostgreSQL with a `cdc` database, run it without the stack)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresCpu, reapedChildrenCpu, threadsCpu } from './lib/cpu.js';
import { BENCH_PG_URL, createBenchDb, dropBenchDb } from './lib/benchdb.js';
import { bundleBench, loadScenario } from './lib/bundle.js';
import { isEntry, standalone } from './lib/main.js';
import { exec, metric, runBundle } from './lib/proc.js';
import type { Row, Section } from './lib/results.js';
import { DEFAULT_LOAD } from '../src/experiment/scenario.js';
import { fmt, int, mean, percentile } from './lib/stats.js';

const REPRODUCE = 'npm run build && node out/bench/write-path.js';

async function onBench<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Rows written under the run id so far. */
async function rowsOf(runId: string): Promise<number> {
  return onBench(async (c) => {
    const r = await c.query<{ n: number }>(
      `select (select count(*) from customers where run_id = $1) + (select count(*) from orders where run_id = $1) as n`,
      [runId],
    );
    return Number(r.rows[0].n);
  });
}

/** A round's writes: rows ÷ span from the first to the last commit (updated_at = now() of the row's transaction). */
interface Written {
  rows: number;
  spanS: number;
  /** In stride: the rows committed from `strideFromS` after the first commit on, and their span. */
  strideRows: number;
  strideSpanS: number;
}

async function written(runId: string, strideFromS: number): Promise<Written> {
  return onBench(async (c) => {
    const r = await c.query<{ n: number; span: number; sn: number; sspan: number }>(
      `with w as (select updated_at as t from customers where run_id = $1 union all select updated_at from orders where run_id = $1),
            b as (select min(t) as t0, max(t) as t1, min(t) + make_interval(secs => $2) as ts from w)
       select (select count(*) from w)::int as n, extract(epoch from t1 - t0)::float8 as span,
              (select count(*) from w where t >= ts)::int as sn, extract(epoch from t1 - ts)::float8 as sspan
         from b`,
      [runId, strideFromS],
    );
    const x = r.rows[0];
    return { rows: x.n, spanS: x.span, strideRows: x.sn, strideSpanS: x.sspan };
  });
}

/** Where the stride window starts and when its CPU snapshots are taken, relative to a round's first commit. */
function strideWindow(seconds: number): { fromS: number; untilS: number } {
  return { fromS: seconds / 2, untilS: seconds - 1 };
}

/** Same starting state for every round (the bench database is ours alone). */
async function emptyTables(): Promise<void> {
  await onBench(async (c) => {
    await c.query('truncate customers, orders');
    await c.query('checkpoint');
  });
}

/**
 * pgbench scripts mirroring the load's inserts: one row per transaction, customers or orders with equal
 * weight, parameters of the same types, `returning version` — over the extended protocol, which is what
 * the pg driver behind k6/x/sql speaks for parameterized statements.
 */
function pgbenchScripts(runId: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-pgbench-'));
  const customers = join(dir, 'customers.sql');
  const orders = join(dir, 'orders.sql');
  writeFileSync(
    customers,
    `insert into customers (id, run_id, version, email, status, balance) values ('${runId}-pc-' || gen_random_uuid(), '${runId}', 1, '${runId}@chaos.test', 'active', (random() * 10000)::int) returning version;\n`,
  );
  writeFileSync(
    orders,
    `insert into orders (id, run_id, version, customer_id, amount, status) values ('${runId}-po-' || gen_random_uuid(), '${runId}', 1, 'none', 1 + (random() * 100000)::int, 'new') returning version;\n`,
  );
  return [`${customers}@1`, `${orders}@1`];
}

interface Round {
  side: 'harness' | 'pgbench' | 'raw-pg';
  rowsPerSec: number;
  /** The same in stride (the round's second half). */
  strideRowsPerSec: number;
  /** The round's first half (its rows before the stride window ÷ that span): a side's warm-up. */
  firstHalfRowsPerSec: number;
  detail: string;
  /** CPU µs per row: the client process (cdc-chaos run / pgbench) and the PostgreSQL server. */
  clientUs: number;
  serverUs: number;
  rows: number;
  /** Harness and raw pg: the client's CPU per row in stride. */
  stride: Stride | null;
}

type RoundResult = Pick<Round, 'side' | 'detail'> & Written & { ownCpuUs?: number; stride?: Stride | null };

/** Runs one round and charges its CPU (client and server) to its rows. */
async function measured(strideFromS: number, round: () => Promise<RoundResult>): Promise<Round> {
  const c0 = reapedChildrenCpu();
  const s0 = postgresCpu();
  const r = await round();
  // A child's CPU, or this process's own for the in-process side.
  const clientUs = r.ownCpuUs ?? ((reapedChildrenCpu() - c0) * 1e6) / r.rows;
  return {
    side: r.side,
    rowsPerSec: r.rows / r.spanS,
    strideRowsPerSec: r.strideRows / r.strideSpanS,
    firstHalfRowsPerSec: (r.rows - r.strideRows) / strideFromS,
    detail: `${int(r.rows)} rows in ${fmt(r.spanS, 2)} s (in stride ${int(r.strideRows)} in ${fmt(r.strideSpanS, 2)} s), ${r.detail}`,
    clientUs,
    serverUs: ((postgresCpu() - s0) * 1e6) / r.rows,
    rows: r.rows,
    stride: r.stride ?? null,
  };
}

async function pgbenchRound(vus: number, seconds: number, runId: string) {
  const u = new URL(BENCH_PG_URL);
  const args = [
    '-n',
    '-M',
    'extended',
    '-c',
    String(vus),
    '-j',
    '2',
    '-T',
    String(seconds),
    '-h',
    u.hostname,
    '-p',
    u.port,
    '-U',
    u.username,
  ];
  for (const f of pgbenchScripts(runId)) args.push('-f', f);
  args.push(u.pathname.slice(1));
  const r = await exec('pgbench', args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } });
  if (r.code !== 0) throw new Error(`pgbench exit ${r.code}: ${r.stderr.slice(-500)}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1] ?? NaN);
  return {
    side: 'pgbench' as const,
    ...(await written(runId, strideWindow(seconds).fromS)),
    detail: `pgbench's own tps ${fmt(tps, 0)}`,
  };
}

/**
 * Side C: the same inserts as src/k6/load.ts (statements copied: that file is k6-only) from this
 * process with the raw pg driver, N concurrent async loops on one pool — the harness minus the
 * runtime (VU workers, sync bridge, metric samples), to split the gap to pgbench in two.
 */
async function rawRound(vus: number, seconds: number, runId: string) {
  const pool = new pg.Pool({ connectionString: BENCH_PG_URL, max: vus });
  await Promise.all(Array.from({ length: vus }, () => pool.query('select 1')));
  const cpu0 = process.cpuUsage();
  const start = Date.now();
  const until = start + seconds * 1000;
  // The stride window's CPU, as the harness's is taken: snapshots at the same offsets from the first row.
  const win = strideWindow(seconds);
  let done = 0;
  const snap = () => ({ cpu: process.cpuUsage(), rows: done });
  const at = (s: number) => new Promise<ReturnType<typeof snap>>((r) => setTimeout(() => r(snap()), s * 1000));
  const snaps = Promise.all([at(win.fromS), at(win.untilS)]);
  await Promise.all(
    Array.from({ length: vus }, async (_, vu) => {
      for (let seq = 1; Date.now() < until; seq++) {
        const key = `${runId}-n-${vu}-${seq}`;
        if (seq % 2)
          await pool.query(
            'insert into customers (id, run_id, version, email, status, balance) values ($1, $2, 1, $3, $4, $5) returning version',
            [key, runId, `${key}@chaos.test`, 'active', Math.floor(Math.random() * 10_000)],
          );
        else
          await pool.query(
            'insert into orders (id, run_id, version, customer_id, amount, status) values ($1, $2, 1, $3, $4, $5) returning version',
            [key, runId, 'none', 1 + Math.floor(Math.random() * 100_000), 'new'],
          );
        done++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const [a, b] = await snaps;
  await pool.end();
  const w = await written(runId, win.fromS);
  const strideUs = (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / (b.rows - a.rows);
  return {
    side: 'raw-pg' as const,
    ...w,
    detail: `CPU in stride ${fmt(strideUs, 0)} µs/row`,
    ownCpuUs: (cpu.user + cpu.system) / w.rows,
    stride: { totalUs: strideUs, ioUs: NaN, restUs: NaN },
  };
}

/** A client's CPU per row in stride, ÷ rows written meanwhile (start-up, warm-up and summary excluded). */
interface Stride {
  totalUs: number;
  /** Harness: the busiest thread besides main (a VU thread: k6/x/sql runs libpq there). */
  ioUs: number;
  /** Harness: every other thread (the other VUs, main, libuv, V8). */
  restUs: number;
}

async function harnessRound(bundle: string, vus: number, seconds: number, runId: string) {
  let sampled: Promise<Stride | null> = Promise.resolve(null);
  const r = await runBundle(
    bundle,
    { PG_URL: BENCH_PG_URL, BENCH_VUS: String(vus), BENCH_DURATION: `${seconds}s`, BENCH_RUN_ID: runId },
    {
      onSpawn: (pid) => {
        sampled = sampleInStride(pid, runId, seconds);
      },
    },
  );
  if (r.code !== 0) throw new Error(`cdc-chaos run exit ${r.code}: ${r.stderr.slice(-800)}`);
  const stride = await sampled;
  const ok = metric(r, 'cdc_success_rate', 'value');
  return {
    side: 'harness' as const,
    ...(await written(runId, strideWindow(seconds).fromS)),
    stride,
    detail:
      `write latency med ${fmt(metric(r, 'cdc_write_duration', 'med'))} ms / p99 ${fmt(metric(r, 'cdc_write_duration', 'p(99)'))} ms, success ${fmt(ok * 100, 2)} %` +
      (stride ? `, CPU in stride ${fmt(stride.totalUs, 0)} µs/row (busiest thread ${fmt(stride.ioUs, 0)})` : ''),
  };
}

/** Two snapshots of the run's threads in the stride window (offsets from its first row, as the raw side's). */
async function sampleInStride(pid: number, runId: string, seconds: number): Promise<Stride | null> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // The first rows (start-up: bundling, workers) start the clock.
  for (let i = 0; i < 600 && (await rowsOf(runId)) === 0; i++) await sleep(50);
  const first = Date.now();
  const win = strideWindow(seconds);
  await sleep(first + win.fromS * 1000 - Date.now());
  const a = threadsCpu(pid);
  const ra = await rowsOf(runId);
  await sleep(first + win.untilS * 1000 - Date.now());
  const b = threadsCpu(pid);
  const rb = await rowsOf(runId);
  if (a.size === 0 || b.size === 0 || rb <= ra) return null;
  const delta = [...b].map(([tid, cpu]) => ({ tid, cpu: cpu - (a.get(tid) ?? 0) }));
  const total = delta.reduce((s, d) => s + d.cpu, 0);
  const io = delta.filter((d) => d.tid !== pid).reduce((m, d) => Math.max(m, d.cpu), 0);
  const per = (cpu: number) => (cpu * 1e6) / (rb - ra);
  return { totalUs: per(total), ioUs: per(io), restUs: per(total - io) };
}

interface ExplainPlan {
  'Execution Time': number;
  Triggers?: { 'Trigger Name': string; Time: number }[];
}

/**
 * The shard trigger's own cost (src/stack/schema.sql sets a row's shard from md5 of its key): EXPLAIN ANALYZE of one
 * multi-row insert into customers with the trigger enabled, alternated with the same insert with it disabled.
 * PostgreSQL's time in the trigger per row (its Triggers entry), and the insert's time per row either way.
 */
async function shardTriggerCost(rounds: number): Promise<Row[]> {
  const N = 50_000;
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  const inTrigger: number[] = [];
  const per = { on: [] as number[], off: [] as number[] };
  try {
    for (let i = 0; i < rounds; i++) {
      for (const enabled of i % 2 === 0 ? [true, false] : [false, true]) {
        await c.query('truncate customers');
        await c.query(`alter table customers ${enabled ? 'enable' : 'disable'} trigger cdc_chaos_shard`);
        const r = await c.query<{ 'QUERY PLAN': ExplainPlan[] }>(
          `explain (analyze, format json) insert into customers (id, run_id, version, email, status, balance)
             select 'bench-t-' || g, 'bench-t', 1, 'x', 'active', 0 from generate_series(1, ${N}) g`,
        );
        const plan = r.rows[0]['QUERY PLAN'][0];
        per[enabled ? 'on' : 'off'].push((plan['Execution Time'] * 1000) / N);
        if (enabled) {
          const t = (plan.Triggers ?? []).find((x) => x['Trigger Name'] === 'cdc_chaos_shard');
          if (!t) throw new Error('EXPLAIN ANALYZE lists no cdc_chaos_shard trigger: is src/stack/schema.sql applied?');
          inTrigger.push((t.Time * 1000) / N);
        }
      }
    }
  } finally {
    await c.query('alter table customers enable trigger cdc_chaos_shard').catch(() => undefined);
    await c.query('truncate customers').catch(() => undefined);
    await c.end();
  }
  const us = (v: number[]) =>
    `median ${fmt(percentile(v, 50), 1)} µs (min ${fmt(Math.min(...v), 1)}, max ${fmt(Math.max(...v), 1)}; ${v.length} rounds)`;
  return [
    {
      measure: `shard trigger (schema.sql): PostgreSQL's time in it per inserted row (${int(N)}-row insert, EXPLAIN ANALYZE)`,
      value: us(inTrigger),
    },
    {
      measure: 'the same insert per row, trigger enabled / disabled (alternated)',
      value: `${us(per.on)} / ${us(per.off)}`,
    },
  ];
}

export async function writePath(): Promise<Section> {
  const vusList = (process.env.BENCH_VUS ?? '10').split(',').map(Number);
  const seconds = Number(process.env.BENCH_ROUND_S ?? 20);
  const cycles = Number(process.env.BENCH_ROUNDS ?? 5);
  const win = strideWindow(seconds);
  const scenario = loadScenario('mongodb-failure');
  // Insert-only, no think time: the load code's capacity for single-row inserts, as pgbench's script.
  scenario.load = { ...scenario.load, mix: { insert: 1, update: 0, delete: 0 }, thinkMs: 0, hotKeys: 0 };
  const bundle = await bundleBench('load', scenario, 'bench-load');
  const rows: Row[] = [];
  const notes: string[] = [];
  await createBenchDb();
  try {
    for (const vus of vusList) {
      const rounds: Round[] = [];
      let n = 0;
      for (let c = 0; c < cycles; c++) {
        // A B C C B A: a linear drift of the machine weighs the same on every side.
        for (const side of ['harness', 'pgbench', 'raw-pg', 'raw-pg', 'pgbench', 'harness'] as const) {
          await emptyTables();
          const runId = `bench-w-${Date.now().toString(36)}-${++n}`;
          const r = await measured(win.fromS, () =>
            side === 'harness'
              ? harnessRound(bundle, vus, seconds, runId)
              : side === 'pgbench'
                ? pgbenchRound(vus, seconds, runId)
                : rawRound(vus, seconds, runId),
          );
          console.error(
            `write path ${vus} VUs round ${n} ${side}: ${fmt(r.strideRowsPerSec, 0)} rows/s in stride, ${fmt(r.rowsPerSec, 0)} whole (${r.detail}; CPU/row client ${fmt(r.clientUs, 0)} µs, PG ${fmt(r.serverUs, 0)} µs)`,
          );
          rounds.push(r);
        }
      }
      const of = (side: Round['side']) => rounds.filter((r) => r.side === side);
      // Each harness round against the raw-pg (pgbench) round nearest to it in time (A B C C B A: two pairs per cycle).
      const nearest = (other: Round['side']) =>
        rounds.flatMap((r, i) => {
          if (r.side !== 'harness') return [];
          const near = rounds
            .map((x, j) => ({ x, d: Math.abs(j - i) }))
            .filter(({ x }) => x.side === other)
            .sort((a, b) => a.d - b.d)[0]?.x;
          return near ? [{ h: r, raw: near }] : [];
        });
      const pairs = nearest('raw-pg');
      const spread = (v: number[]) =>
        `${fmt(percentile(v, 50), 2)}× (min ${fmt(Math.min(...v), 2)}, max ${fmt(Math.max(...v), 2)}; pairs ${v.map((x) => fmt(x, 2)).join(' ')})`;
      const strideRatios = pairs.map((p) => p.h.strideRowsPerSec / p.raw.strideRowsPerSec);
      const wholeRatios = pairs.map((p) => p.h.rowsPerSec / p.raw.rowsPerSec);
      const cpuRatios = pairs.flatMap((p) =>
        p.h.stride && p.raw.stride ? [p.h.stride.totalUs / p.raw.stride.totalUs] : [],
      );
      const benchRatios = nearest('pgbench').map((p) => p.h.strideRowsPerSec / p.raw.strideRowsPerSec);
      const warmUp = (side: Round['side']) => of(side).map((r) => r.firstHalfRowsPerSec / r.strideRowsPerSec);
      const sideSpread = (side: Round['side'], k: 'strideRowsPerSec' | 'rowsPerSec') => {
        const v = of(side).map((r) => r[k]);
        return `median ${fmt(percentile(v, 50), 0)} (min ${fmt(Math.min(...v), 0)}, max ${fmt(Math.max(...v), 0)}; ${v.length} rounds)`;
      };
      const ratioSpread = (v: number[]) =>
        `median ${fmt(percentile(v, 50), 2)}× (min ${fmt(Math.min(...v), 2)}, max ${fmt(Math.max(...v), 2)}; ${v.length} rounds)`;
      const stride = `in stride (the last ${fmt(seconds - win.fromS, 0)} s of ${fmt(seconds, 0)} s rounds)`;
      rows.push({
        measure: `harness load rows/s, ${vus} VUs (insert-only, no think time), ${stride}`,
        value: `${sideSpread('harness', 'strideRowsPerSec')}; whole round ${sideSpread('harness', 'rowsPerSec')}`,
      });
      rows.push({
        measure: `pgbench rows/s, ${vus} clients (same inserts), ${stride}`,
        value: sideSpread('pgbench', 'strideRowsPerSec'),
      });
      rows.push({
        measure: `harness ÷ pgbench, ${vus} VUs, in stride (median of pairs)`,
        value: spread(benchRatios),
        goal: '≥ 0.5×',
        met: percentile(benchRatios, 50) >= 0.5,
      });
      rows.push({
        measure: `raw Node pg driver rows/s, ${vus} concurrent (same inserts, no runtime), ${stride}`,
        value: `${sideSpread('raw-pg', 'strideRowsPerSec')}; whole round ${sideSpread('raw-pg', 'rowsPerSec')}`,
      });
      rows.push({
        measure: `harness ÷ raw Node pg rows/s, ${vus} VUs, in stride (median of pairs)`,
        value: spread(strideRatios),
        goal: '≥ 0.9×',
        met: percentile(strideRatios, 50) >= 0.9,
      });
      rows.push({
        measure: `harness ÷ raw Node pg rows/s, ${vus} VUs, whole ${fmt(seconds, 0)} s round (each VU's JIT warm-up included)`,
        value: spread(wholeRatios),
      });
      rows.push({
        measure: `warm-up: a round's first half ÷ its stride, rows/s`,
        value: `harness ${ratioSpread(warmUp('harness'))}; raw pg ${ratioSpread(warmUp('raw-pg'))}; pgbench ${ratioSpread(warmUp('pgbench'))}`,
      });
      rows.push({
        measure: `harness client CPU per row ÷ raw pg's, ${vus} VUs, in stride (median of pairs)`,
        value: spread(cpuRatios),
        goal: '≤ 2×',
        met: percentile(cpuRatios, 50) <= 2,
      });
      const cpu = (side: Round['side'], k: 'clientUs' | 'serverUs') => fmt(mean(of(side).map((r) => r[k])), 0);
      const inStride = (side: Round['side'], k: keyof Stride) =>
        fmt(mean(of(side).flatMap((r) => (r.stride ? [r.stride[k]] : []))), 0);
      rows.push({
        measure: `CPU µs per row, ${vus} VUs: client / PostgreSQL`,
        value:
          `harness ${cpu('harness', 'clientUs')} / ${cpu('harness', 'serverUs')} (whole run; in stride: ${inStride('harness', 'totalUs')}, of which busiest thread ${inStride('harness', 'ioUs')}, the others ${inStride('harness', 'restUs')}); ` +
          `raw pg ${cpu('raw-pg', 'clientUs')} / ${cpu('raw-pg', 'serverUs')} (in stride: ${inStride('raw-pg', 'totalUs')}); pgbench ${cpu('pgbench', 'clientUs')} / ${cpu('pgbench', 'serverUs')}`,
      });
      notes.push(
        `${vus} VUs, rounds of ${seconds} s in order ${rounds.map((r) => `${r.side} ${fmt(r.strideRowsPerSec, 0)}/s in stride, ${fmt(r.rowsPerSec, 0)}/s whole (${r.detail}; CPU/row client ${fmt(r.clientUs, 0)} µs, PG ${fmt(r.serverUs, 0)} µs)`).join('; ')}.`,
      );
    }
    rows.push(...(await shardTriggerCost(Math.max(5, cycles * 2))));
  } finally {
    await dropBenchDb();
  }
  notes.push(
    'The harness runs k6/x/sql on its VU threads through libpq (packages/k6-node-runtime/native/pq.c), no thread hop per statement; raw pg is node-pg with one pool in one process.',
    "Both sides write into database cdc_bench on the stack's PostgreSQL (fsync and synchronous_commit on, one commit per row), " +
      "outside Debezium's database so no round feeds the pipeline; rows/s = rows found under the round's run id ÷ time from its first to its last commit; " +
      `in stride = the rows committed from ${fmt(win.fromS, 0)} s after the round's first commit on ÷ their span, on every side alike (the goals are judged there: ` +
      "each VU is a V8 isolate of its own that profiles and compiles the load's code itself, which takes the harness seconds; the whole-round ratio and the warm-up line show that cost).",
    `CPU per row: the client process's CPU (all its threads; for the harness the whole run incl. bundling, worker start-up and summary) and the stack PostgreSQL server's (postmaster + backends, other databases' background work included) over the round, ÷ rows; in stride: the client's CPU between two snapshots ${fmt(win.fromS, 0)} s and ${fmt(win.untilS, 0)} s after its first row (the harness's threads from /proc, raw pg's process.cpuUsage()) ÷ the rows written meanwhile.`,
    `Real scenarios pace the load with think time (default ${DEFAULT_LOAD.thinkMs} ms per write and VU): ${DEFAULT_LOAD.vus} VUs ask for ≤ ${int((DEFAULT_LOAD.vus * 1000) / DEFAULT_LOAD.thinkMs)} writes/s, far below this capacity.`,
  );
  return {
    id: 'write-path',
    title: 'Write path vs pgbench',
    at: new Date().toISOString(),
    rows,
    notes,
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(writePath);
