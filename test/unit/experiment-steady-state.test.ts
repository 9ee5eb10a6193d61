// The pre-run steady-state check: the baseline starts only once the consumer caught up and stayed caught up.
import { describe, expect, it } from 'vitest';
import {
  drainedAfterSentinel,
  settleStalled,
  steadyState,
  type LagReading,
} from '../../src/experiment/steady-state.js';

const series = (...lags: Array<number | null>): LagReading[] => lags.map((lag, i) => ({ atMs: i * 2_000, lag }));
const rule = { maxLag: 100, holdMs: 5_000 };

describe('steadyState', () => {
  it('waits while the lag is above the bound, and until a low lag has held for holdMs', () => {
    expect(steadyState([], rule)).toBe('waiting');
    expect(steadyState(series(5000, 3000, 900), rule)).toBe('waiting');
    expect(steadyState(series(5000, 20, 0), rule)).toBe('waiting'); // low for 2 s only
    expect(steadyState(series(5000, 20, 0, 10, 0), rule)).toBe('settled'); // low from t=2 s to t=8 s
  });

  it('starts over when the lag rises again (a teardown delete burst reaching Kafka late)', () => {
    expect(steadyState(series(0, 0, 2500, 0, 0), rule)).toBe('waiting');
    expect(steadyState(series(0, 0, 2500, 0, 0, 0, 0), rule)).toBe('settled');
  });

  it('a missing reading breaks the hold; only never-answered sources make it unmeasurable', () => {
    expect(steadyState(series(0, null, 0, 0), rule)).toBe('waiting');
    expect(steadyState(series(null, null), rule)).toBe('waiting');
    expect(steadyState(series(null, null, null, null), rule)).toBe('unmeasurable');
    expect(steadyState(series(3000, null, null, null), rule)).toBe('waiting');
  });
});

// Readings every 2 s; CHAOS_SETTLE_TIMEOUT = 6 s here.
describe('settleStalled', () => {
  it('keeps waiting while a backlog is being applied, however long it takes', () => {
    expect(settleStalled(series(9000, 8000, 7000, 6000, 5000, 4000, 3000, 2000, 1000), 6_000)).toBe(false);
  });

  it('is stalled once the lag has gone the timeout without a new low', () => {
    expect(settleStalled(series(9000, 5000, 5000, 5000), 6_000)).toBe(false); // 5000 reached at 2 s: 4 s ago
    expect(settleStalled(series(9000, 5000, 5000, 5000, 5000), 6_000)).toBe(true);
    // a rise and a fall back to the old low is no progress; going below it is
    expect(settleStalled(series(900, 500, 700, 600, 500), 6_000)).toBe(true);
    expect(settleStalled(series(900, 500, 700, 600, 499), 6_000)).toBe(false);
  });

  it('needs the timeout to have passed, and counts unanswered readings as no progress', () => {
    expect(settleStalled([], 6_000)).toBe(false);
    expect(settleStalled(series(9000, 9000, 9000), 6_000)).toBe(false);
    expect(settleStalled(series(9000, null, null, null), 6_000)).toBe(true);
    expect(settleStalled(series(null, null, 9000, 8000), 6_000)).toBe(false); // first answer starts the clock
    expect(settleStalled(series(null, null, null, null), 6_000)).toBe(true);
  });
});

// Verification's early end for a consumer that will never agree: readings every 2 s from t=0.
describe('drainedAfterSentinel', () => {
  it('never before the sentinel was seen, whatever the lag', () => {
    expect(drainedAfterSentinel(series(0, 0, 0, 0, 0, 0, 0, 0), null)).toBe(false);
  });

  it('lag 0 for 8 s counted from 2 s after the sentinel was seen', () => {
    const zeros = series(0, 0, 0, 0, 0, 0, 0); // t = 0 … 12 s
    expect(drainedAfterSentinel(zeros, 0)).toBe(true); // 2 s … 12 s
    expect(drainedAfterSentinel(zeros, 2_000)).toBe(true); // 4 s … 12 s
    expect(drainedAfterSentinel(zeros, 4_000)).toBe(false); // 6 s … 12 s: zeros before the grace ended do not count
    expect(drainedAfterSentinel(series(0, 0, 0, 0, 0, 5, 0), 0)).toBe(false);
  });

  it('any lag or a missing reading after the sentinel starts the hold over', () => {
    expect(drainedAfterSentinel(series(0, 0, 3, 0, 0, 0, 0), 0)).toBe(false); // 0 from 6 s to 12 s
    expect(drainedAfterSentinel(series(0, 0, 3, 0, 0, 0, 0, 0), 0)).toBe(true); // 0 from 6 s to 14 s
    expect(drainedAfterSentinel(series(0, 0, 0, null, 0, 0, 0, 0), 0)).toBe(false); // 0 from 8 s to 14 s
    expect(drainedAfterSentinel(series(null, null, null, null, null, null, null), 0)).toBe(false);
  });
});
