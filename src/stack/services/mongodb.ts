// cdc-mongodb: FerretDB v1 (MongoDB wire protocol) on its OWN PostgreSQL, both inside this container, so faults
// on cdc-postgres never take "MongoDB" down with them, and killing cdc-mongodb takes its whole storage down at
// once, as a mongod crash would. It stands in for MongoDB, which no reachable registry serves.
// Why PostgreSQL and not FerretDB's SQLite backend: measured here at 5k documents, a conditional replace by _id
// took 36 ms on SQLite (its _id index is not used) against 2.2 ms on PostgreSQL, and the consumer's apply rate
// fell as collections grew.
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir, tcpCheck } from './common.js';
import { PG_BIN, postgresOwner } from './postgres.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

// FerretDB's storage: loopback inside this container only; port 5432 here is not the harness's cdc-postgres.
const STORE = 'postgres://postgres@127.0.0.1:5432/ferretdb';

/** FerretDB v1.24 looks a document up by `_jsonb->'_id' @> value`, which its own btree index on (_jsonb->'_id')
 *  cannot serve (FerretDB issue #4646): every findOne/update by _id scanned the whole collection — measured here,
 *  ~20 ms per lookup at 9k documents, consumer ≈ 55 changes/s — and grew with it. A GIN index on the same
 *  expression serves `@>` (1.1 ms at 48k documents; consumer ≈ 435/s). An event trigger adds one to every
 *  collection table FerretDB creates; tables that exist already get theirs here (idempotent, each start). */
export const ID_GIN_INDEX_SQL = `
CREATE OR REPLACE FUNCTION cdc_chaos_id_gin(tbl oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE n text; s text;
BEGIN
  SELECT c.relname, ns.nspname INTO n, s FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = tbl;
  IF n IS NULL OR n LIKE '\_ferretdb\_%' OR NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = '_jsonb' AND NOT attisdropped) THEN RETURN; END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L))', left(n, 55) || '_id_gin', s, n, '_id');
END $$;
CREATE OR REPLACE FUNCTION cdc_chaos_id_gin_on_create() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP
    PERFORM cdc_chaos_id_gin(r.objid);
  END LOOP;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'cdc_chaos_id_gin') THEN
    CREATE EVENT TRIGGER cdc_chaos_id_gin ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION cdc_chaos_id_gin_on_create();
  END IF;
END $$;
SELECT count(cdc_chaos_id_gin(c.oid)) FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
  WHERE c.relkind = 'r' AND ns.nspname NOT IN ('pg_catalog', 'information_schema');
`;

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
    `${PG_BIN}/psql -h 127.0.0.1 -U postgres -d ferretdb -Atq -v ON_ERROR_STOP=1 >/dev/null <<'SQL'${ID_GIN_INDEX_SQL}SQL`,
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
    name: 'cdc-mongodb',
    image: 'cdc-base:empty',
    cmd: ['/bin/sh', '-c', script],
    env: { HOME: '/data', LANG: 'C.UTF-8' },
    user: `${owner.uid}:${owner.gid}`,
    binds: [...baseBinds(dir), `${ctx.artifacts.ferretdb}:/opt/bin/ferretdb:ro`],
    ports: { 27017: HOST_PORTS['cdc-mongodb'] },
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
