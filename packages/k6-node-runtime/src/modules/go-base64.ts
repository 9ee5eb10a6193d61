// Go encoding/base64 decoding (what k6/encoding b64decode uses): strict about the alphabet and the
// padding, skips \r and \n, and reports Go's "illegal base64 data at input byte N". Node's own
// base64 decoding silently ignores bad characters, which would accept what k6 refuses.

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PAD = 0x3d; // '='
const isNewline = (b: number): boolean => b === 0x0a || b === 0x0d;

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const MAPS = { std: decodeMap(STD), url: decodeMap(URL) };

const corrupt = (at: number): Error => new Error(`illegal base64 data at input byte ${at}`);

/** Decodes like Go's (Std|URL)Encoding[.WithPadding(NoPadding)].DecodeString. */
export function goBase64Decode(input: string, alphabet: 'std' | 'url', padded: boolean): Buffer {
  const src = Buffer.from(input, 'utf8');
  const map = MAPS[alphabet];
  const out: number[] = [];
  let si = 0;
  for (;;) {
    // one quantum (Go decodeQuantum)
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        if (j === 1 || padded) throw corrupt(si - j);
        dlen = j;
        break;
      }
      const c = src[si++];
      const v = map[c];
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD || !padded) throw corrupt(si - 1);
      if (j === 0 || j === 1) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== PAD) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing >= 0) throw corrupt(trailing);
    if (dlen < 4) return Buffer.from(out);
  }
}
