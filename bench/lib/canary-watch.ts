// An independent look at when each canary of a run becomes visible in MongoDB: the bench polls the canaries'
// ids itself every WATCH_MS with the node driver while the run goes on, so how late the probe saw a canary is
// measured against that moment (late by at most one poll), not bounded from the consumer's apply stamp, which
// comes before its write to FerretDB.
import { MongoClient } from 'mongodb';
import { PIPELINE } from '../../src/stack/env.js';

export const WATCH_MS = 20;
/** Ids looked at per poll, each by _id equality (FerretDB serves those from its index; an `$in` scans, ~60 ms here):
 *  the next AHEAD after the newest seen, and the unseen ones of the BEHIND before it (out of order, or never written). */
const AHEAD = 4;
const BEHIND = 8;

export class CanaryWatch {
  /** Canary id → Date.now() of the first poll that found it. */
  readonly firstSeen = new Map<string, number>();
  /** Each poll's duration (ms): how late after a canary appeared the watcher can have found it, beyond WATCH_MS. */
  readonly pollMs: number[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly mongoUrl: string,
    private readonly runId: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Ends the polling. A failed lookup counts as not found, so a watcher that never reached MongoDB leaves every lag unmeasured (the bench shows n/a and the faults without a seen canary). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const client = new MongoClient(this.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
    try {
      const coll = client.db(PIPELINE.mongoDatabase).collection<{ _id: string }>('customers');
      let newest = 0;
      while (!this.stopped) {
        const started = Date.now();
        const ids: string[] = [];
        for (let seq = Math.max(1, newest - BEHIND); seq <= newest + AHEAD; seq++) {
          const id = `${this.runId}-canary-${seq}`;
          if (!this.firstSeen.has(id)) ids.push(id);
        }
        // A MongoDB outage (a kill fault) makes a poll fail: the next one tries again.
        const found = await Promise.all(
          ids.map((id) =>
            coll
              .findOne({ _id: id }, { projection: { _id: 1 }, maxTimeMS: 2000 })
              .then((d) => (d ? id : null))
              .catch(() => null),
          ),
        );
        const at = Date.now();
        this.pollMs.push(at - started);
        for (const id of found) {
          if (id === null) continue;
          this.firstSeen.set(id, at);
          newest = Math.max(newest, Number(id.slice(id.lastIndexOf('-') + 1)));
        }
        await new Promise((r) => setTimeout(r, Math.max(0, started + WATCH_MS - Date.now())));
      }
    } finally {
      await client.close();
    }
  }
}
