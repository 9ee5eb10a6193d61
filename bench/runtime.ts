// Runtime benchmarks (numbers, never a timed test):
//  1. sync-bridge round trip (echo op) and a k6/x/sql `select 1` through the bridge vs the raw pg
//     driver in the same process (ratio: medians over alternated rounds raw/bridged/raw/…);
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

// A VU stand-in: the real bridge client and the real k6/x/sql module, timing each call.
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

async function bridged(io: IoHost, kind: 'echo' | 'sql', vus: number): Promise<Timing> {
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

/** The sql I/O handler called in-process (no bridge): separates handler cost from bridge cost. */
async function handlerDirect(): Promise<Timing> {
  const { handlers } = (await import('k6-node-runtime/io/sql.js')) as {
    handlers: Record<string, (a: unknown[], c: unknown) => Promise<unknown>>;
  };
  const closers: Array<() => unknown> = [];
  const ctx = { vu: 1, resources: new Map<string, unknown>(), onClose: (f: () => unknown) => void closers.push(f) };
  const id = await handlers['sql.open']([PG_URL, undefined], ctx);
  const q = () => handlers['sql.query']([id, null, 'select 1', []], ctx);
  for (let i = 0; i < 200; i++) await q();
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    await q();
    lat.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  for (const f of closers) await f();
  return { ...stats(lat), qps: CALLS / (wall / 1000) };
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

const echo = await bridged(io, 'echo', 1);
console.log(
  `bridge echo round trip (1 VU, ${CALLS} calls): mean ${f(echo.mean * 1000)} µs, p99 ${f(echo.p99 * 1000)} µs`,
);

/**
 * A and B alternated ROUNDS times (A B A B … A), each B compared with the mean of the two A runs
 * around it; the median over rounds is reported. The load of other jobs on a shared 2-core box
 * swings single runs by 2×, which a single A B A comparison mistakes for a property of B.
 */
async function alternated(
  a: () => Promise<Timing>,
  b: () => Promise<Timing>,
): Promise<{ a: Timing; b: Timing; ratio: Timing }> {
  const as = [await a()];
  const bs: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bs.push(await b());
    as.push(await a());
  }
  const ratios = bs.map((x, i) => ({
    mean: x.mean / ((as[i].mean + as[i + 1].mean) / 2),
    p99: x.p99 / ((as[i].p99 + as[i + 1].p99) / 2),
    qps: x.qps / ((as[i].qps + as[i + 1].qps) / 2),
  }));
  const med = (v: Timing[]): Timing => ({
    mean: median(v.map((x) => x.mean)),
    p99: median(v.map((x) => x.p99)),
    qps: median(v.map((x) => x.qps)),
  });
  return { a: med(as), b: med(bs), ratio: med(ratios) };
}

if (await pgReachable()) {
  for (const vus of [1, 10]) {
    const {
      a: base,
      b,
      ratio,
    } = await alternated(
      () => raw(vus),
      () => bridged(io, 'sql', vus),
    );
    console.log(
      `select 1, ${vus} VU(s): raw pg ${f(base.mean * 1000)} µs mean / ${f(base.qps, 0)} q/s; k6/x/sql via bridge ${f(b.mean * 1000)} µs / ${f(b.qps, 0)} q/s` +
        ` → latency ratio ${f(ratio.mean, 2)}×, p99 ratio ${f(ratio.p99, 2)}×, throughput ratio ${f(ratio.qps, 2)}× (goal ≤ 1.3× latency; medians of ${ROUNDS} alternated rounds)`,
    );
  }
  const { a: h, b: b1 } = await alternated(handlerDirect, () => bridged(io, 'sql', 1));
  console.log(
    `select 1, 1 VU: sql handler called in-process ${f(h.mean * 1000)} µs vs through the bridge ${f(b1.mean * 1000)} µs → bridge share ${f((b1.mean - h.mean) * 1000)} µs per call`,
  );
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
