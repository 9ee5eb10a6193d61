// I/O side of k6/x/mongo (GhMartingit/xk6-mongo v1.2.0 over mongo-go-driver v1): one MongoClient
// per newClient() per VU; argument checks, error wording, log lines and the 10 s connect / 30 s
// per-operation limits follow mongo.go; values convert as sobek would (bson-values.ts).
import { MongoClient, type ClientSession, type Collection, type Document, type MongoClientOptions } from 'mongodb';
import type { IoContext, IoHandler } from './types.js';
import { fromBson, rawDocs, toBson } from './bson-values.js';
import { goLog } from './go-log.js';

const CONNECT_MS = 10_000;
const OP_MS = 30_000;
const CLOSER = 'mongo:closer';
let nextId = 1;

interface Client {
  client: MongoClient;
  disconnected: boolean;
}

function fail(msg: string): never {
  throw new Error(msg);
}

/** context.WithTimeout(30 s) around one driver call. */
async function withTimeout<T>(p: Promise<T>, ms = OP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('context deadline exceeded')), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Go driver wording: "(CodeName) message"; write errors as WriteException. */
function goError(e: unknown, write: boolean): Error {
  const err = e as Error & { code?: number; codeName?: string; writeErrors?: unknown };
  if (err.name === 'MongoServerError' || err.name === 'MongoBulkWriteError') {
    if (write && (err.code === 11000 || err.writeErrors !== undefined)) {
      return Object.assign(new Error(`write exception: write errors: [${err.message}]`), { code: String(err.code) });
    }
    if (err.codeName) return Object.assign(new Error(`(${err.codeName}) ${err.message}`), { code: String(err.code) });
  }
  if (err.name === 'MongoServerSelectionError')
    return new Error(`server selection error: context deadline exceeded, ${err.message}`);
  return err instanceof Error ? err : new Error(String(e));
}

function clientOf(ctx: IoContext, id: unknown): MongoClient {
  const c = ctx.resources.get(`mongo:${String(id)}`) as Client | undefined;
  if (!c) fail('mongo: unknown client handle');
  if (c.disconnected) fail('client is disconnected');
  return c.client;
}

/** validateDatabaseAndCollection of mongo.go. */
function collection(client: MongoClient, db: unknown, coll: unknown): Collection {
  const d = String(db ?? '');
  const c = String(coll ?? '');
  if (d === '') fail('database name cannot be empty');
  if (c === '') fail('collection name cannot be empty');
  for (const ch of ['/', '\\', '.', '"', '$', ' ', '\x00'])
    if (d.includes(ch)) fail(`database name contains invalid character: ${ch}`);
  return client.db(d).collection(c);
}

/** mongo-go-driver rejects a nil filter/document with ErrNilDocument. */
function doc(v: unknown): Document {
  if (v === null || v === undefined) fail('document is nil');
  return toBson(v) as Document;
}

/** The driver refuses multi-key Go maps where order matters (sort, index keys). */
function ordered(v: unknown, param: string): Document | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 1)
    fail(`multi-key map passed in for ordered parameter ${param}`);
  return toBson(v) as Document;
}

/** prepareUpdateDocument: a pipeline or an operator document passes, anything else is $set-wrapped. */
function updateDoc(v: unknown): Document | Document[] {
  if (v === null || v === undefined) fail('update document cannot be nil');
  if (Array.isArray(v)) return toBson(v) as Document[];
  const d = toBson(v) as Document;
  return Object.keys(d).some((k) => k.startsWith('$')) ? d : { $set: d };
}

const docs = (list: unknown[]) => list.map(fromBson);
/** A find's documents, left undecoded for the VU (bson-values.ts rawDocs; `raw: true` makes the driver return them so). */
const found = (list: unknown[]) => rawDocs(list as Uint8Array[]);

/** Runs a logged, time-limited operation: on error, mongo.go logs `fmtErr` and returns the error. */
async function op<T>(logFmt: string | undefined, write: boolean, p: () => Promise<T>): Promise<T> {
  try {
    return await withTimeout(p());
  } catch (e) {
    const err = goError(e, write);
    if (logFmt) goLog(logFmt.replace('%v', err.message));
    throw err;
  }
}

