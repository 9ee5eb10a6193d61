// Child processes the benches time: `cdc-chaos run` of a bundle (with its summary export and journal
// captured) and plain commands (pgbench, stack up/down).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './results.js';

export interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (async, so the bench process keeps its timers and pools alive). */
export function exec(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<Done> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGINT'), opts.timeoutMs) : undefined;
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export const CLI = join(ROOT, 'bin', 'cdc-chaos.js');

export interface RunResult extends Done {
  /** k6's --summary-export JSON (metrics by name). */
  summary: { metrics: Record<string, { values?: Record<string, number> } & Record<string, number>> } | null;
  /** Journal entries (`cdc_chaos_journal` console lines) from --log-output=file in JSON format. */
  journal: Record<string, unknown>[];
  dir: string;
}

/** `cdc-chaos run` with -e pairs; the summary and the journal are read back from a scratch dir. */
export async function runBundle(
  bundle: string,
  env: Record<string, string>,
  opts: {
    args?: (dir: string) => string[];
    processEnv?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onSpawn?: (pid: number) => void;
  } = {},
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-'));
  const args = [
    CLI,
    'run',
    '-q',
    '--summary-export',
    join(dir, 'summary.json'),
    `--log-output=file=${join(dir, 'log.json')}`,
    '--log-format=json',
    ...(opts.args?.(dir) ?? []),
  ];
  for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
  args.push(bundle);
  const done = await exec(process.execPath, args, {
    env: opts.processEnv,
    timeoutMs: opts.timeoutMs ?? 3_600_000,
    onSpawn: opts.onSpawn,
  });
  const summaryFile = join(dir, 'summary.json');
  const logFile = join(dir, 'log.json');
  const journal: Record<string, unknown>[] = [];
  if (existsSync(logFile)) {
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes('cdc_chaos_journal')) continue;
      try {
        const msg = (JSON.parse(line) as { msg: string }).msg;
        journal.push((JSON.parse(msg) as { cdc_chaos_journal: Record<string, unknown> }).cdc_chaos_journal);
      } catch {
        // not a journal line after all (a console line quoting one)
      }
    }
  }
  return {
    ...done,
    summary: existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as RunResult['summary']) : null,
    journal,
    dir,
  };
}

/** A metric value from k6's summary export (flat `{count, rate}` / `{avg, med, …}` shape). */
export function metric(r: RunResult, name: string, stat: string): number {
  const m = r.summary?.metrics[name];
  if (!m) return NaN;
  const v = (m.values ?? m)[stat];
  return typeof v === 'number' ? v : NaN;
}

/** The stack's environment as `cdc-chaos stack env` prints it (endpoints, and DOCKER_API_VERSION where needed). */
export async function stackEnv(): Promise<NodeJS.ProcessEnv> {
  const r = await exec(process.execPath, [CLI, 'stack', 'env']);
  if (r.code !== 0) throw new Error(`stack env failed: ${r.stderr}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const m of r.stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  return env;
}
