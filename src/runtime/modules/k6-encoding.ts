// `k6/encoding`: b64encode/b64decode (std, rawstd, url, rawurl).
type Enc = 'std' | 'rawstd' | 'url' | 'rawurl';

function toBuf(input: unknown): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof ArrayBuffer) return Buffer.from(input);
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return Buffer.from(String(input), 'utf8');
}

export function b64encode(input: unknown, encoding: Enc = 'std'): string {
  const url = encoding === 'url' || encoding === 'rawurl';
  let s = toBuf(input).toString(url ? 'base64url' : 'base64');
  if (encoding === 'url') while (s.length % 4) s += '=';
  if (encoding === 'rawstd') s = s.replace(/=+$/, '');
  return s;
}

export function b64decode(input: string, encoding: Enc = 'std', format?: 's'): string | ArrayBuffer {
  const url = encoding === 'url' || encoding === 'rawurl';
  const b = Buffer.from(String(input), url ? 'base64url' : 'base64');
  if (format === 's') return b.toString('utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export default { b64encode, b64decode };