/** snake_case / camelCase client options → driver options (unknown keys are ignored, as bson.Unmarshal does). */
function clientOptions(raw: Record<string, unknown> | undefined): MongoClientOptions {
  const out: MongoClientOptions = {};
  if (!raw) return out;
  const norm = (k: string) =>
    k.replace(/[_\- ]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toLowerCase());
  for (const [k, v] of Object.entries(raw)) {
    const key = norm(k);
    if (
      key === 'appName' ||
      key === 'maxPoolSize' ||
      key === 'minPoolSize' ||
      key === 'maxConnecting' ||
      key === 'replicaSet' ||
      key === 'retryWrites' ||
      key === 'retryReads' ||
      key === 'directConnection'
    ) {
      (out as Record<string, unknown>)[key] = v;
    } else if (key === 'direct') out.directConnection = Boolean(v);
    else if (key === 'serverApiOptions' && v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const version = (o.server_api_version ?? o.serverApiVersion ?? o.ServerAPIVersion) as '1';
      out.serverApi = { version, strict: (o.strict ?? o.Strict) as boolean | undefined };
    }
  }
  return out;
}

function registerCloser(ctx: IoContext): void {
  if (ctx.resources.has(CLOSER)) return;
  ctx.resources.set(CLOSER, true);
  ctx.onClose(async () => {
    for (const [key, v] of ctx.resources) {
      if (key.startsWith('mongo:') && key !== CLOSER && (v as Client).client) {
        const c = v as Client;
        if (!c.disconnected) await withTimeout(c.client.close(true), 10_000).catch(() => {});
        c.disconnected = true;
      }
    }
  });
}

