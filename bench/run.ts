// `npm run bench`: every benchmark in sequence on the local stack, each printing its figures and the
// command that reproduces them, then the table in bench/RESULTS.md. `node out/bench/run.js NAME…` runs
// only the named ones (write-path, verify-scaling, runtime, startup, metrics, scenarios, scaled-run, stack); the others keep
// their last results (bench/results/*.json); `--render` only rewrites the table from those.
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CLI, exec } from './lib/proc.js';
import { metricsBench } from './metrics.js';
import { loadSections, printSection, renderMarkdown, ROOT, saveSection, type Section } from './lib/results.js';
import { runtimeSection } from './runtime-section.js';
import { scaledRun } from './scaled-run.js';
import { scenarios } from './scenarios.js';
import { startup } from './startup.js';
import { stackTimes } from './stack.js';
import { verifyScaling } from './verify-scaling.js';
import { writePath } from './write-path.js';

// Run order: the open-ended verification (minutes of FerretDB reads at 1M) last, so a short window still
// gets every other figure; the table keeps the issue's order (DISPLAY).
const BENCHES: [string, () => Promise<Section>][] = [
  ['write-path', writePath],
  ['runtime', runtimeSection],
  ['startup', startup],
  ['metrics', metricsBench],
  ['stack', stackTimes],
  ['scenarios', scenarios],
  ['scaled-run', scaledRun],
  ['verify-scaling', verifyScaling],
];
const DISPLAY = ['write-path', 'verify-scaling', 'runtime', 'startup', 'metrics', 'scenarios', 'scaled-run', 'stack'];
/** Benches that never touch the stack: run alone, they do not wait for it. */
const STACKLESS = ['startup', 'metrics'];

// --render: only re-render RESULTS.md from the kept sections (e.g. after stopping a long run).
const renderOnly = process.argv.includes('--render');
const wanted = process.argv.slice(2).filter((a) => a !== '--render');
const unknown = wanted.filter((w) => !BENCHES.some(([id]) => id === w));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map(([id]) => id).join(', ')}`);
  process.exit(2);
}
// The other benches need the stack; one being restarted (tests, a scenario's teardown) is waited for.
const needsStack = !renderOnly && (wanted.length === 0 || wanted.some((w) => !STACKLESS.includes(w)));
for (let i = 0; i < 60 && needsStack; i++) {
  const st = await exec(process.execPath, [CLI, 'stack', 'status']);
  if (st.code === 0) break;
  if (i === 0) console.error('bench: the stack is not healthy yet, waiting (up to 5 min)…');
  if (i === 59) console.error(`bench: the stack is still not healthy, running anyway:\n${st.stdout}`);
  await new Promise((r) => setTimeout(r, 5000));
}
let failed = 0;
for (const [id, bench] of BENCHES) {
  if (renderOnly || (wanted.length && !wanted.includes(id))) continue;
  const started = Date.now();
  console.error(`bench ${id}: started ${new Date(started).toISOString()}`);
  try {
    const s = await bench();
    printSection(s);
    saveSection(s);
  } catch (e) {
    // One failing bench must not cost the others' numbers; its old section (if any) stays.
    failed++;
    console.error(`bench ${id} FAILED: ${(e as Error).stack ?? String(e)}`);
  }
  console.error(`bench ${id}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const cpu = cpus();
const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}; the stack runs on the same cores.`;
// bench/ANALYSIS.md (hand-written reading of the numbers: slowest part, what would make it faster) goes under the table.
const analysis = join(ROOT, 'bench', 'ANALYSIS.md');
const md = renderMarkdown(loadSections(DISPLAY), machine);
writeFileSync(
  join(ROOT, 'bench', 'RESULTS.md'),
  existsSync(analysis) ? `${md}\n${readFileSync(analysis, 'utf8')}` : md,
);
console.log(`\nbench/RESULTS.md written${failed ? ` (${failed} bench(es) failed, see above)` : ''}`);
process.exitCode = failed ? 1 : 0;
