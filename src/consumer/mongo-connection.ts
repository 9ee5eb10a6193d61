// The consumer's MongoDB client, replaceable: renew() swaps in a new client (client-renewal.ts says when) and
// closes the old one in the background; operations still running on it fail and are retried like any write error.
import { MongoClient, type Db } from 'mongodb';

export class MongoConnection {
  private client: MongoClient;

  constructor(
    private readonly url: string,
    private readonly dbName: string,
    private readonly appName: string,
  ) {
    this.client = this.connect();
  }

  /** The current client's database; callers fetch it per operation so they pick up a renewed client. */
  db(): Db {
    return this.client.db(this.dbName);
  }

  renew(): void {
    const old = this.client;
    this.client = this.connect();
    void old.close(true).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }

  private connect(): MongoClient {
    // Short server selection: an unreachable MongoDB fails the write fast and our backoff takes over.
    return new MongoClient(this.url, {
      serverSelectionTimeoutMS: 3_000,
      connectTimeoutMS: 3_000,
      appName: this.appName,
    });
  }
}
