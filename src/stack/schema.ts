// The harness's data model in cdc-postgres (docs/ARCHITECTURE.md): database cdc, tables customers and orders with
// REPLICA IDENTITY FULL, publication cdc_publication. Every statement is idempotent.
import pg from 'pg';
import { PIPELINE } from './env.js';

export const SCHEMA_SQL = `
create table if not exists customers (id text primary key, run_id text not null, version bigint not null,
  email text not null, status text not null, balance bigint not null default 0,
  updated_at timestamptz not null default now());
create table if not exists orders (id text primary key, run_id text not null, version bigint not null,
  customer_id text not null, amount bigint not null, status text not null,
  updated_at timestamptz not null default now());
alter table customers replica identity full;
alter table orders replica identity full;
`;

const url = (db: string): string => `postgres://postgres:postgres@127.0.0.1:5432/${db}`;

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
export async function ensureSchema(): Promise<boolean> {
  let changed = false;
  await withClient('postgres', async (c) => {
    const r = await c.query('select 1 from pg_database where datname = $1', [PIPELINE.database]);
    if (r.rowCount === 0) {
      await c.query(`create database ${PIPELINE.database}`);
      changed = true;
    }
  });
  await withClient(PIPELINE.database, async (c) => {
    const t = await c.query(`select count(*)::int as n from pg_class where relname in ('customers','orders') and relreplident = 'f'`);
    if (t.rows[0].n !== 2) {
      await c.query(SCHEMA_SQL);
      changed = true;
    }
    const p = await c.query('select 1 from pg_publication where pubname = $1', [PIPELINE.publication]);
    if (p.rowCount === 0) {
      await c.query(`create publication ${PIPELINE.publication} for table public.customers, public.orders`);
      changed = true;
    }
  });
  return changed;
}
