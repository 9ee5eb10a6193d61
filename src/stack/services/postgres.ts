// cdc-postgres: Debian's PostgreSQL 15 as the host's postgres uid, wal_level=logical, TCP only.
import { spawnSync } from 'node:child_process';
import { StackError } from '../errors.js';
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS } from '../../experiment/contract.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Numeric uid:gid of the host's `postgres` account (Docker resolves user names inside the empty image, so names fail). */
export function postgresOwner(override: string): { uid: number; gid: number } {
  const spec =
    override ||
    (() => {
      const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (r.status !== 0 || g.status !== 0) return '';
      return `${r.stdout.trim()}:${g.stdout.trim()}`;
    })();
  const m = /^(\d+):(\d+)$/.exec(spec);
  if (!m) {
    throw new StackError(
      'the host has no `postgres` account, so PostgreSQL 15 is not installed',
      "run `bash scripts/setup.sh` (installs Debian's postgresql-15), or set CDC_CHAOS_PG_UID=uid:gid",
    );
  }
  return { uid: Number(m[1]), gid: Number(m[2]) };
}

export function postgresSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('postgres');
  const owner = postgresOwner(ctx.cfg.postgresUser);
  const script = [
    'set -e',
    `if [ ! -s /data/pgdata/PG_VERSION ]; then`,
    `  ${PG_BIN}/initdb -D /data/pgdata -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/data/initdb.log`,
    // the bridge: connections arrive from other containers and from docker-proxy's address
    `  printf 'host all all 0.0.0.0/0 trust\\nhost replication all 0.0.0.0/0 trust\\n' >> /data/pgdata/pg_hba.conf`,
    'fi',
    `exec ${PG_BIN}/postgres -D /data/pgdata -c listen_addresses='*' -c unix_socket_directories='' -c wal_level=logical ` +
      `-c max_replication_slots=10 -c max_wal_senders=10 -c max_connections=200 -c wal_sender_timeout=30s`,
  ].join('\n');
  return {
    name: CONTAINERS.postgres,
    image: 'cdc-base:empty',
    cmd: ['/bin/sh', '-c', script],
    env: { LANG: 'C.UTF-8', PGDATA: '/data/pgdata' },
    user: `${owner.uid}:${owner.gid}`,
    binds: baseBinds(dir),
    ports: { 5432: HOST_PORTS[CONTAINERS.postgres] },
    target: true,
    init: true,
    stopSignal: 'SIGINT', // fast shutdown: SIGTERM waits for every session (Debezium's never ends)
    healthcheck: `${PG_BIN}/pg_isready -h 127.0.0.1 -U postgres -d postgres -q`,
    prepare: () => makeDataDir(dir, owner),
  };
}
