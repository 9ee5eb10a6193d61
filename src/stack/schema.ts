// The harness's data model in cdc-postgres (docs/ARCHITECTURE.md): database cdc, tables customers and orders with
// REPLICA IDENTITY FULL, publication cdc_publication, the fault leases and the experiment lock. Every statement is idempotent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PIPELINE, stackEndpoints } from './env.js';

/** src/stack/schema.sql, shared with docker-compose.yml's postgres init. */
export const schemaSql = (projectDir: string): string =>
  readFileSync(join(projectDir, 'src', 'stack', 'schema.sql'), 'utf8');

/** PG_URL of the stack with another database (the harness's own may not exist yet). */
const url = (db: string): string => {
  const u = new URL(stackEndpoints().PG_URL);
  u.pathname = `/${db}`;
  u.search = '';
  return u.href;
};

async function withClient<T>(db: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url(db), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export async function pgReady(): Promise<true> {
  return withClient('postgres', async (c) => {
    await c.query('select 1');
    return true as const;
  });
}

/** Returns true when something had to be created. */
export async function ensureSchema(projectDir: string): Promise<boolean> {
  let changed = false;
  await withClient('postgres', async (c) => {
    const r = await c.query('select 1 from pg_database where datname = $1', [PIPELINE.database]);
    if (r.rowCount === 0) {
      await c.query(`create database ${PIPELINE.database}`);
      changed = true;
    }
  });
  await withClient(PIPELINE.database, async (c) => {
    const t = await c.query(
      `select count(*)::int as n from pg_class where relname in ('customers','orders') and relreplident = 'f'`,
    );
    const p = await c.query('select 1 from pg_publication where pubname = $1', [PIPELINE.publication]);
    const lease = await c.query(
      `select count(*)::int as n from pg_class where relname in ('cdc_chaos_faults', 'cdc_chaos_lock')`,
    );
    if (t.rows[0].n !== 2 || p.rowCount === 0 || lease.rows[0].n !== 2) {
      await c.query(schemaSql(projectDir));
      changed = true;
    }
  });
  return changed;
}

/** The replication slot has a walsender attached: Debezium streams (its task reports RUNNING before it connects, and
 *  retries a slot still held by its previous connection only after slot.retry.delay.ms). */
export async function slotStreaming(slot: string): Promise<true | undefined> {
  return withClient(PIPELINE.database, async (c) => {
    const r = await c.query('select active from pg_replication_slots where slot_name = $1', [slot]);
    return r.rows[0]?.active === true ? true : undefined;
  });
}
