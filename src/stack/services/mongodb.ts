// cdc-mongodb: FerretDB v1 (MongoDB wire protocol) on its OWN PostgreSQL, both inside this container, so faults
// on cdc-postgres never take "MongoDB" down with them, and killing cdc-mongodb takes its whole storage down at
// once, as a mongod crash would. It stands in for MongoDB, which no reachable registry serves.
// Why PostgreSQL and not FerretDB's SQLite backend: measured here at 5k documents, a conditional replace by _id
// took 36 ms on SQLite (its _id index is not used) against 2.2 ms on PostgreSQL, and the consumer's apply rate
// fell as collections grew.
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir, tcpCheck } from './common.js';
import { STORAGE_SQL } from './ferretdb-storage.js';
import { PG_BIN, postgresOwner } from './postgres.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS } from '../../experiment/contract.js';

// FerretDB's storage: loopback inside this container only; port 5432 here is not the harness's cdc-postgres.
// pool_max_conns: FerretDB v1.24 holds a pooled storage connection per statement of a running update command and
// waits for the next one while holding them, so statements in flight beyond its pool deadlock it for good
// (measured: its default pool of 50, two consumers catching up with 2 × 32-statement commands each — every
// goroutine in pgxpool Acquire, even ping's). 180 of the 200 connections PostgreSQL allows.
const STORE = 'postgres://postgres@127.0.0.1:5432/ferretdb?pool_max_conns=180';

export function mongodbSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('mongodb');
  const owner = postgresOwner(ctx.cfg.postgresUser);
  const script = [
    'set -e',
    `if [ ! -s /data/pgdata/PG_VERSION ]; then ${PG_BIN}/initdb -D /data/pgdata -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/data/initdb.log; fi`,
    // Only this container ever runs a postmaster on this data dir, so a postmaster.pid left by a kill is stale; its
    // PID may belong to another process of the new container, and PostgreSQL would refuse to start.
    'rm -f /data/pgdata/postmaster.pid',
    // Durable commits (the default): an acknowledged write must survive the SIGKILL the experiments inject, as a
    // journaled write survives a mongod crash.
    `${PG_BIN}/postgres -D /data/pgdata -c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories='' -c max_connections=200 &`,
    `i=0; until ${PG_BIN}/psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1" >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done`,
    `${PG_BIN}/psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname = 'ferretdb'" | grep -q 1 || ${PG_BIN}/psql -h 127.0.0.1 -U postgres -d postgres -qc "create database ferretdb"`,
    // Indexes FerretDB can use for equality filters (ferretdb-storage.ts), before FerretDB opens its connections.
    `${PG_BIN}/psql -h 127.0.0.1 -U postgres -d ferretdb -v ON_ERROR_STOP=1 -q <<'SQL'\n${STORAGE_SQL}SQL`,
    [
      'exec /opt/bin/ferretdb',
      '--listen-addr=0.0.0.0:27017',
      '--handler=pg',
      `--postgresql-url=${STORE}`,
      '--state-dir=/data/state',
      '--debug-addr=0.0.0.0:8088',
      '--telemetry=disable',
      '--log-level=warn',
    ].join(' '),
  ].join('\n');
  return {
    name: CONTAINERS.mongodb,
    image: 'cdc-base:empty',
    cmd: ['/bin/sh', '-c', script],
    // GOGC: FerretDB's live heap is a few MB, so with Go's default it collects after every ~4 MB allocated: in a
    // pprof profile of a 500k-document read a fifth of its CPU was the collector. With 1600 (a collection at 17× the
    // live heap) a raw read of 100k documents took 11.0 s (10.6–11.4) against 15.0 s (14.6–15.9) with the default,
    // 4 alternated rounds on the same data. GOMEMLIMIT bounds what that costs: bulk inserts grew its heap to 738 MB
    // under GOGC alone.
    env: { HOME: '/data', LANG: 'C.UTF-8', GOGC: '1600', GOMEMLIMIT: '384MiB' },
    user: `${owner.uid}:${owner.gid}`,
    binds: [...baseBinds(dir), `${ctx.artifacts.ferretdb}:/opt/bin/ferretdb:ro`],
    ports: { 27017: HOST_PORTS[CONTAINERS.mongodb] },
    target: true,
    init: true,
    stopSignal: 'SIGINT',
    healthcheck: tcpCheck(27017),
    prepare: () => {
      makeDataDir(dir, owner);
      makeDataDir(`${dir}/state`, owner);
    },
  };
}
