// When to replace the MongoDB client. The driver reconnects by itself after an outage, but once, after back-to-back
// FerretDB kills, a client kept failing every operation with the same cached "connection … closed" error for
// 12 minutes while a new client in the same process worked. So: pings failing for longer than `afterMs` ⇒ a new
// client, and again at most every `afterMs` while they keep failing (a new client costs one connection attempt).
// Pure: the caller passes the clock.
export class ClientRenewal {
  private failingSinceMs: number | null = null;
  private lastRenewalMs = -Infinity;

  /** `afterMs` 0 turns renewal off. */
  constructor(private readonly afterMs: number) {}

  /**
   * Records a ping's result; true when the client should be replaced now. `closed`: the client's topology is closed
   * (a client whose first connect failed — e.g. one renewed while MongoDB was down — stays closed for good), so
   * waiting out the interval only prolongs the outage: it is replaced at once.
   */
  record(ok: boolean, nowMs: number, closed = false): boolean {
    if (ok) {
      this.failingSinceMs = null;
      return false;
    }
    this.failingSinceMs ??= nowMs;
    if (this.afterMs <= 0) return false;
    if (!closed && (nowMs - this.failingSinceMs < this.afterMs || nowMs - this.lastRenewalMs < this.afterMs))
      return false;
    this.lastRenewalMs = nowMs;
    return true;
  }
}
