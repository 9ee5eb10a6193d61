// `npm run verdicts:repeat`: the false-alarm budget. Runs scenario bundles with whatever consumer the local
// stack runs (the reference one: `cdc-chaos stack up`) at each time scale, N times, back to back on one
// stack, and prints a table of verdicts, exit codes and wall times per scenario × scale. With the
// reference consumer every run must exit 0: any other exit is a harness or consumer bug, so the script
// exits 1. --results FILE appends each run to FILE (JSON lines) and tables every run FILE holds, so the
// table can be built over several invocations (one scenario run at a time on a shared stack).
//   npm run build && npm run verdicts:repeat -- --scenarios chaos-mongodb,chaos-kafka-partition --scales 0.1,0.2 --n 3
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isEntry } from './lib/main.js';
import { runBundle, stackEnv } from './lib/proc.js';
import { ROOT } from './lib/results.js';

export interface RepeatRun {
  scenario: string;
  scale: string;
  code: number | null;
  /** The summary's VERDICT line (PASS, or FAIL naming the thresholds that failed); '' = none printed. */
  verdict: string;
  wallMs: number;
  /** A run that did not exit 0: the directory kept with its k6 log (log.json) and summary, to find out why. */
  logDir?: string;
}

export interface RepeatOptions {
  scenarios: string[];
  scales: string[];
  n: number;
  /** -e pairs for every run (CHAOS_VUS=2 …). */
  env: Record<string, string>;
}

const USAGE =
  'usage: verdicts-repeat [--scenarios chaos-a,chaos-b] [--scales 0.1,0.2,1] [--n 3] [--env NAME=value]… [--results FILE]';

/** Every bundle in dist/ (chaos-*.js), by name. */
function allBundles(): string[] {
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist)) throw new Error('verdicts-repeat: dist/ is missing: run npm run build first');
  return readdirSync(dist)
    .filter((f) => /^chaos-.*\.js$/.test(f))
    .map((f) => f.replace(/\.js$/, ''))
    .sort();
}

export function parseRepeatArgs(argv: string[]): RepeatOptions & { results?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenarios: { type: 'string' },
      scales: { type: 'string' },
      n: { type: 'string' },
      env: { type: 'string', multiple: true },
      results: { type: 'string' },
    },
  });
  const n = values.n === undefined ? 3 : Number(values.n);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`verdicts-repeat: --n must be a whole number ≥ 1, got "${values.n}" (${USAGE})`);
  const scales = (values.scales ?? '0.1,0.2,1').split(',');
  const badScale = scales.find((s) => !(Number(s) > 0));
  if (badScale !== undefined)
    throw new Error(`verdicts-repeat: --scales takes time scales > 0, got "${badScale}" (${USAGE})`);
  const known = allBundles();
  const scenarios = values.scenarios?.split(',') ?? known;
  const unknown = scenarios.filter((s) => known.indexOf(s) < 0);
  if (unknown.length > 0)
    throw new Error(`verdicts-repeat: --scenarios: no bundle dist/${unknown[0]}.js (have ${known.join(', ')})`);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`verdicts-repeat: --env takes NAME=value, got "${pair}" (${USAGE})`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { scenarios, scales, n, env, results: values.results };
}

/** Runs every scenario × scale n times, one run after the other; `onRun` sees each as it ends. */
export async function repeatVerdicts(
  o: RepeatOptions,
  onRun: (r: RepeatRun) => void = () => undefined,
): Promise<RepeatRun[]> {
  const processEnv = await stackEnv();
  const runs: RepeatRun[] = [];
  for (const scenario of o.scenarios) {
    for (const scale of o.scales) {
      for (let i = 0; i < o.n; i++) {
        const r = await runBundle(
          join(ROOT, 'dist', `${scenario}.js`),
          { ...o.env, CHAOS_TIME_SCALE: scale },
          { processEnv },
        );
        const run = {
          scenario,
          scale,
          code: r.code,
          verdict: /VERDICT: [^\n]*/.exec(r.stdout)?.[0] ?? '',
          wallMs: Math.round(r.ms),
          ...(r.code === 0 ? {} : { logDir: r.dir }),
        };
        runs.push(run);
        onRun(run);
      }
    }
  }
  return runs;
}

/** One row per scenario × scale, in first-seen order: verdicts, exit codes and wall times of its runs. */
export function verdictTable(runs: RepeatRun[]): string {
  const groups = new Map<string, RepeatRun[]>();
  for (const r of runs) {
    const key = `${r.scenario}\u0000${r.scale}`;
    groups.set(key, (groups.get(key) ?? []).concat(r));
  }
  const lines = ['| scenario | scale | runs | verdicts | exit codes | wall time (s) |', '|---|---|---|---|---|---|'];
  for (const rs of groups.values()) {
    const verdicts = rs.map((r) => /VERDICT: (\w+)/.exec(r.verdict)?.[1] ?? 'none').join(' ');
    lines.push(
      `| ${rs[0].scenario} | ${rs[0].scale} | ${rs.length} | ${verdicts} | ${rs.map((r) => r.code ?? 'killed').join(' ')} | ${rs.map((r) => (r.wallMs / 1000).toFixed(1)).join(' ')} |`,
    );
  }
  const failed = runs.filter((r) => r.code !== 0);
  return [
    ...lines,
    ...failed.map(
      (r) =>
        `- ${r.scenario} at ${r.scale}: exit ${r.code ?? 'killed'}: ${r.verdict || '(no verdict printed)'}${r.logDir ? ` (log: ${r.logDir}/log.json)` : ''}`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const o = parseRepeatArgs(process.argv.slice(2));
  const earlier =
    o.results && existsSync(o.results)
      ? readFileSync(o.results, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as RepeatRun)
      : [];
  const runs = await repeatVerdicts(o, (r) => {
    console.error(
      `verdicts-repeat: ${r.scenario} at ${r.scale}: exit ${r.code ?? 'killed'} in ${(r.wallMs / 1000).toFixed(1)} s ${r.verdict}`,
    );
    if (o.results) appendFileSync(o.results, `${JSON.stringify(r)}\n`);
  });
  console.log(verdictTable(earlier.concat(runs)));
  // The budget for false alarms with the reference consumer is zero.
  if (runs.some((r) => r.code !== 0)) process.exitCode = 1;
}

if (isEntry(import.meta.url)) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
