import { describe, expect, it } from 'vitest';
import { ClientRenewal } from '../../src/consumer/client-renewal.js';

/** Feeds ping results at the given times (ms); returns the times at which a renewal was asked for. */
function renewals(r: ClientRenewal, pings: Array<[number, boolean]>): number[] {
  return pings.filter(([t, ok]) => r.record(ok, t)).map(([t]) => t);
}

const failing = (from: number, to: number, every = 2_000): Array<[number, boolean]> =>
  Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => [from + i * every, false]);

describe('MongoDB client renewal', () => {
  it('renews once pings have failed for the whole interval, then at most once per interval', () => {
    expect(renewals(new ClientRenewal(30_000), failing(0, 100_000))).toEqual([30_000, 60_000, 90_000]);
  });

  it('a successful ping restarts the clock', () => {
    const r = new ClientRenewal(30_000);
    expect(renewals(r, [...failing(0, 28_000), [29_000, true], ...failing(30_000, 58_000)])).toEqual([]);
    expect(r.record(false, 60_000)).toBe(true);
  });

  it('after a recovery, a new failure streak still waits out the interval since the last renewal', () => {
    const r = new ClientRenewal(30_000);
    expect(renewals(r, [...failing(0, 30_000), [31_000, true], ...failing(40_000, 80_000)])).toEqual([30_000, 70_000]);
  });

  it('a client whose topology is closed is replaced at the next ping, not after the interval', () => {
    const r = new ClientRenewal(30_000);
    expect(renewals(r, failing(0, 40_000))).toEqual([30_000]);
    // Renewed while MongoDB was down: the new client's first connect failed and closed it for good.
    expect(r.record(false, 42_000, true)).toBe(true);
    expect(r.record(false, 44_000, true)).toBe(true);
    expect(r.record(false, 46_000)).toBe(false);
  });

  it('0 turns renewal off', () => {
    expect(renewals(new ClientRenewal(0), failing(0, 600_000))).toEqual([]);
  });
});
