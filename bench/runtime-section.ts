// Bench 3 — runtime overhead, as a RESULTS.md section: runs the runtime helpers' bench/runtime.ts
// (bridge round trip, k6/x/sql from VU threads vs raw pg in one process in alternated rounds,
// empty-iteration rate with 10 VUs) in its own process and reads its printed figures. Start-up and memory
// per VU: bench/startup.ts.
// Run: npm run build && node out/bench/runtime-section.js   (or node out/bench/runtime.js for the raw output)
import { join } from 'node:path';
import { isEntry, standalone } from './lib/main.js';
import { exec } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';

const num = (re: RegExp, text: string): number => Number(re.exec(text)?.[1] ?? NaN);

export async function runtimeSection(): Promise<Section> {
  const r = await exec(process.execPath, [join(ROOT, 'out', 'bench', 'runtime.js')], { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`bench/runtime.js exit ${r.code}: ${r.stderr.slice(-1500)}`);
  const out = r.stdout;
  const rows: Row[] = [];
  const echo = /bridge echo round trip[^:]*: mean ([\d.]+) µs, p99 ([\d.]+) µs/.exec(out);
  if (echo)
    rows.push({ measure: 'sync-bridge round trip (echo, 1 VU)', value: `mean ${echo[1]} µs, p99 ${echo[2]} µs` });
  const ratio = String.raw`([\d.]+)× \(min ([\d.]+), max ([\d.]+); rounds ([\d. ]+)\)`;
  for (const m of out.matchAll(
    new RegExp(
      String.raw`select 1, (\d+) VU\(s\): raw pg ([\d.]+) µs mean \/ (\d+) q\/s; k6\/x\/sql ([\d.]+) µs \/ (\d+) q\/s → latency ratio ${ratio}, p99 ratio ${ratio}, throughput ratio ${ratio}`,
      'g',
    ),
  )) {
    rows.push({
      measure: `k6/x/sql \`select 1\` ÷ raw pg driver latency, ${m[1]} VU(s) (median of rounds)`,
      value: `${m[6]}× (min ${m[7]}, max ${m[8]}; rounds ${m[9]}) — ${m[4]} vs ${m[2]} µs; p99 ${m[10]}×, throughput ${m[14]}×`,
      goal: '≤ 1.3×',
      met: Number(m[6]) <= 1.3,
    });
  }
  const rate = num(/empty iterations, 10 VUs[^:]*: \d+ iterations, (\d+)\/s/, out);
  rows.push({
    measure: 'empty iterations, 10 VUs',
    value: `${rate.toLocaleString('en-US')}/s`,
    goal: '≥ 20,000/s',
    met: rate >= 20_000,
  });
  return {
    id: 'runtime',
    title: 'Runtime overhead (sync bridge, iterations)',
    at: new Date().toISOString(),
    rows,
    notes: [
      'Ratios from one process: raw pg and k6/x/sql runs alternate (A B A B … A, BENCH_ROUNDS, default 5); each k6/x/sql run is compared with the mean of the raw runs around it; median, min and max of those per-round ratios.',
      "k6/x/sql runs libpq's synchronous client on the VU's own thread (packages/k6-node-runtime/native/pq.c): no bridge. The bridge round trip is what k6/x/mongo, k6/x/docker and k6/http calls still pay (two cross-thread wake-ups).",
      `Raw output: ${out.trim().split('\n').join(' · ')}`,
    ],
    reproduce: 'npm run build && node out/bench/runtime.js',
  };
}

if (isEntry(import.meta.url)) await standalone(runtimeSection);
