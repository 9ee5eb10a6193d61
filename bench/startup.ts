// Bench — start-up and memory of the runtime (issue #15: `run` fixed cost ≤ 0.5 s, ≤ 6 MB per VU), needs no stack:
//  1. fixed cost: wall time of `cdc-chaos run` and `k6-node-runtime run` of an empty one-iteration script,
//     against `node -e 0`, the three alternated in every round;
//  2. memory: max RSS of `cdc-chaos run` with 1, 50 and 200 sleeping VUs (alternated per round) → MB per VU,
//     the heap of one VU as the VU itself sees it, and the floor under it: the RSS of idle bare Node
//     worker_threads (every VU is one, docs/runtime.md).
// Run: npm run build && node out/bench/startup.js   (BENCH_ROUNDS, default 5)
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEntry, standalone } from './lib/main.js';
import { CLI, exec } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';
import { alternate, median, ROUNDS, spreadText } from './lib/rounds.js';
import { fmt } from './lib/stats.js';

const VUS = [1, 50, 200];
const TIME = '/usr/bin/time';
const RUNTIME_CLI = join(ROOT, 'packages', 'k6-node-runtime', 'bin', 'k6-node-runtime.js');

const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-startup-'));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const empty = write('empty.js', 'export default function () {}\n');
// VU 1 reports its own heap once; every VU then sleeps, so all of them are alive at the same time.
const sleeping = write(
  'sleeping.js',
  "import { sleep } from 'k6';\nexport default function () {\n" +
    '  if (__VU === 1 && __ITER === 1) { const m = process.memoryUsage(); console.log(`VU_HEAP ${m.heapUsed} ${m.heapTotal}`); }\n' +
    '  sleep(1);\n}\n',
);
// N idle worker_threads in one process, max RSS by /usr/bin/time: what a VU costs before running anything.
const bare = write(
  'bare-workers.mjs',
  "import { Worker } from 'node:worker_threads';\nconst ws = [];\n" +
    "for (let i = 0; i < Number(process.argv[2]); i++) { const w = new Worker('setInterval(() => {}, 1000)', { eval: true }); await new Promise((r) => w.once('online', r)); ws.push(w); }\n" +
    'await new Promise((r) => setTimeout(r, 2000));\nprocess.exit(0);\n',
);

// One idle bare worker's V8 heap by space, as the worker itself reports it: where the floor goes.
const bareHeap = write(
  'bare-heap.mjs',
  "import { Worker } from 'node:worker_threads';\n" +
    "const w = new Worker(\"const v8 = require('v8'); const { parentPort } = require('worker_threads'); setTimeout(() => parentPort.postMessage(v8.getHeapSpaceStatistics()), 500);\", { eval: true });\n" +
    "w.once('message', (m) => { console.log(JSON.stringify(m)); process.exit(0); });\n",
);
const SPACES = ['old_space', 'new_space', 'code_space', 'large_object_space'];

const sec = (ms: number): string => `${fmt(ms / 1000, 2)} s`;
const mb = (kb: number): string => `${fmt(kb / 1024, 1)} MB`;

async function wall(args: string[]): Promise<number> {
  const r = await exec(process.execPath, args, { cwd: dir });
  if (r.code !== 0) throw new Error(`${args.join(' ')} exit ${r.code}: ${r.stderr.slice(-800)}`);
  return r.ms;
}

async function maxRss(args: string[]): Promise<{ kb: number; stderr: string }> {
  const r = await exec(TIME, ['-f', 'MAXRSS_KB=%M', process.execPath, ...args], { cwd: dir });
  const kb = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
  if (r.code !== 0 || !Number.isFinite(kb))
    throw new Error(`${args.join(' ')} exit ${r.code}: ${r.stderr.slice(-800)}`);
  return { kb, stderr: r.stderr };
}

