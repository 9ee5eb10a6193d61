// Lazy, per-VU connections. Nothing connects at init (init code runs in every VU and in dry runs);
// a MongoDB client that could not connect (newClient returns null) is retried on next use.

import mongo, { type Client } from 'k6/x/mongo';
import sql, { type Database } from 'k6/x/sql';
import driver from 'k6/x/sql/driver/postgres';
import { redactSecrets } from '../experiment/redact.js';
import { CONFIG } from './config.js';

let db: Database | null = null;
const mongoClients: Record<string, Client> = {};

export function pg(): Database {
  if (!db) db = sql.open(driver, CONFIG.pgUrl);
  return db;
}

/** Drops this VU's PostgreSQL pool (closing it, best effort): the next pg() call opens a new one. */
export function renewPg(): void {
  const d = db;
  db = null;
  try {
    d?.close();
  } catch {
    // a broken pool may fail to close too; it is dropped either way
  }
}

/** Appends URI options (Go and Node drivers both read them). */
function withOptions(url: string, options: string): string {
  return url + (url.indexOf('?') >= 0 ? '&' : url.endsWith('/') ? '?' : '/?') + options;
}

/**
 * `fast` clients give up after 2 s without a server (probes must keep ticking through a MongoDB
 * outage instead of waiting the driver's default 30 s).
 */
export function mongoClient(fast = false): Client {
  const key = fast ? 'fast' : 'normal';
  let c = mongoClients[key];
  if (!c) {
    const url = fast
      ? withOptions(CONFIG.mongoUrl, 'serverSelectionTimeoutMS=2000&connectTimeoutMS=2000')
      : CONFIG.mongoUrl;
    const made = mongo.newClient(url);
    if (!made) throw new Error(`cannot connect to MongoDB at ${redactSecrets(CONFIG.mongoUrl)}`);
    c = mongoClients[key] = made;
  }
  return c;
}

/** Drops a client (disconnecting it, best effort): the next mongoClient() call makes a new one. */
export function renewMongoClient(fast = false): void {
  const key = fast ? 'fast' : 'normal';
  const c = mongoClients[key];
  delete mongoClients[key];
  try {
    c?.disconnect();
  } catch {
    // a broken client may fail to disconnect too; it is dropped either way
  }
}

export const TABLES = ['customers', 'orders'] as const;
export type Table = (typeof TABLES)[number];

/** Columns compared between PG and Mongo besides version (the consumer copies every column). */
export const COMPARED: Record<Table, string[]> = {
  customers: ['email', 'status', 'balance'],
  orders: ['customer_id', 'amount', 'status'],
};
