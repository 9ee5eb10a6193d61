// setTimeout for any delay k6 accepts (a Go time.Duration reaches ≈ 292 years): Node clamps
// delays above 2^31-1 ms (≈ 24.8 days) to 1 ms, so a long wait is taken in chunks.
const MAX_DELAY_MS = 2 ** 31 - 1;
// Node's own timers, taken before a VU replaces the globals with k6's (vu/timers.ts builds on this).
const nodeSetTimeout = globalThis.setTimeout;
const nodeClearTimeout = globalThis.clearTimeout;

export interface LongTimer {
  clear(): void;
}

export function setLongTimeout(fn: () => void, ms: number): LongTimer {
  const due = Date.now() + ms;
  let handle: NodeJS.Timeout;
  const arm = (): void => {
    const left = due - Date.now();
    handle = left > MAX_DELAY_MS ? nodeSetTimeout(arm, MAX_DELAY_MS) : nodeSetTimeout(fn, Math.max(0, left));
  };
  arm();
  return { clear: () => nodeClearTimeout(handle) };
}
