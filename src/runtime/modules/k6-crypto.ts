// `k6/crypto` (deprecated in k6 in favour of WebCrypto, still shipped): hashes, HMAC and
// randomBytes over node:crypto. Output encodings as k6: hex, base64, base64url, base64rawurl,
// binary (ArrayBuffer).
import nodeCrypto from 'node:crypto';

type Input = string | ArrayBuffer | ArrayBufferView;
type Encoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';

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

function algo(name: string): string {
  const a = ALGOS[String(name)];
  if (!a) throw new Error(`Invalid algorithm: ${String(name)}`);
  return a;
}

function bytes(v: Input): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v), 'utf8');
}

function encode(d: Buffer, enc: Encoding | undefined): string | ArrayBuffer {
  switch (enc) {
    case 'hex':
      return d.toString('hex');
    case 'base64':
      return d.toString('base64');
    case 'base64url':
      // k6 (Go base64.URLEncoding) keeps the padding; base64rawurl drops it
      return d.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'base64rawurl':
      return d.toString('base64url');
    case 'binary':
      return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
    default:
      throw new Error(`Invalid output encoding: ${String(enc)}`);
  }
}

class Hasher {
  readonly #h: nodeCrypto.Hash | nodeCrypto.Hmac;
  constructor(h: nodeCrypto.Hash | nodeCrypto.Hmac) {
    this.#h = h;
  }
  update(input: Input): void {
    this.#h.update(bytes(input));
  }
  digest(enc: Encoding): string | ArrayBuffer {
    return encode(this.#h.digest(), enc);
  }
}

export const createHash = (a: string): Hasher => new Hasher(nodeCrypto.createHash(algo(a)));
export const createHMAC = (a: string, secret: Input): Hasher => new Hasher(nodeCrypto.createHmac(algo(a), bytes(secret)));
export const hmac = (a: string, secret: Input, data: Input, enc: Encoding) => encode(nodeCrypto.createHmac(algo(a), bytes(secret)).update(bytes(data)).digest(), enc);

const digestWith = (a: string) => (input: Input, enc: Encoding) => encode(nodeCrypto.createHash(algo(a)).update(bytes(input)).digest(), enc);
export const md4 = digestWith('md4');
export const md5 = digestWith('md5');
export const sha1 = digestWith('sha1');
export const sha256 = digestWith('sha256');
export const sha384 = digestWith('sha384');
export const sha512 = digestWith('sha512');
export const sha512_224 = digestWith('sha512_224');
export const sha512_256 = digestWith('sha512_256');
export const ripemd160 = digestWith('ripemd160');

export function randomBytes(n: number): ArrayBuffer {
  const b = nodeCrypto.randomBytes(Number(n));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export default { createHash, createHMAC, hmac, md4, md5, sha1, sha256, sha384, sha512, sha512_224, sha512_256, ripemd160, randomBytes };
