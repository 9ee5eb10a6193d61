// The probes' own failures: every failed measurement is counted (chaos_probe_errors{probe}) and journaled —
// `probe_error` when a probe starts failing, `probe_recovered` (how long, how many failures, the last error)
// when it measures again, and `probe_still_failing` at the end for a streak that never ended — so a probe that
// could not look is never mistaken for a pipeline that was not there. A client that keeps failing is replaced
// (chaos_probe_client_renewals), as the reference consumer replaces its own: a MongoDB killed and restarted can
// leave a driver client that never reconnects, which would read as a pipeline that never recovered.

import { offsetNow, type RunData } from './config.js';
import { journal } from './journal.js';
import * as m from './metrics.js';

/** A failing client is replaced after this long, and again at most this often while it keeps failing. */
export const RENEW_AFTER_MS = 3000;

interface Streak {
  sinceMs: number;
  failures: number;
  lastError: string;
  lastRenewMs: number;
}

export class ProbeFailures {
  private readonly streaks = new Map<string, Streak>();

  constructor(private readonly data: RunData) {}

  /** The probe measured: ends its failing streak, if any. */
  ok(probe: string): void {
    const s = this.streaks.get(probe);
    if (!s) return;
    this.streaks.delete(probe);
    journal(this.data.runId, 'probe_recovered', {
      probe,
      failing_ms: offsetNow(this.data) - s.sinceMs,
      failures: s.failures,
      last_error: s.lastError,
    });
  }

  /**
   * The probe could not measure. `renew` (the probe's client, dropped so the next use makes a new one) runs once
   * the streak is RENEW_AFTER_MS old, and again every RENEW_AFTER_MS while it lasts.
   */
  failed(probe: string, error: string, renew?: () => void): void {
    const now = offsetNow(this.data);
    m.probeErrors.add(1, { probe });
    let s = this.streaks.get(probe);
    if (!s) {
      s = { sinceMs: now, failures: 0, lastError: error, lastRenewMs: now };
      this.streaks.set(probe, s);
      journal(this.data.runId, 'probe_error', { probe, error });
    }
    s.failures++;
    s.lastError = error;
    if (renew && now - s.lastRenewMs >= RENEW_AFTER_MS) {
      s.lastRenewMs = now;
      renew();
      m.probeClientRenewals.add(1, { probe });
      journal(this.data.runId, 'probe_client_renewed', { probe, failing_ms: now - s.sinceMs, last_error: error });
    }
  }

  /** True while the probe's last attempt failed. */
  failing(probe: string): boolean {
    return this.streaks.has(probe);
  }

  /** Streaks still open when observation ends, journaled: measurements that never came back. */
  close(): void {
    const now = offsetNow(this.data);
    this.streaks.forEach((s, probe) =>
      journal(this.data.runId, 'probe_still_failing', {
        probe,
        failing_ms: now - s.sinceMs,
        failures: s.failures,
        last_error: s.lastError,
      }),
    );
  }
}
