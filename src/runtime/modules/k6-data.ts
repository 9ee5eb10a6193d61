// `k6/data` SharedArray. k6 shares one copy between VUs; here each VU builds its own (same
// observable behaviour: read-only array filled once in the init context).
import { inInit } from '../vu/state.js';

export class SharedArray {
  constructor(name: string, fn: () => unknown[]) {
    if (!inInit()) throw new Error('new SharedArray must be called in the init context');
    if (typeof name !== 'string' || name === '') throw new Error('empty name provided to SharedArray\'s constructor');
    if (typeof fn !== 'function') throw new Error('a function is expected as the second argument of SharedArray\'s constructor');
    if (fn.constructor?.name === 'AsyncFunction') throw new Error('SharedArray constructor does not support async functions as second argument');
    const arr = fn();
    if (!Array.isArray(arr)) throw new Error('only arrays can be made into SharedArray');
    // JSON round trip + deep freeze: k6 hands out JSON-decoded, read-only copies.
    const copy = JSON.parse(JSON.stringify(arr)) as unknown[];
    return deepFreeze(copy) as unknown as SharedArray;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export default { SharedArray };
