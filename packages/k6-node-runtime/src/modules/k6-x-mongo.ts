// `k6/x/mongo` (GhMartingit/xk6-mongo v1.2.0): a legacy module whose default export is one
// shared object; methods are also named exports. Synchronous; Go errors are thrown; newClient
// returns null on failure. The driver work happens in the I/O worker (src/io/mongo.ts).
import { callSync } from '../bridge/client.js';
import { decodeRawDocs, type RawDocs } from '../io/bson-values.js';

type Doc = Record<string, unknown>;

class Session {
  readonly #id: number;
  constructor(id: number) {
    this.#id = id;
  }
  #call<T>(method: string, ...args: unknown[]): T {
    return callSync<T>(`mongo.session.${method}`, this.#id, ...args);
  }
  startTransaction(): void {
    this.#call('startTransaction');
  }
  commitTransaction(): void {
    this.#call('commitTransaction');
  }
  abortTransaction(): void {
    this.#call('abortTransaction');
  }
  endSession(): void {
    this.#call('endSession');
  }
  insert(db: string, coll: string, doc: Doc): void {
    this.#call('insert', db, coll, doc);
  }
  findOne(db: string, coll: string, filter: Doc): Doc {
    return this.#call('findOne', db, coll, filter);
  }
  updateOne(db: string, coll: string, filter: Doc, update: Doc): void {
    this.#call('updateOne', db, coll, filter, update);
  }
  deleteOne(db: string, coll: string, filter: Doc): void {
    this.#call('deleteOne', db, coll, filter);
  }
}

class Client {
  readonly #id: number;
  constructor(id: number) {
    this.#id = id;
  }
  #call<T>(method: string, ...args: unknown[]): T {
    return callSync<T>(`mongo.${method}`, this.#id, ...args);
  }
  insert(db: string, coll: string, doc: Doc): void {
    this.#call('insert', db, coll, doc);
  }
  insertMany(db: string, coll: string, docs: Doc[]): void {
    this.#call('insertMany', db, coll, docs);
  }
  /** A find's documents, decoded here on the VU's thread (the I/O worker sends them as raw BSON). */
  #found(method: string, ...args: unknown[]): Doc[] {
    return decodeRawDocs(this.#call<RawDocs>(method, ...args)) as Doc[];
  }
  find(db: string, coll: string, filter: Doc, sort: Doc | null, limit: number): Doc[] {
    return this.#found('find', db, coll, filter, sort, limit);
  }
  findWithOptions(db: string, coll: string, filter: Doc, options: Doc): Doc[] {
    return this.#found('findWithOptions', db, coll, filter, options);
  }
  findOne(db: string, coll: string, filter: Doc): Doc {
    return this.#call('findOne', db, coll, filter);
  }
  findAll(db: string, coll: string): Doc[] {
    return this.#found('findAll', db, coll);
  }
  aggregate(db: string, coll: string, pipeline: Doc[]): Doc[] {
    return this.#call('aggregate', db, coll, pipeline);
  }
  distinct(db: string, coll: string, field: string, filter: Doc): unknown[] {
    return this.#call('distinct', db, coll, field, filter);
  }
  countDocuments(db: string, coll: string, filter: Doc): number {
    return this.#call('countDocuments', db, coll, filter);
  }
  updateOne(db: string, coll: string, filter: Doc, update: Doc): void {
    this.#call('updateOne', db, coll, filter, update);
  }
  updateMany(db: string, coll: string, filter: Doc, update: Doc): void {
    this.#call('updateMany', db, coll, filter, update);
  }
  upsert(db: string, coll: string, filter: Doc, doc: Doc): void {
    this.#call('upsert', db, coll, filter, doc);
  }
  findOneAndUpdate(db: string, coll: string, filter: Doc, update: Doc): Doc {
    return this.#call('findOneAndUpdate', db, coll, filter, update);
  }
  deleteOne(db: string, coll: string, filter: Doc): void {
    this.#call('deleteOne', db, coll, filter);
  }
  deleteMany(db: string, coll: string, filter: Doc): void {
    this.#call('deleteMany', db, coll, filter);
  }
  dropCollection(db: string, coll: string): void {
    this.#call('dropCollection', db, coll);
  }
  dropDatabase(db: string): void {
    this.#call('dropDatabase', db);
  }
  listCollections(db: string): Doc[] {
    return this.#call('listCollections', db);
  }
  createIndex(db: string, coll: string, keys: Doc, options?: Doc): string {
    return this.#call('createIndex', db, coll, keys, options);
  }
  dropIndex(db: string, coll: string, name: string): void {
    this.#call('dropIndex', db, coll, name);
  }
  listIndexes(db: string, coll: string): Doc[] {
    return this.#call('listIndexes', db, coll);
  }
  bulkWrite(db: string, coll: string, ops: unknown[]): [number, number] {
    return this.#call('bulkWrite', db, coll, ops);
  }
  watch(db: string, coll: string, pipeline: Doc[] | null, durationMs: number): Doc[] {
    return this.#call('watch', db, coll, pipeline, durationMs);
  }
  startSession(): Session {
    return new Session(this.#call<number>('startSession'));
  }
  disconnect(): void {
    this.#call('disconnect');
  }
}

export function newClient(uri: string): Client | null {
  const id = callSync<number | null>('mongo.newClient', uri);
  return id === null ? null : new Client(id);
}

export function newClientWithOptions(uri: string, options: Doc): Client | null {
  const id = callSync<number | null>('mongo.newClient', uri, options);
  return id === null ? null : new Client(id);
}

export default { newClient, newClientWithOptions };