/** Client methods: [clientId, ...args as in JS]. */
const clientOps: Record<string, (c: MongoClient, a: unknown[], ctx: IoContext) => Promise<unknown>> = {
  insert: async (c, [db, coll, d]) => {
    if (d === null || d === undefined) fail('document cannot be nil');
    const col = collection(c, db, coll);
    await op('Error while inserting document: %v', true, () => col.insertOne(doc(d)));
    goLog('Document inserted successfully');
  },
  insertMany: async (c, [db, coll, list]) => {
    if (!Array.isArray(list) || list.length === 0) fail('documents array cannot be empty');
    const col = collection(c, db, coll);
    await op('Error while inserting multiple documents: %v', true, () => col.insertMany(list.map(doc)));
  },
  upsert: async (c, [db, coll, filter, d]) => {
    if (filter === null || filter === undefined) fail('filter cannot be nil');
    const col = collection(c, db, coll);
    const u = updateDoc(d);
    await op('Error while performing upsert: %v', true, () => col.updateOne(doc(filter), u, { upsert: true }));
  },
  find: async (c, [db, coll, filter, sort, limit]) => {
    const lim = Number(limit ?? 0);
    if (lim < 0) fail('limit cannot be negative');
    const col = collection(c, db, coll);
    const s = ordered(sort, 'sort');
    return found(
      await op('Error while finding documents: %v', false, () =>
        col.find(doc(filter), { sort: s, limit: lim, raw: true }).toArray(),
      ),
    );
  },
  findWithOptions: async (c, [db, coll, filter, o]) => {
    const col = collection(c, db, coll);
    const opts = (o ?? {}) as Record<string, unknown>;
    const find: { limit?: number; skip?: number; sort?: Document; projection?: Document; raw: true } = { raw: true };
    // mongo.go type-asserts int64: only integral JS numbers apply; batch_size (int32) never does.
    if (Number.isInteger(opts.limit) && (opts.limit as number) > 0) find.limit = opts.limit as number;
    if (Number.isInteger(opts.skip) && (opts.skip as number) > 0) find.skip = opts.skip as number;
    if ('sort' in opts) find.sort = ordered(opts.sort, 'sort');
    if ('projection' in opts && opts.projection != null) find.projection = toBson(opts.projection) as Document;
    return found(await op('Error while finding documents: %v', false, () => col.find(doc(filter), find).toArray()));
  },
  aggregate: async (c, [db, coll, pipeline]) => {
    if (pipeline === null || pipeline === undefined) fail('pipeline cannot be nil');
    const col = collection(c, db, coll);
    return docs(
      await op('Error while aggregating: %v', false, () => col.aggregate(toBson(pipeline) as Document[]).toArray()),
    );
  },
  findOne: async (c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    const found = await op('Error while finding the document: %v', false, async () => {
      const d = await col.findOne(doc(filter));
      if (d === null) fail('mongo: no documents in result');
      return d;
    });
    return fromBson(found);
  },
  updateOne: async (c, [db, coll, filter, d]) => {
    if (filter === null || filter === undefined) fail('filter cannot be nil');
    const col = collection(c, db, coll);
    const u = updateDoc(d);
    await op('Error while updating the document: %v', true, () => col.updateOne(doc(filter), u));
  },
  updateMany: async (c, [db, coll, filter, d]) => {
    if (filter === null || filter === undefined) fail('filter cannot be nil');
    const col = collection(c, db, coll);
    const u = updateDoc(d);
    await op('Error while updating the documents: %v', true, () => col.updateMany(doc(filter), u));
  },
  findAll: async (c, [db, coll]) => {
    const col = collection(c, db, coll);
    return found(await op('Error while finding documents: %v', false, () => col.find({}, { raw: true }).toArray()));
  },
  deleteOne: async (c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    await op('Error while deleting the document: %v', true, () => col.deleteOne(doc(filter)));
  },
  deleteMany: async (c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    await op('Error while deleting the documents: %v', true, () => col.deleteMany(doc(filter)));
  },
  distinct: async (c, [db, coll, field, filter]) => {
    if (!field) fail('field name cannot be empty');
    const col = collection(c, db, coll);
    return docs(
      await op('Error while getting distinct values: %v', false, () => col.distinct(String(field), doc(filter))),
    );
  },
  dropCollection: async (c, [db, coll]) => {
    const col = collection(c, db, coll);
    // mongo-go-driver's Drop ignores "ns not found"; node's drop() returns false for it too.
    await op('Error while dropping the collection: %v', false, () =>
      col.drop().catch((e: { codeName?: string }) => {
        if (e.codeName !== 'NamespaceNotFound') throw e;
        return false;
      }),
    );
  },
  countDocuments: async (c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    return op('Error while counting documents: %v', false, () => col.countDocuments(doc(filter)));
  },
  findOneAndUpdate: async (c, [db, coll, filter, update]) => {
    if (filter === null || filter === undefined) fail('filter cannot be nil');
    const col = collection(c, db, coll);
    const found = await op('Error while finding and updating document: %v', true, async () => {
      // mongo.go passes the update as is (no $set wrapping here).
      const d = await col.findOneAndUpdate(doc(filter), toBson(update) as Document, {
        returnDocument: 'after',
        includeResultMetadata: false,
      });
      if (d === null) fail('mongo: no documents in result');
      return d;
    });
    return fromBson(found);
  },
  disconnect: async (c, _a, ctx) => {
    for (const v of ctx.resources.values()) if ((v as Client).client === c) (v as Client).disconnected = true;
    await op('Error while disconnecting from the database: %v', false, () => withTimeout(c.close(), 10_000));
  },
  bulkWrite: async (c, [db, coll, ops]) => {
    if (!Array.isArray(ops) || ops.length === 0) fail('operations array cannot be empty');
    collection(c, db, coll);
    // The Go method takes []mongo.WriteModel (interfaces): sobek cannot build those from JS objects.
    fail('could not convert JS operations to []mongo.WriteModel: bulkWrite is unusable from JS in xk6-mongo v1.2.0');
  },
  createIndex: async (c, [db, coll, keys, o]) => {
    if (keys === null || keys === undefined) fail('index keys cannot be nil');
    const col = collection(c, db, coll);
    const opts = (o ?? {}) as Record<string, unknown>;
    const idx: { unique?: boolean; name?: string; sparse?: boolean } = {};
    if (typeof opts.unique === 'boolean') idx.unique = opts.unique;
    if (typeof opts.name === 'string') idx.name = opts.name;
    if (typeof opts.sparse === 'boolean') idx.sparse = opts.sparse;
    // expire_after_seconds is type-checked as int32 in mongo.go: a JS number never matches.
    const k = ordered(keys, 'keys')!;
    const name = await op('Error while creating index: %v', false, () => col.createIndex(k, idx));
    goLog(`Index created successfully: ${name}`);
    return name;
  },
  dropIndex: async (c, [db, coll, name]) => {
    if (!name) fail('index name cannot be empty');
    const col = collection(c, db, coll);
    await op('Error while dropping index: %v', false, () => col.dropIndex(String(name)));
    goLog(`Index dropped successfully: ${String(name)}`);
  },
  listIndexes: async (c, [db, coll]) => {
    const col = collection(c, db, coll);
    return docs(await op('Error while listing indexes: %v', false, () => col.listIndexes().toArray()));
  },
  watch: async (c, [db, coll, pipeline, durationMs]) => {
    const col = collection(c, db, coll);
    const ms = Number(durationMs) > 0 ? Number(durationMs) : 5000;
    const stream = col.watch((toBson(pipeline ?? []) as Document[]) ?? []);
    const events: unknown[] = [];
    const end = Date.now() + ms;
    try {
      for (;;) {
        const left = end - Date.now();
        if (left <= 0) break;
        const next = await Promise.race([
          stream.tryNext(),
          new Promise<null>((r) => setTimeout(() => r(null), Math.min(left, 200))),
        ]);
        if (next) events.push(fromBson(next));
      }
    } catch (e) {
      const err = goError(e, false);
      goLog(`Error while watching collection: ${err.message}`);
      throw err;
    } finally {
      await stream.close().catch(() => {});
    }
    return events;
  },
  dropDatabase: async (c, [db]) => {
    if (!db) fail('database name cannot be empty');
    await op('Error while dropping database: %v', false, () => c.db(String(db)).dropDatabase());
    goLog(`Database dropped successfully: ${String(db)}`);
  },
  listCollections: async (c, [db]) => {
    if (!db) fail('database name cannot be empty');
    return docs(
      await op('Error while listing collections: %v', false, () => c.db(String(db)).listCollections({}).toArray()),
    );
  },
  startSession: async (c, _a, ctx) => {
    const id = nextId++;
    ctx.resources.set(`mongo-session:${id}`, { s: c.startSession(), c });
    return id;
  },
};

