// The verification bench on throwaway servers instead of the stack: PostgreSQL 15 (Debian's binaries, PG_BIN
// overrides) and FerretDB with its PostgreSQL handler on a database of that same server, its storage indexed as
// the stack indexes it (src/stack/services/ferretdb-storage.ts), so FerretDB reads as the stack's does. Both on
// free 127.0.0.1 ports in a temporary directory, stopped and deleted when the bench ends. (Test helpers are not
// built into out/, so the few lines that start PostgreSQL live here too.)
// Run: npm run build && node out/bench/verify-services.js [script, default verify-scaling.js]   (its BENCH_* variables)
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { STORAGE_SQL } from '../src/stack/services/ferretdb-storage.js';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const FERRETDB_BIN =
  process.env.FERRETDB_BIN ??
  join(process.env.CDC_CHAOS_CACHE ?? join(homedir(), '.cache', 'cdc-chaos'), 'bin', 'ferretdb-v1.24.2');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.on('connect', () => (s.destroy(), resolve(true))).on('error', () => resolve(false));
  });

const dir = mkdtempSync(join(tmpdir(), 'cdc-bench-verify-'));
// initdb refuses to run as root: as root the server runs as the postgres user.
const root = userInfo().uid === 0;
if (root) {
  const id = (f: string) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, id('-u'), id('-g'));
}
const asPostgres = root ? ['su', 'postgres', '-s', '/bin/sh', '-c'] : ['sh', '-c'];
const sh = (cmd: string) => execFileSync(asPostgres[0], [...asPostgres.slice(1), cmd]);
const pgPort = await freePort();
const mongoPort = await freePort();
const data = join(dir, 'pg');
sh(`${PG_BIN}/initdb -D ${data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`);
sh(
  `${PG_BIN}/pg_ctl -D ${data} -o "-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200" -l ${dir}/pg.log -w -t 60 start >/dev/null`,
);
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
    sh(`${PG_BIN}/pg_ctl -D ${data} -m immediate -w -t 30 stop >/dev/null`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
