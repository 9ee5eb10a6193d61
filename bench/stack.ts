// Bench 5 (start-up part) — the local stack's start times: `stack up` when it is already up (warm),
// and `stack down` + `stack up` with the artifact cache warm (every container and all data recreated).
// A cold start (empty artifact cache: Maven jars, Go builds) costs minutes of downloads and builds, too
// much to repeat in a bench; it is quoted from the stack's own measurement in src/stack/README.md.
// Leaves the stack up and checks it is healthy. Run: npm run build && node out/bench/stack.js
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEntry, standalone } from './lib/main.js';
import { CLI, exec, type Done } from './lib/proc.js';
import { ROOT, type Row, type Section } from './lib/results.js';
import { sec } from './lib/stats.js';

const REPRODUCE = 'npm run build && node out/bench/stack.js   (BENCH_RESTART=0 skips down + up)';

async function stack(...args: string[]): Promise<Done> {
  const r = await exec(process.execPath, [CLI, 'stack', ...args], { timeoutMs: 900_000 });
  if (r.code !== 0 && args[0] !== 'status')
    throw new Error(`stack ${args.join(' ')} exit ${r.code}: ${r.stderr.slice(-1500)}`);
  return r;
}

/** up's own figure ("stack is up (12.3 s; …)"), else the process time. */
const upMs = (r: Done): number => Number(/stack is up \(([\d.]+) s/.exec(r.stdout)?.[1] ?? NaN) * 1000 || r.ms;

export async function stackTimes(): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const warm = [await stack('up'), await stack('up')];
  rows.push({
    measure: 'warm `stack up` (already up, changes nothing)',
    value: warm.map((r) => sec(r.ms)).join(', ') + ' (process wall)',
  });
  if (process.env.BENCH_RESTART !== '0') {
    const down = await stack('down');
    const up = await stack('up');
    rows.push({ measure: '`stack down` (every container, network and data removed)', value: sec(down.ms) });
    rows.push({
      measure: '`stack up` from nothing, artifact cache warm',
      value: `${sec(up.ms)} process wall (up's own clock ${sec(upMs(up))})`,
    });
  }
  const cold = /\| cold:([^|]*)\| ([^|]*)\|/.exec(readFileSync(join(ROOT, 'src', 'stack', 'README.md'), 'utf8'));
  rows.push({
    measure: 'cold `stack up` (empty artifact cache) — quoted, not re-measured',
    value: cold ? cold[2].trim() : 'not documented',
  });
  if (cold)
    notes.push(
      `Cold start as measured by the stack's author (src/stack/README.md, "${cold[1].trim()}"): ${cold[2].trim()}.`,
    );
  const status = await stack('status');
  notes.push(`Stack after the bench: ${status.code === 0 ? 'healthy' : `NOT healthy (status exit ${status.code})`}.`);
  return {
    id: 'stack',
    title: 'End to end: stack start-up',
    at: new Date().toISOString(),
    rows,
    notes,
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(stackTimes);