function sessionOf(ctx: IoContext, id: unknown): { s: ClientSession; c: MongoClient } {
  const found = ctx.resources.get(`mongo-session:${String(id)}`) as { s: ClientSession; c: MongoClient } | undefined;
  if (!found) fail('mongo: unknown session handle');
  return found;
}

/** Session methods: [sessionId, ...args]. */
const sessionOps: Record<string, (s: ClientSession, c: MongoClient, a: unknown[]) => Promise<unknown>> = {
  startTransaction: async (s) => void s.startTransaction(),
  commitTransaction: async (s) => void (await withTimeout(s.commitTransaction())),
  abortTransaction: async (s) => void (await withTimeout(s.abortTransaction())),
  endSession: async (s) => void (await s.endSession()),
  insert: async (s, c, [db, coll, d]) => {
    if (d === null || d === undefined) fail('document cannot be nil');
    const col = collection(c, db, coll);
    await withTimeout(col.insertOne(doc(d), { session: s })).catch((e) => fail(goError(e, true).message));
  },
  findOne: async (s, c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    const d = await withTimeout(col.findOne(doc(filter), { session: s })).catch((e) => fail(goError(e, false).message));
    if (d === null) fail('mongo: no documents in result');
    return fromBson(d);
  },
  updateOne: async (s, c, [db, coll, filter, d]) => {
    if (filter === null || filter === undefined) fail('filter cannot be nil');
    const col = collection(c, db, coll);
    const u = updateDoc(d);
    await withTimeout(col.updateOne(doc(filter), u, { session: s })).catch((e) => fail(goError(e, true).message));
  },
  deleteOne: async (s, c, [db, coll, filter]) => {
    const col = collection(c, db, coll);
    await withTimeout(col.deleteOne(doc(filter), { session: s })).catch((e) => fail(goError(e, true).message));
  },
};

async function newClient(args: unknown[], ctx: IoContext): Promise<number | null> {
  const [uri, opts] = args as [string | undefined, Record<string, unknown> | undefined];
  goLog('start creating new client');
  if (!uri) {
    goLog('Error: connection URI cannot be empty');
    return null;
  }
  let client: MongoClient;
  try {
    // The 10 s connect+ping context bounds everything; shorter limits given in the URI still apply.
    const limits = /[?&]serverSelectionTimeoutMS=/i.test(String(uri)) ? {} : { serverSelectionTimeoutMS: CONNECT_MS };
    client = new MongoClient(String(uri), { ...clientOptions(opts), ...limits, connectTimeoutMS: CONNECT_MS });
  } catch (e) {
    goLog(`Error while establishing a connection to MongoDB: error parsing uri: ${(e as Error).message}`);
    return null;
  }
  try {
    await withTimeout(
      client.connect().then(() => client.db('admin').command({ ping: 1 })),
      CONNECT_MS,
    );
  } catch (e) {
    goLog(`Error while pinging MongoDB: ${goError(e, false).message}`);
    await client.close(true).catch(() => {});
    return null;
  }
  goLog('created new client and verified connection');
  const id = nextId++;
  ctx.resources.set(`mongo:${id}`, { client, disconnected: false } satisfies Client);
  registerCloser(ctx);
  return id;
}

export const handlers: Record<string, IoHandler> = {
  'mongo.newClient': (args, ctx) => newClient(args, ctx),
  ...Object.fromEntries(
    Object.entries(clientOps).map(([name, fn]) => [
      `mongo.${name}`,
      (args, ctx) => fn(clientOf(ctx, args[0]), args.slice(1), ctx),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(sessionOps).map(([name, fn]) => [
      `mongo.session.${name}`,
      (args, ctx) => {
        const { s, c } = sessionOf(ctx, args[0]);
        return fn(s, c, args.slice(1));
      },
    ]),
  ),
};
