// `import { check, group, sleep, fail, randomSeed } from 'k6'` — k6 internal/js/modules/k6/k6.go.
import { assertNotInit, currentGroup, setGroup, emit, flushSamples, systemTagEnabled } from '../vu/state.js';
import { userTags, UserTagError } from '../vu/user-tags.js';
import { goError } from './go-error.js';
import { goFloat, goInt, goString } from './go-convert.js';

const SEP = '::';
const SEP_ERROR = "group and check names may not contain '::'";
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** k6 common.IsAsyncFunction: value.constructor.name === "AsyncFunction" (throws as sobek's ToObject does). */
function isAsyncFunction(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  const ctor = (Object(v) as { constructor?: unknown }).constructor;
  if (ctor === undefined || ctor === null) throw new TypeError('Cannot convert undefined or null to object');
  return String((Object(ctor) as { name?: unknown }).name) === 'AsyncFunction';
}

/** Blocks this VU only (Atomics.wait on a private cell); other VUs are other threads. */
export function sleep(secs?: unknown): void {
  // (allowed in init code too: k6 simply blocks there)
  const ms = goFloat(secs) * 1000;
  if (!(ms > 0)) return;
  flushSamples();
  Atomics.wait(sleepCell, 0, 0, ms);
}

export function check(...args: unknown[]): boolean {
  assertNotInit('Using check()');
  if (args.length < 2) throw goError('no checks provided to `check`');
  const [val, sets] = args;
  let extra: Record<string, string> | undefined;
  try {
    extra = args.length > 2 ? userTags(args[2]) : undefined;
  } catch (e) {
    if (e instanceof UserTagError) throw goError(e.message);
    throw e;
  }
  if (sets === undefined || sets === null) throw new TypeError('Cannot convert undefined or null to object');
  const obj = Object(sets) as Record<string, unknown>;
  let ok = true;
  for (const name of Object.keys(obj)) {
    if (name.includes(SEP)) throw goError(SEP_ERROR);
    let v: unknown = obj[name];
    if (isAsyncFunction(v)) {
      throw goError(
        'the built-in check() does not support async functions as arguments. Use the JavaScript utils library as a replacement. Refer to https://grafana.com/docs/k6/latest/javascript-api/jslib/utils/check/ for more info',
      );
    }
    let exc: unknown;
    let threw = false;
    if (typeof v === 'function') {
      try {
        v = (v as (x: unknown) => unknown).call(undefined, val);
      } catch (e) {
        v = false;
        exc = e;
        threw = true;
      }
    }
    const pass = Boolean(v);
    if (!pass) ok = false;
    const tags = systemTagEnabled('check') ? { ...extra, check: name } : extra;
    emit('checks', pass ? 1 : 0, tags);
    if (threw) throw exc; // k6: a throwing checker fails its check, then the error propagates
  }
  return ok;
}

export function group(name: unknown, fn?: unknown): unknown {
  assertNotInit('Using group()');
  if (typeof fn !== 'function') throw goError('group() requires a callback as a second argument');
  if (isAsyncFunction(fn)) {
    throw goError(
      'group() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/ for more info',
    );
  }
  const n = goString(name);
  if (n.includes(SEP)) throw goError(SEP_ERROR);
  const parent = currentGroup();
  // lib.NewGroupPath: an unnamed group at the root stays the root
  const path = parent === '' && n === '' ? '' : `${parent}${SEP}${n}`;
  setGroup(path);
  const start = performance.now();
  try {
    return (fn as () => unknown).call(undefined);
  } finally {
    const took = performance.now() - start;
    emit('group_duration', took); // tagged with the inner group path, as k6 does
    setGroup(parent);
  }
}

export function fail(msg?: unknown): never {
  throw goError(goString(msg));
}

/** Seeds Math.random for this VU (xorshift-based; Go's exact sequence is not reproduced). */
export function randomSeed(seed: unknown): void {
  let s = BigInt.asUintN(64, BigInt(goInt(seed))) ^ 0x9e3779b97f4a7c15n;
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
