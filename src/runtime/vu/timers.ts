// k6/timers and the global timer functions inside a VU. Timers are counted so an iteration (or
// setup/teardown) ends only when every pending timer has fired, as k6's per-call event loop does.
import { goError } from '../modules/go-error.js';

let pending = 0;
let waiters: Array<() => void> = [];
const live = new Map<number, ReturnType<typeof globalThis.setTimeout>>();
let nextId = 1;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

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
  if (typeof fn !== 'function') throw new TypeError(`could not convert function call parameter 0: could not convert ${String(fn)} to sobek.Callable`);
  return (...a: unknown[]) => (fn as (...x: unknown[]) => unknown).apply(globalThis, a);
}

export function setTimeout(fn: unknown, ms?: unknown, ...args: unknown[]): number {
  const f = callback(fn, 'setTimeout');
  const id = nextId++;
  pending++;
  live.set(
    id,
    realSetTimeout(() => {
      done(id);
      f(...args);
    }, Number(ms) || 0),
  );
  return id;
}

export function clearTimeout(id: number): void {
  const h = live.get(id);
  if (h !== undefined) {
    realClearTimeout(h);
    done(id);
  }
}

export function setInterval(fn: unknown, ms?: unknown, ...args: unknown[]): number {
  const f = callback(fn, 'setInterval');
  const id = nextId++;
  pending++;
  live.set(id, realSetInterval(() => f(...args), Number(ms) || 0));
  return id;
}

export function clearInterval(id: number): void {
  const h = live.get(id);
  if (h !== undefined) {
    realClearInterval(h);
    done(id);
  }
}

export function pendingTimers(): number {
  return pending;
}

/** Resolves once no timer is pending (immediately if none). */
export function drainTimers(): Promise<void> {
  if (pending === 0) return Promise.resolve();
  return new Promise((r) => waiters.push(r));
}

/** Drops every timer (an interrupted iteration's leftovers must not run in the next one). */
export function clearAllTimers(): void {
  for (const [id, h] of live) {
    realClearTimeout(h);
    realClearInterval(h);
    live.delete(id);
  }
  pending = 0;
}

export function installTimerGlobals(g: Record<string, unknown>): void {
  g.setTimeout = setTimeout;
  g.clearTimeout = clearTimeout;
  g.setInterval = setInterval;
  g.clearInterval = clearInterval;
}
