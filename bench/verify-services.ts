// The verification bench on throwaway servers instead of the stack: PostgreSQL 15 (Debian's binaries, PG_BIN
// overrides) and FerretDB with its PostgreSQL handler on a database of that same server, its storage indexed as
// the stack indexes it (src/stack/services/ferretdb-storage.ts), so FerretDB reads as the stack's does. Both on
// free 127.0.0.1 ports in a temporary directory, stopped and deleted when the bench ends (PostgreSQL as the tests
// start theirs: bench/lib/throwaway-postgres.ts).
// Run: npm run build && node out/bench/verify-services.js [script, default verify-scaling.js]   (its BENCH_* variables)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORAGE_SQL } from '../src/stack/services/ferretdb-storage.js';
import { freePort } from './lib/free-port.js';
import { throwawayPostgres } from './lib/throwaway-postgres.js';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const FERRETDB_BIN =
  process.env.FERRETDB_BIN ??
  join(process.env.CDC_CHAOS_CACHE ?? join(homedir(), '.cache', 'cdc-chaos'), 'bin', 'ferretdb-v1.24.2');

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.on('connect', () => (s.destroy(), resolve(true))).on('error', () => resolve(false));
  });

const pg = await throwawayPostgres({ max_connections: '200' });
const pgPort = pg.port;
const mongoPort = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-verify-'));
const psql = (db: string, sql: string) =>
  execFileSync(
    `${PG_BIN}/psql`,
    ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-q'],
    {
      input: sql,
    },
  );
psql('postgres', 'create database cdc; create database ferretdb;');
psql('ferretdb', `set client_min_messages = warning;\n${STORAGE_SQL}`);
const ferret = spawn(
  FERRETDB_BIN,
  [
    `--listen-addr=127.0.0.1:${mongoPort}`,
    '--handler=pg',
    `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/ferretdb?pool_max_conns=100`,
    `--state-dir=${dir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ],
  { stdio: 'ignore' },
);
try {
  for (let i = 0; !(await listening(mongoPort)); i++) {
    if (ferret.exitCode !== null || i > 150) throw new Error(`FerretDB (${FERRETDB_BIN}) did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const bench = spawn(process.execPath, [process.argv[2] ?? join(import.meta.dirname, 'verify-scaling.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PG_URL: `postgres://postgres@127.0.0.1:${pgPort}/cdc?sslmode=disable`,
      MONGO_URL: `mongodb://127.0.0.1:${mongoPort}/`,
    },
  });
  process.exitCode = await new Promise<number>((resolve) => bench.on('close', (code) => resolve(code ?? 1)));
} finally {
  ferret.kill('SIGTERM');
  try {
    pg.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
