// `k6/crypto` (deprecated in k6 in favour of WebCrypto, still shipped) — k6
// internal/js/modules/k6/crypto/crypto.go over node:crypto. Inputs as k6's ToBytes (string,
// Uint8Array, ArrayBuffer); output encodings hex, base64, base64url, base64rawurl, binary.
import nodeCrypto from 'node:crypto';
import { goInt, goString, toBytes } from './go-convert.js';
import { goError } from './go-error.js';

const ALGOS: Record<string, string> = {
  md4: 'md4',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  ripemd160: 'ripemd160',
};

function algo(name: unknown): string {
  const n = goString(name);
  const a = Object.hasOwn(ALGOS, n) ? ALGOS[n] : undefined;
  if (!a) throw goError(`invalid algorithm: ${n}`);
  if (a === 'md4') throw goError('md4 is not supported by the cdc-chaos runtime (Node.js OpenSSL 3 has no MD4)');
  return a;
}

function encode(d: Buffer, enc: unknown): string | ArrayBuffer {
  const e = goString(enc);
  switch (e) {
    case 'hex':
      return d.toString('hex');
    case 'base64':
      return d.toString('base64');
    case 'base64url':
      // Go base64.URLEncoding keeps the padding; base64rawurl drops it
      return d.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'base64rawurl':
      return d.toString('base64url');
    case 'binary':
      return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
    default:
      throw goError(`invalid output encoding: ${e}`);
  }
}

/** Go's hash.Hash: digest() does not end it, later update()s keep adding (so the input is kept). */
class Hasher {
  readonly #algo: string;
  readonly #key: Buffer | undefined;
  readonly #chunks: Buffer[] = [];
  constructor(algorithm: string, key?: Buffer) {
    this.#algo = algorithm;
    this.#key = key;
  }
  update(input?: unknown): void {
    this.#chunks.push(toBytes(input));
  }
  digest(enc?: unknown): string | ArrayBuffer {
    const h = this.#key ? nodeCrypto.createHmac(this.#algo, this.#key) : nodeCrypto.createHash(this.#algo);
    for (const c of this.#chunks) h.update(c);
    return encode(h.digest(), enc);
  }
}

export const createHash = (a?: unknown): Hasher => new Hasher(algo(a));
export const createHMAC = (a?: unknown, secret?: unknown): Hasher => {
  const name = algo(a);
  return new Hasher(name, toBytes(secret));
};
export function hmac(a?: unknown, secret?: unknown, data?: unknown, enc?: unknown): string | ArrayBuffer {
  const h = createHMAC(a, secret);
  h.update(data);
  return h.digest(enc);
}

/** md5(input, enc) etc.: an input ToBytes refuses reads "<algo> failed: invalid type ...". */
const digestWith = (name: string) => (input?: unknown, enc?: unknown) => {
  const h = new Hasher(algo(name));
  try {
    h.update(input);
  } catch (e) {
    throw goError(`${name} failed: ${(e as Error).message}`);
  }
  return h.digest(enc);
};
export const md4 = digestWith('md4');
export const md5 = digestWith('md5');
export const sha1 = digestWith('sha1');
export const sha256 = digestWith('sha256');
export const sha384 = digestWith('sha384');
export const sha512 = digestWith('sha512');
export const sha512_224 = digestWith('sha512_224');
export const sha512_256 = digestWith('sha512_256');
export const ripemd160 = digestWith('ripemd160');

export function hexEncode(data?: unknown): string {
  return toBytes(data).toString('hex');
}

export function randomBytes(size?: unknown): ArrayBuffer {
  const n = goInt(size);
  if (n < 1) throw goError('invalid size');
  const b = nodeCrypto.randomBytes(n);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

export default {
  createHash,
  createHMAC,
  hmac,
  md4,
  md5,
  sha1,
  sha256,
  sha384,
  sha512,
  sha512_224,
  sha512_256,
  ripemd160,
  randomBytes,
  hexEncode,
};
