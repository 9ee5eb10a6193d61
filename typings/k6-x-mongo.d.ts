// Types for GhMartingit/xk6-mongo v1.2.0 (`k6/x/mongo`). All calls are synchronous; Go errors are
// thrown (methods documented as returning undefined return nothing on success).
declare module 'k6/x/mongo' {
  /**
   * A document as Go `bson.M` reaches JS: plain object; ObjectId → array of 12 byte numbers;
   * int32/int64/double → number; dates → opaque time value (not a Date).
   */
  export interface Document {
    [key: string]: unknown;
  }
  export type Filter = Record<string, unknown>;

  export interface FindOptions {
    limit?: number;
    skip?: number;
    sort?: Record<string, number> | null;
    projection?: Record<string, unknown>;
    /** Ignored by the real extension (type-checked as int32, JS numbers are int64). */
    batch_size?: number;
  }

  export interface IndexOptions {
    unique?: boolean;
    name?: string;
    sparse?: boolean;
    /** Ignored by the real extension (type-checked as int32). */
    expire_after_seconds?: number;
  }

  export interface ClientOptions {
    [key: string]: unknown;
    app_name?: string;
    max_pool_size?: number;
    min_pool_size?: number;
    max_connecting?: number;
    server_api_options?: { server_api_version?: string; strict?: boolean };
  }

  export interface Session {
    startTransaction(): void;
    commitTransaction(): void;
    abortTransaction(): void;
    endSession(): void;
    insert(database: string, collection: string, doc: Document): void;
    findOne(database: string, collection: string, filter: Filter): Document;
    updateOne(database: string, collection: string, filter: Filter, update: Document): void;
    deleteOne(database: string, collection: string, filter: Filter): void;
  }

  export interface Client {
    insert(database: string, collection: string, doc: Document): void;
    insertMany(database: string, collection: string, docs: Document[]): void;
    find(
      database: string,
      collection: string,
      filter: Filter,
      sort: Record<string, number> | null,
      limit: number,
    ): Document[];
    findWithOptions(database: string, collection: string, filter: Filter, options: FindOptions): Document[];
    /** Throws `mongo: no documents in result` when nothing matches. */
    findOne(database: string, collection: string, filter: Filter): Document;
    findAll(database: string, collection: string): Document[];
    aggregate(database: string, collection: string, pipeline: Document[]): Document[];
    distinct(database: string, collection: string, field: string, filter: Filter): unknown[];
    countDocuments(database: string, collection: string, filter: Filter): number;
    /** An update without `$` operators is wrapped in `$set`. */
    updateOne(database: string, collection: string, filter: Filter, update: Document): void;
    updateMany(database: string, collection: string, filter: Filter, update: Document): void;
    upsert(database: string, collection: string, filter: Filter, doc: Document): void;
    /** Returns the document after the update; throws when nothing matches. */
    findOneAndUpdate(database: string, collection: string, filter: Filter, update: Document): Document;
    deleteOne(database: string, collection: string, filter: Filter): void;
    deleteMany(database: string, collection: string, filter: Filter): void;
    dropCollection(database: string, collection: string): void;
    dropDatabase(database: string): void;
    listCollections(database: string): Document[];
    createIndex(database: string, collection: string, keys: Record<string, number>, options?: IndexOptions): string;
    dropIndex(database: string, collection: string, name: string): void;
    listIndexes(database: string, collection: string): Document[];
    /** Go `mongo.WriteModel` values; plain JS objects fail conversion in the real extension. */
    bulkWrite(database: string, collection: string, operations: unknown[]): [number, number];
    /** Collects change events for durationMs (replica set only). */
    watch(database: string, collection: string, pipeline: Document[] | null, durationMs: number): Document[];
    startSession(): Session;
    disconnect(): void;
  }

  /** `null` (with a log line) on any failure: empty URI, connect or ping error (10 s). */
  export function newClient(uri: string): Client | null;
  export function newClientWithOptions(uri: string, options: ClientOptions): Client | null;

  const mongo: { newClient: typeof newClient; newClientWithOptions: typeof newClientWithOptions };
  export default mongo;
}
