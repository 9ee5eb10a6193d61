// k6/timers and the global timer functions inside a VU. Timers are counted so an iteration (or
// setup/teardown) ends only when every pending timer has fired, as k6's per-call event loop does.
// Delays of any length work (long-timer.ts), as with k6's Go timers.
import { setLongTimeout, type LongTimer } from '../long-timer.js';
import { goError } from '../modules/go-error.js';

let pending = 0;
let waiters: Array<() => void> = [];
const live = new Map<number, LongTimer>();
let nextId = 1;

function done(id: number): void {
  if (live.delete(id)) {
    pending--;
    if (pending === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  }
}

/** k6 (tc55/timers): the callback is a Go sobek.Callable, called with globalThis as `this`. */
function callback(fn: unknown, name: string): (...a: unknown[]) => unknown {
  if (fn === undefined || fn === null) throw goError(`${name}'s callback isn't a callable function`);
  if (typeof fn !== 'function')
    throw new TypeError(
      `could not convert function call parameter 0: could not convert ${String(fn)} to sobek.Callable`,
    );
  return (...a: unknown[]) => (fn as (...x: unknown[]) => unknown).apply(globalThis, a);
}

export function setTimeout(fn: unknown, ms?: unknown, ...args: unknown[]): number {
  const f = callback(fn, 'setTimeout');
  const id = nextId++;
  pending++;
  live.set(
    id,
    setLongTimeout(
      () => {
        done(id);
        f(...args);
      },
      Number(ms) || 0,
    ),
  );
  return id;
}

export function clearTimeout(id: number): void {
  const h = live.get(id);
  if (h !== undefined) {
    h.clear();
    done(id);
  }
}

export function setInterval(fn: unknown, ms?: unknown, ...args: unknown[]): number {
  const f = callback(fn, 'setInterval');
  const id = nextId++;
  pending++;
  const every = Number(ms) || 0;
  const tick = (): void => {
    live.set(id, setLongTimeout(tick, every));
    f(...args);
  };
  live.set(id, setLongTimeout(tick, every));
  return id;
}

export function clearInterval(id: number): void {
  clearTimeout(id);
}

export function pendingTimers(): number {
  return pending;
}

/** Resolves once no timer is pending (immediately if none). */
export function drainTimers(): Promise<void> {
  if (pending === 0) return Promise.resolve();
  return new Promise((r) => waiters.push(r));
}

export function installTimerGlobals(g: Record<string, unknown>): void {
  g.setTimeout = setTimeout;
  g.clearTimeout = clearTimeout;
  g.setInterval = setInterval;
  g.clearInterval = clearInterval;
}
