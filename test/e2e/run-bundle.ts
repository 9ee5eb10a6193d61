// Runs a scenario bundle through `cdc-chaos run` against the local stack (its endpoints from
// `cdc-chaos stack env`), for the tests that need a finished run: the report checks and the
// dashboard query test. Bounded: the run is killed after `timeoutMs`.
import { execFileSync, spawn } from 'node:child_process';

export function stackEnv(): Record<string, string> {
  const out = execFileSync('node', ['bin/cdc-chaos.js', 'stack', 'env'], { encoding: 'utf8', timeout: 30_000 });
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  if (!env.PG_URL || !env.PROMETHEUS_URL)
    throw new Error(`cdc-chaos stack env gave no endpoints (is the local stack up? 'cdc-chaos stack up'):\n${out}`);
  return env;
}

/** The engine's API version (the project's rule for xk6-docker, which never negotiates). */
function dockerApiVersion(): string | undefined {
  if (process.env.DOCKER_API_VERSION) return process.env.DOCKER_API_VERSION;
  try {
    return (
      execFileSync('docker', ['version', '--format', '{{.Server.APIVersion}}'], {
        encoding: 'utf8',
        timeout: 20_000,
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export interface RunResult {
  code: number | null;
  output: string;
  startedMs: number;
  endedMs: number;
}

export function runBundle(
  bundle: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunResult> {
  const api = dockerApiVersion();
  const startedMs = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/cdc-chaos.js', 'run', '-q', ...args, bundle], {
      env: { ...process.env, ...stackEnv(), ...(api ? { DOCKER_API_VERSION: api } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, startedMs, endedMs: Date.now() });
    });
  });
}
