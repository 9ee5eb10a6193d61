// The benches' own databases on the stack's servers: PostgreSQL database `cdc_bench` (the stack's
// schema, src/stack/schema.sql) and MongoDB database `cdc_bench`. Outside database `cdc`, nothing the
// benches write reaches Debezium's slot, so bench rows never flow through the pipeline (and the
// pipeline's own work never skews a bench round); both are dropped at the end. PG_URL / MONGO_URL (as
// `cdc-chaos stack env` prints them) point the benches at other servers, e.g. a private FerretDB while
// the shared stack is busy.
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { stackEndpoints } from '../../src/stack/env.js';
import { schemaSql } from '../../src/stack/schema.js';
import { ROOT } from './results.js';

export const BENCH_DB = 'cdc_bench';

const serverUrl = (db: string): string => (process.env.PG_URL ?? stackEndpoints().PG_URL).replace(/\/cdc\?/, `/${db}?`);
export const BENCH_PG_URL = serverUrl(BENCH_DB);
export const MONGO_URL = process.env.MONGO_URL ?? stackEndpoints().MONGO_URL;

async function onServer(fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl('postgres'), connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

/** Fresh, empty bench database with the harness's tables. */
export async function createBenchDb(): Promise<void> {
  await dropBenchDb();
  await onServer((c) => c.query(`create database ${BENCH_DB}`).then(() => undefined));
  const c = new pg.Client({ connectionString: BENCH_PG_URL });
  await c.connect();
  try {
    await c.query(schemaSql(ROOT));
  } finally {
    await c.end();
  }
}

export async function dropBenchDb(): Promise<void> {
  await onServer((c) => c.query(`drop database if exists ${BENCH_DB} with (force)`).then(() => undefined));
  const m = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    await m.db(BENCH_DB).dropDatabase();
  } finally {
    await m.close();
  }
}
