// The probes' MongoDB reads. Every failed read is counted (chaos_probe_errors{probe}) and journaled once per
// failing streak with its end; a client that keeps failing is replaced (chaos_probe_client_renewals), as the
// reference consumer replaces its own: a MongoDB that was killed and restarted can leave a driver client that
// never reconnects, and a probe that then silently saw nothing read as a pipeline that never recovered.

import type { Filter } from 'k6/x/mongo';
import { mongoClient, renewMongoClient } from './clients.js';
import { CONFIG, offsetNow, type RunData } from './config.js';
import { journal } from './journal.js';
import * as m from './metrics.js';

/** A failing client is replaced after this long, and again at most this often while reads keep failing. */
const RENEW_AFTER_MS = 3000;

export class ProbeMongo {
  private failingSince: number | null = null;
  private lastError = '';
  private lastRenewMs = -Infinity;

  constructor(private readonly data: RunData) {}

  /** The documents, or null when the read failed (the caller reports that as not measured, not as absent). */
  find(probe: string, collection: string, filter: Filter, limit: number): Record<string, unknown>[] | null {
    const now = offsetNow(this.data);
    try {
      const docs = mongoClient(true).find(CONFIG.mongoDb, collection, filter, null, limit);
      if (this.failingSince !== null) {
        journal(this.data.runId, 'probe_recovered', {
          probe,
          failing_ms: now - this.failingSince,
          last_error: this.lastError,
        });
        this.failingSince = null;
      }
      return docs;
    } catch (e) {
      const error = (e as Error).message;
      m.probeErrors.add(1, { probe });
      if (this.failingSince === null) {
        this.failingSince = now;
        journal(this.data.runId, 'probe_error', { probe, error });
      }
      this.lastError = error;
      if (now - this.failingSince >= RENEW_AFTER_MS && now - this.lastRenewMs >= RENEW_AFTER_MS) {
        this.lastRenewMs = now;
        renewMongoClient(true);
        m.probeClientRenewals.add(1);
        journal(this.data.runId, 'probe_client_renewed', {
          probe,
          failing_ms: now - this.failingSince,
          last_error: error,
        });
      }
      return null;
    }
  }
}
