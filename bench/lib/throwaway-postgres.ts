// A throwaway PostgreSQL 15 on a free 127.0.0.1 port (binaries in /usr/lib/postgresql/15/bin, PG_BIN overrides), in
// its own temporary directory; stop() ends it and deletes the directory. initdb refuses to run as root: as root the
// server runs as the postgres user. Tests and benches (bench/verify-services.ts) share it; `settings` are extra
// server settings (-c name=value).
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface ThrowawayPostgres {
  url: string;
  port: number;
  stop(): void;
}

export async function throwawayPostgres(settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-pg-'));
  const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const port = await freePort();
  const asPg = userInfo().uid === 0 ? ['su', 'postgres', '-s', '/bin/sh', '-c'] : ['sh', '-c'];
  if (userInfo().uid === 0) {
    const id = (f: string) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'pg');
  const sh = (cmd: string, timeout: number) => execFileSync(asPg[0], [...asPg.slice(1), cmd], { timeout });
  sh(`${pgBin}/initdb -D ${data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`, 120_000);
  const extra = Object.entries(settings)
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join('');
  sh(
    `${pgBin}/pg_ctl -D ${data} -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${extra}" -l ${dir}/pg.log -w -t 60 start >/dev/null`,
    90_000,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    stop() {
      try {
        sh(`${pgBin}/pg_ctl -D ${data} -m immediate -w -t 30 stop >/dev/null`, 60_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
