// Where the extension integration tests find PostgreSQL and MongoDB (FerretDB):
//   0. CDC_CHAOS_TEST_SERVICES=throwaway: always 3 (`npm test` runs conformance beside the integration tests
//      that kill the stack's MongoDB), else
//   1. PG_URL / MONGO_URL from the environment, else
//   2. `cdc-chaos stack env` of a running local stack (what `npm test` brings up), else
//   3. throwaway servers started here on free 127.0.0.1 ports: PostgreSQL 15 from
//      /usr/lib/postgresql/15/bin (PG_BIN overrides) and FerretDB with its sqlite handler
//      (FERRETDB_BIN, else the stack's cached build, else /tmp/gobin/ferretdb); stopped and
//      deleted by the returned stop().
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/lib/free-port.js';
import { throwawayPostgres } from '../../bench/lib/throwaway-postgres.js';

export interface Services {
  pgUrl: string;
  mongoUrl: string;
  source: 'env' | 'stack' | 'throwaway';
  stop(): Promise<void>;
}

function stackEnv(): Record<string, string> {
  try {
    const out = execFileSync('node', ['bin/cdc-chaos.js', 'stack', 'env'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const env: Record<string, string> = {};
    for (const line of out.split('\n')) {
      const m = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
      if (m) env[m[1]] = m[2];
    }
    return env;
  } catch {
    return {};
  }
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(2000, () => done(false));
    s.on('connect', () => done(true)).on('error', () => done(false));
  });
}

async function waitFor(url: string, port: number, what: string, proc?: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (proc && proc.exitCode !== null) throw new Error(`${what} exited with code ${proc.exitCode}`);
    if (await reachable(url, port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not start within 30 s`);
}

function ferretBin(): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cache = join(process.env.CDC_CHAOS_CACHE ?? join(homedir(), '.cache', 'cdc-chaos'), 'bin');
  const cached = existsSync(cache)
    ? readdirSync(cache)
        .filter((f) => f.startsWith('ferretdb-'))
        .sort()
    : [];
  return cached.length ? join(cache, cached[cached.length - 1]) : '/tmp/gobin/ferretdb';
}

async function throwaway(): Promise<Services> {
  const pg = await throwawayPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'cdc-ext-'));
  const mongoPort = await freePort();
  mkdirSync(join(dir, 'ferret'));
  const ferret = spawn(
    ferretBin(),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/ferret/`,
      `--listen-addr=127.0.0.1:${mongoPort}`,
      `--state-dir=${dir}/ferret`, // its state.json, else written into the working directory (the repository)
      '--debug-addr=-',
      '--telemetry=disable',
    ],
    { stdio: 'ignore' },
  );
  const mongoUrl = `mongodb://127.0.0.1:${mongoPort}/`;
  const stop = async () => {
    ferret.kill('SIGTERM');
    try {
      pg.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await waitFor(pg.url, pg.port, 'PostgreSQL');
    await waitFor(mongoUrl, mongoPort, 'FerretDB', ferret);
  } catch (e) {
    await stop();
    throw e;
  }
  return { pgUrl: pg.url, mongoUrl, source: 'throwaway', stop };
}

export async function services(): Promise<Services> {
  if (process.env.CDC_CHAOS_TEST_SERVICES === 'throwaway') return throwaway();
  const fromEnv = process.env.PG_URL && process.env.MONGO_URL;
  const env = fromEnv ? { PG_URL: process.env.PG_URL!, MONGO_URL: process.env.MONGO_URL! } : stackEnv();
  if (env.PG_URL && env.MONGO_URL && (await reachable(env.PG_URL, 5432)) && (await reachable(env.MONGO_URL, 27017))) {
    return { pgUrl: env.PG_URL, mongoUrl: env.MONGO_URL, source: fromEnv ? 'env' : 'stack', stop: async () => {} };
  }
  return throwaway();
}
