// `k6/encoding`: b64encode/b64decode (std, rawstd, url, rawurl; anything else is std) —
// k6 internal/js/modules/k6/encoding/encoding.go.
import { goBase64Decode } from './go-base64.js';
import { goString, toBytes } from './go-convert.js';
import { goError } from './go-error.js';

export function b64encode(input?: unknown, encoding?: unknown): string {
  const enc = goString(encoding);
  const url = enc === 'url' || enc === 'rawurl';
  let s = toBytes(input).toString(url ? 'base64url' : 'base64');
  if (enc === 'url') while (s.length % 4) s += '=';
  if (enc === 'rawstd') s = s.replace(/=+$/, '');
  return s;
}

export function b64decode(input?: unknown, encoding?: unknown, format?: unknown): string | ArrayBuffer {
  const enc = goString(encoding);
  let b: Buffer;
  try {
    b = goBase64Decode(
      goString(input),
      enc === 'url' || enc === 'rawurl' ? 'url' : 'std',
      enc !== 'rawstd' && enc !== 'rawurl',
    );
  } catch (e) {
    throw goError((e as Error).message);
  }
  if (goString(format) === 's') return b.toString('utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export default { b64encode, b64decode };
