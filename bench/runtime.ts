// Runtime benchmarks (numbers, never a timed test):
//  1. sync-bridge round trip (echo op: what k6/x/mongo, k6/x/docker and k6/http calls pay) and a k6/x/sql
//     `select 1` from VU threads (libpq addon, no bridge) vs the raw pg driver in the same process (ratios per
//     alternated round raw/k6/raw/…, reported as median, min and max);
//  2. empty-iteration throughput with 10 VUs through the real CLI (goal ≥ 20k/s).
// Start-up and memory per VU: bench/startup.ts.
// Run: npm run build && node out/bench/runtime.js   (PG_URL defaults to the local stack's)
import { Worker } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { IoHost } from 'k6-node-runtime/bridge/host.js';
import { DEFAULT_ENDPOINTS } from '../src/experiment/contract.js';

const root = fileURLToPath(new URL('../../', import.meta.url)); // out/bench → repo root
const out = (p: string): string => import.meta.resolve(`k6-node-runtime/${p}`);
const PG_URL = process.env.PG_URL ?? DEFAULT_ENDPOINTS.PG_URL;
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// A VU stand-in: the real bridge client (echo) or the real k6/x/sql module (its addon on this thread), timing each call.
const vuSource = `
import { workerData, parentPort } from 'node:worker_threads';
const { attachBridge, callSync } = await import(workerData.client);
attachBridge(workerData.endpoint);
const lat = [];
let fn;
if (workerData.kind === 'echo') fn = () => callSync('bridge.echo', 1);
else {
  const sql = (await import(workerData.sql)).default;
  const driver = (await import(workerData.driver)).default;
  const db = sql.open(driver, workerData.url);
  db.query('select 1'); // connect outside the measurement
  fn = () => db.query('select 1');
}
for (let i = 0; i < workerData.warm; i++) fn();
const t0 = performance.now();
for (let i = 0; i < workerData.calls; i++) { const s = performance.now(); fn(); lat.push(performance.now() - s); }
parentPort.postMessage({ lat, wall: performance.now() - t0 });
`;

interface Timing {
  mean: number;
  p99: number;
  qps: number;
}

function stats(lat: number[]): { mean: number; p99: number } {
  const s = [...lat].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p99: s[Math.floor(0.99 * (s.length - 1))] };
}

async function inVus(io: IoHost, kind: 'echo' | 'sql', vus: number): Promise<Timing> {
  const runs = Array.from({ length: vus }, (_, i) => {
    const { key, endpoint } = io.connect(i + 1);
    const w = new Worker(vuSource, {
      eval: true,
      workerData: {
        endpoint,
        kind,
        client: out('bridge/client.js'),
        sql: out('modules/k6-x-sql.js'),
        driver: out('modules/k6-x-sql-driver-postgres.js'),
        url: PG_URL,
        calls: CALLS,
        warm: 200,
      },
      transferList: [endpoint.port],
    });
    return new Promise<{ lat: number[]; wall: number }>((resolve, reject) => {
      w.once(
        'message',
        (m) =>
          void w
            .terminate()
            .then(() => io.release(key))
            .then(() => resolve(m)),
      );
      w.once('error', reject);
    });
  });
  const res = await Promise.all(runs);
  const lat = res.flatMap((r) => r.lat);
  const wall = Math.max(...res.map((r) => r.wall));
  return { ...stats(lat), qps: (vus * CALLS) / (wall / 1000) };
}

async function raw(vus: number): Promise<Timing> {
  const pool = new pg.Pool({ connectionString: PG_URL, max: vus });
  await Promise.all(Array.from({ length: vus }, () => pool.query('select 1')));
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: vus }, async () => {
      for (let i = 0; i < CALLS; i++) {
        const s = performance.now();
        await pool.query('select 1');
        lat.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  await pool.end();
  return { ...stats(lat), qps: (vus * CALLS) / (wall / 1000) };
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function cli(args: string[], scriptText: string): { code: number; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-'));
  writeFileSync(join(dir, 'script.js'), scriptText);
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin/cdc-chaos.js'), 'run', '-q', ...args, join(dir, 'script.js')],
    {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  return { code: r.status ?? -1, dir };
}

const f = (n: number, d = 1) => n.toFixed(d);
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
const io = new IoHost();
await io.start();

const echo = await inVus(io, 'echo', 1);
console.log(
  `bridge echo round trip (1 VU, ${CALLS} calls): mean ${f(echo.mean * 1000)} µs, p99 ${f(echo.p99 * 1000)} µs`,
);

/** Median, min and max of per-round ratios, and the rounds themselves. */
interface Ratio {
  med: number;
  min: number;
  max: number;
  rounds: number[];
}
const ratioOf = (v: number[]): Ratio => ({ med: median(v), min: Math.min(...v), max: Math.max(...v), rounds: v });
const shown = (r: Ratio) =>
  `${f(r.med, 2)}× (min ${f(r.min, 2)}, max ${f(r.max, 2)}; rounds ${r.rounds.map((x) => f(x, 2)).join(' ')})`;

/**
 * A and B alternated ROUNDS times (A B A B … A), each B compared with the mean of the two A runs
 * around it; the median over rounds is reported with min and max. The load of other jobs on a shared 2-core
 * box swings single runs by 2×, which a single A B A comparison mistakes for a property of B.
 */
async function alternated(
  a: () => Promise<Timing>,
  b: () => Promise<Timing>,
): Promise<{ a: Timing; b: Timing; mean: Ratio; p99: Ratio; qps: Ratio }> {
  const as = [await a()];
  const bs: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bs.push(await b());
    as.push(await a());
  }
  const per = (k: keyof Timing) => ratioOf(bs.map((x, i) => x[k] / ((as[i][k] + as[i + 1][k]) / 2)));
  const med = (v: Timing[]): Timing => ({
    mean: median(v.map((x) => x.mean)),
    p99: median(v.map((x) => x.p99)),
    qps: median(v.map((x) => x.qps)),
  });
  return { a: med(as), b: med(bs), mean: per('mean'), p99: per('p99'), qps: per('qps') };
}

if (await pgReachable()) {
  for (const vus of [1, 10]) {
    const r = await alternated(
      () => raw(vus),
      () => inVus(io, 'sql', vus),
    );
    console.log(
      `select 1, ${vus} VU(s): raw pg ${f(r.a.mean * 1000)} µs mean / ${f(r.a.qps, 0)} q/s; k6/x/sql ${f(r.b.mean * 1000)} µs / ${f(r.b.qps, 0)} q/s` +
        ` → latency ratio ${shown(r.mean)}, p99 ratio ${shown(r.p99)}, throughput ratio ${shown(r.qps)} (goal ≤ 1.3× latency; ${ROUNDS} alternated rounds)`,
    );
  }
} else {
  console.log(`select 1: skipped, PostgreSQL not reachable at ${PG_URL} (start the stack or set PG_URL)`);
}
await io.stop();

// Empty iterations, 10 VUs, through the CLI.
{
  const r = cli(['-u', '10', '-d', '5s', '--summary-export', 'summary.json'], 'export default function () {}\n');
  const s = JSON.parse(readFileSync(join(r.dir, 'summary.json'), 'utf8')) as {
    metrics: { iterations: { count: number; rate: number } };
  };
  console.log(
    `empty iterations, 10 VUs, 5 s: ${s.metrics.iterations.count} iterations, ${f(s.metrics.iterations.rate, 0)}/s (goal ≥ 20000/s), exit ${r.code}`,
  );
}

console.log('reproduce: npm run build && node out/bench/runtime.js');
