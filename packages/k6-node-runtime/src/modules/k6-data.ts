// `k6/data` SharedArray. k6 shares one copy between VUs; here each VU builds its own (same
// observable behaviour: read-only array filled once in the init context).
import { inInit } from '../vu/state.js';
import { goError } from './go-error.js';

export class SharedArray {
  constructor(name: unknown, fn: unknown) {
    if (!inInit()) throw goError('new SharedArray must be called in the init context');
    // sobek's Value.String(): a missing name is "undefined", which k6 accepts
    if (String(name) === '') throw goError("empty name provided to SharedArray's constructor");
    if (typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction')
      throw goError('SharedArray constructor does not support async functions as second argument');
    if (typeof fn !== 'function')
      throw goError("a function is expected as the second argument of SharedArray's constructor");
    const arr = (fn as () => unknown)();
    if (!Array.isArray(arr)) throw goError('only arrays can be made into SharedArray');
    // JSON round trip + deep freeze: k6 hands out JSON-decoded, read-only copies.
    const copy = JSON.parse(JSON.stringify(arr)) as unknown[];
    return deepFreeze(copy);
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
