// Polling with a deadline: every readiness loop in the stack goes through here.
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors.js';

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  hint: string;
}

/** Calls `probe` until it returns a non-undefined value; throws a StackError naming `what` and the last failure at the deadline. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof StackError) throw err; // a definite answer: no point waiting
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new StackError(
        `${opts.what} not ready after ${Math.round(opts.timeoutMs / 1000)} s (last: ${last})`,
        opts.hint,
      );
    }
    await sleep(opts.intervalMs ?? 500);
  }
}

/** fetch with its own timeout; resolves to undefined on network errors. */
export async function fetchJson(
  url: string,
  init: RequestInit = {},
  timeoutMs = 5000,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, body };
}
