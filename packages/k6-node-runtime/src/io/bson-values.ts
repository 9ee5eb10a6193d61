// Values between JS and BSON as xk6-mongo (mongo-go-driver v1 via sobek) converts them.
// In: sobek exports integral numbers as int64 and others as float64, so integers become Int64
// (Long) here too. Out: documents decode to Go bson.M; ObjectIDs are [12]byte arrays, Int64/
// Int32/Double are numbers, DateTime is an int64 of epoch ms, Binary is {subtype, data}.
import { createRequire } from 'node:module';
import type { BSON } from 'mongodb';

type Bson = typeof BSON;
let lib: Bson | undefined;
/** The bson the driver itself loads (its CommonJS build, found from the driver's own folder): `instanceof` must see
 *  the driver's classes, and an ES-module import of bson would be another copy. Loaded on first use, so a VU that
 *  never decodes a document does not pay for the library (nor for the driver, which a VU never loads). */
function bson(): Bson {
  if (!lib) {
    const here = createRequire(import.meta.url);
    lib = createRequire(here.resolve('mongodb'))('bson') as Bson;
  }
  return lib;
}

export function toBson(v: unknown): unknown {
  const { Binary, Double, Long } = bson();
  if (typeof v === 'number') return Number.isSafeInteger(v) ? Long.fromNumber(v) : new Double(v);
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  if (v instanceof Date) return v;
  if (v instanceof Uint8Array) return new Binary(v);
  if (Array.isArray(v)) return v.map(toBson);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toBson(x);
  return out;
}

export function fromBson(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  const { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } = bson();
  if (Array.isArray(v)) return v.map(fromBson);
  if (v instanceof ObjectId) return Array.from(v.id);
  if (v instanceof Date) return v.getTime();
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  if (v instanceof Decimal128) return v.toString();
  if (v instanceof Binary) return { subtype: v.sub_type, data: Array.from(v.buffer.subarray(0, v.position)) };
  if (v instanceof Timestamp) return { t: v.t, i: v.i };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = fromBson(x);
  return out;
}

/**
 * Found documents as raw BSON, back to back in one buffer of their own (each starts with its int32 length): the I/O
 * worker hands this over without decoding it and the buffer is moved to the VU, not copied, so every VU decodes its
 * own documents on its own thread instead of the one I/O worker decoding, converting and cloning them all.
 */
export interface RawDocs {
  rawBson: ArrayBuffer;
  count: number;
}

export function rawDocs(list: readonly Uint8Array[]): RawDocs {
  let size = 0;
  for (const d of list) size += d.byteLength;
  const out = new Uint8Array(size); // not Buffer.concat: a small one may share Node's pool, which must not be moved
  let at = 0;
  for (const d of list) {
    out.set(d, at);
    at += d.byteLength;
  }
  return { rawBson: out.buffer, count: list.length };
}

export const isRawDocs = (v: unknown): v is RawDocs =>
  typeof v === 'object' && v !== null && (v as RawDocs).rawBson instanceof ArrayBuffer;

/** The documents as the driver would have decoded them (its default options), converted as fromBson converts. */
export function decodeRawDocs(raw: RawDocs): unknown[] {
  const { deserialize } = bson();
  const bytes = new Uint8Array(raw.rawBson);
  const view = new DataView(raw.rawBson);
  const out: unknown[] = [];
  for (let at = 0, i = 0; i < raw.count; i++) {
    const len = view.getInt32(at, true);
    out.push(fromBson(deserialize(bytes.subarray(at, at + len))));
    at += len;
  }
  return out;
}
