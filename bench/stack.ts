// Bench — the local stack's start times, ROUNDS alternated rounds of:
//   warm: `stack up` with every container up (changes nothing: what each test or scenario's `up` costs),
//   `stack down`, then cold: `stack up` from nothing (no container, no data; the artifact cache stays:
//   an empty cache is minutes of downloads and Go builds, a network figure, not the stack's).
// A round takes minutes on a loaded 2-core machine, so the rounds may be taken in sessions: each run takes
// BENCH_STACK_ROUNDS rounds (default ROUNDS) and adds them to bench/results/stack-rounds.jsonl;
// BENCH_STACK_RESUME=1 keeps the rounds already there (else they are dropped first). The section shows the
// last ROUNDS rounds and when they were taken.
// Leaves the stack up and checks it is healthy. Run: npm run build && node out/bench/stack.js
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isEntry, standalone } from './lib/main.js';
import { CLI, exec } from './lib/proc.js';
import { RESULTS_DIR, type Section } from './lib/results.js';
import { alternate, ROUNDS, spreadText } from './lib/rounds.js';
import { sec } from './lib/stats.js';

const REPRODUCE = 'npm run build && node out/bench/stack.js';
const ROUNDS_FILE = join(RESULTS_DIR, 'stack-rounds.jsonl');

interface Round {
  /** When the session that took it ended. */
  at: string;
  warm: number;
  down: number;
  cold: number;
}

/** Wall time of one `cdc-chaos stack …` (up checks health before it returns). */
async function stack(...args: string[]): Promise<number> {
  const r = await exec(process.execPath, [CLI, 'stack', ...args], { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`stack ${args.join(' ')} exit ${r.code}: ${(r.stderr || r.stdout).slice(-1500)}`);
  return r.ms;
}

export async function stackTimes(): Promise<Section> {
  if (process.env.BENCH_STACK_RESUME !== '1') rmSync(ROUNDS_FILE, { force: true });
  await stack('up'); // the rounds start from a healthy stack
  const now = await alternate(
    {
      warm: () => stack('up'),
      down: () => stack('down'),
      cold: () => stack('up'),
    },
    Number(process.env.BENCH_STACK_ROUNDS ?? ROUNDS),
  );
  const at = new Date().toISOString();
  now.warm.forEach((_, i) => {
    const round: Round = {
      at,
      warm: now.warm[i],
      down: now.down[i],
      cold: now.cold[i],
    };
    appendFileSync(ROUNDS_FILE, `${JSON.stringify(round)}\n`);
  });
  const rounds = (existsSync(ROUNDS_FILE) ? readFileSync(ROUNDS_FILE, 'utf8') : '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Round)
    .slice(-ROUNDS);
  const t = (k: Exclude<keyof Round, 'at'>) => rounds.map((r) => r[k]);
  const status = await exec(process.execPath, [CLI, 'stack', 'status']);
  return {
    id: 'stack',
    title: 'End to end: stack start-up',
    at: new Date().toISOString(),
    rows: [
      { measure: 'warm `stack up` (every container up: changes nothing)', value: spreadText(t('warm'), sec) },
      { measure: 'cold `stack up` after `stack down` (no container, no data)', value: spreadText(t('cold'), sec) },
      { measure: '`stack down` (containers, network and data removed)', value: spreadText(t('down'), sec) },
    ],
    notes: [
      `${rounds.length} rounds, taken in session(s) ending ${[...new Set(rounds.map((r) => r.at))].join(', ')}${rounds.length < ROUNDS ? ` (fewer than ${ROUNDS}: run again with BENCH_STACK_RESUME=1)` : ''}.`,
      'Each round runs, in this order: `stack up` (warm), `stack down`, `stack up` (cold); times are the CLI process wall time, `up` returning once every container is healthy and the connector runs.',
      'Cold keeps the artifact cache (Debezium/Kafka jars, the Go builds): with an empty one, `up` first downloads and builds for minutes, which measures the network, not the stack.',
      `Stack after the bench: ${status.code === 0 ? 'healthy' : `NOT healthy (status exit ${status.code})`}.`,
    ],
    reproduce: REPRODUCE,
  };
}

if (isEntry(import.meta.url)) await standalone(stackTimes);
