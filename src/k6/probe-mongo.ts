// The probes' MongoDB reads, through the bundle's `fast` client: a failed read is a measurement not made
// (null, counted and journaled by ProbeFailures), never an absent document, and a client that keeps failing
// is replaced.

import type { Filter } from 'k6/x/mongo';
import { mongoClient, renewMongoClient } from './clients.js';
import { CONFIG } from './config.js';
import type { ProbeFailures } from './probe-failures.js';

export class ProbeMongo {
  constructor(private readonly failures: ProbeFailures) {}

  /** The documents, or null when the read failed (the caller reports that as not measured, not as absent). */
  find(probe: string, collection: string, filter: Filter, limit: number): Record<string, unknown>[] | null {
    try {
      const docs = mongoClient(true).find(CONFIG.mongoDb, collection, filter, null, limit);
      this.failures.ok(probe);
      return docs;
    } catch (e) {
      this.failures.failed(probe, (e as Error).message, () => renewMongoClient(true));
      return null;
    }
  }
}