export async function startup(): Promise<Section> {
  if (!existsSync(TIME))
    throw new Error(`${TIME} is missing: install GNU time (apt-get install time) to measure max RSS`);
  const run = ['run', '-q', '-i', '1', empty];
  const t = await alternate({
    node: () => wall(['-e', '0']),
    cdc: () => wall([CLI, ...run]),
    runtime: () => wall([RUNTIME_CLI, ...run]),
  });
  const rss = new Map<number, number[]>(VUS.map((n) => [n, []]));
  const bareRss = new Map<number, number[]>(VUS.map((n) => [n, []]));
  const heaps: number[][] = [];
  const bareSpaces = new Map<string, number[]>([...SPACES, 'total'].map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const h = await exec(process.execPath, [bareHeap], { cwd: dir });
    if (h.code !== 0) throw new Error(`bare-heap.mjs exit ${h.code}: ${h.stderr.slice(-800)}`);
    const spaces = JSON.parse(h.stdout) as { space_name: string; physical_space_size: number }[];
    for (const k of SPACES)
      bareSpaces.get(k)!.push((spaces.find((x) => x.space_name === k)?.physical_space_size ?? 0) / 1024);
    bareSpaces.get('total')!.push(spaces.reduce((a, x) => a + x.physical_space_size, 0) / 1024);
    for (const n of VUS) {
      const m = await maxRss([CLI, 'run', '-q', '--summary-mode=disabled', '-u', String(n), '-d', '3s', sleeping]);
      rss.get(n)!.push(m.kb);
      const heap = /VU_HEAP (\d+) (\d+)/.exec(m.stderr);
      if (heap) heaps.push([Number(heap[1]), Number(heap[2])]);
      bareRss.get(n)!.push((await maxRss([bare, String(n)])).kb);
    }
  }
  // Per VU within each round (1 VU → n VUs), so a round's load level cancels out.
  const perVu = (m: Map<number, number[]>, n: number): number[] =>
    m.get(n)!.map((kb, i) => (kb - m.get(1)![i]) / (n - 1));
  const fixed = median(t.cdc);
  const perVu200 = median(perVu(rss, 200)) / 1024;
  const rows: Row[] = [
    { measure: '`node -e 0` (baseline)', value: spreadText(t.node, sec) },
    {
      measure: '`cdc-chaos run` fixed cost (empty script, 1 iteration: wall time)',
      value: `${spreadText(t.cdc, sec)}; ${sec(fixed - median(t.node))} over \`node -e 0\``,
      goal: '≤ 0.5 s',
      met: fixed <= 500,
    },
    { measure: '`k6-node-runtime run` fixed cost (same script)', value: spreadText(t.runtime, sec) },
    ...VUS.map((n) => ({ measure: `max RSS, ${n} sleeping VU(s)`, value: spreadText(rss.get(n)!, mb) })),
    {
      measure: 'memory per VU (max RSS, 1 → 200 sleeping VUs)',
      value: `${spreadText(perVu(rss, 200), mb)}; 1 → 50: ${spreadText(perVu(rss, 50), mb)}`,
      goal: '≤ 6 MB',
      met: perVu200 <= 6,
    },
    {
      measure: "one VU's own V8 heap (VU 1, as it runs)",
      value: heaps.length
        ? `used ${spreadText(
            heaps.map((h) => h[0] / 1024),
            mb,
          )}, total ${spreadText(
            heaps.map((h) => h[1] / 1024),
            mb,
          )}`
        : 'n/a',
    },
    {
      measure: 'floor: an idle bare Node worker_thread (max RSS, 1 → 200 in one process)',
      value: `${spreadText(perVu(bareRss, 200), mb)} per worker`,
    },
    {
      measure: "the floor's V8 heap (one idle bare worker, physical size by space)",
      value: [...bareSpaces].map(([k, v]) => `${k.replace('_space', '')} ${mb(median(v))}`).join(', '),
    },
  ];
  return {
    id: 'startup',
    title: 'Start-up and memory per VU',
    at: new Date().toISOString(),
    rows,
    notes: [
      `${ROUNDS} rounds; in each, \`node -e 0\`, \`cdc-chaos run\` and \`k6-node-runtime run\` of \`export default function () {}\` with \`-q -i 1\` alternate, then the memory runs (\`-u N -d 3s\`, sleep(1) per iteration, \`--summary-mode=disabled\`) for N = ${VUS.join(', ')}, each followed by N idle bare worker_threads. Per-VU figures are taken within a round.`,
      'Every VU is a worker_thread (k6: one JS runtime per VU; sleep() and the synchronous extension calls block only their VU), so a VU costs at least what Node needs for one thread with its own isolate: the bare-worker floor above. Most of that floor is the V8 heap an idle worker reports: its old space holds Node’s own bootstrap (built-in modules and the environment, before any user code), its new space is two semi-spaces of V8’s smallest size (1 MB each).',
    ],
    reproduce: 'npm run build && node out/bench/startup.js',
  };
}

if (isEntry(import.meta.url)) await standalone(startup);
