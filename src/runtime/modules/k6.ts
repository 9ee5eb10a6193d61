// `import { check, group, sleep, fail, randomSeed } from 'k6'` — k6 internal/js/modules/k6/k6.go.
import { assertNotInit, currentGroup, setGroup, emit, flushSamples, systemTagEnabled } from '../vu/state.js';

const SEP = '::';
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function isAsyncFunction(f: unknown): boolean {
  return typeof f === 'function' && f.constructor?.name === 'AsyncFunction';
}

/** Blocks this VU only (Atomics.wait on a private cell); other VUs are other threads. */
export function sleep(secs: unknown): void {
  // (allowed in init code too: k6 simply blocks there)
  const ms = Number(secs) * 1000;
  if (!(ms > 0)) return;
  flushSamples();
  Atomics.wait(sleepCell, 0, 0, ms);
}

export function check(val: unknown, sets: unknown, tags?: Record<string, unknown>): boolean {
  assertNotInit('using check');
  if (sets === null || sets === undefined || typeof sets !== 'object') return true;
  let ok = true;
  let exc: unknown;
  const extra: Record<string, string> = {};
  if (tags && typeof tags === 'object') for (const k of Object.keys(tags)) extra[k] = String(tags[k]);
  for (const name of Object.keys(sets as object)) {
    if (name.includes(SEP)) throw new Error("group and check names may not contain '::'");
    let v: unknown = (sets as Record<string, unknown>)[name];
    if (typeof v === 'function') {
      if (isAsyncFunction(v)) {
        throw new Error(
          'check() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/check/#working-with-async-functions for more info',
        );
      }
      try {
        v = (v as (x: unknown) => unknown)(val);
      } catch (e) {
        v = false;
        exc = e;
      }
    }
    const pass = Boolean(v);
    if (!pass) ok = false;
    emit('checks', pass ? 1 : 0, systemTagEnabled('check') ? { ...extra, check: name } : extra);
    if (exc !== undefined) throw exc; // k6: a throwing checker fails its check, then the error propagates
  }
  return ok;
}

export function group<T>(name: string, fn: () => T): T {
  assertNotInit('using group');
  if (typeof fn !== 'function') throw new Error('group() requires a callback as a second argument');
  if (isAsyncFunction(fn)) {
    throw new Error(
      'group() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/#working-with-async-functions for more info',
    );
  }
  const n = String(name);
  if (n.includes(SEP)) throw new Error("group and check names may not contain '::'");
  const parent = currentGroup();
  const path = `${parent}${SEP}${n}`;
  setGroup(path);
  const start = performance.now();
  try {
    return fn();
  } finally {
    const took = performance.now() - start;
    emit('group_duration', took); // tagged with the inner group path, as k6 does
    setGroup(parent);
  }
}

export function fail(msg?: unknown): never {
  throw new Error(msg === undefined ? '' : String(msg));
}

/** Seeds Math.random for this VU (xorshift-based; Go's exact sequence is not reproduced). */
export function randomSeed(seed: unknown): void {
  let s = BigInt.asUintN(64, BigInt(Math.trunc(Number(seed)) || 0)) ^ 0x9e3779b97f4a7c15n;
  const next = (): number => {
    // splitmix64: good statistical quality, deterministic per seed
    s = BigInt.asUintN(64, s + 0x9e3779b97f4a7c15n);
    let z = s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    z = z ^ (z >> 31n);
    return Number(z >> 11n) / 2 ** 53;
  };
  Math.random = next;
}

export default { check, group, sleep, fail, randomSeed };
