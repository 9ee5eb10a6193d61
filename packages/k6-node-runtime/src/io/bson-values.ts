// Values between JS and BSON as xk6-mongo (mongo-go-driver v1 via sobek) converts them.
// In: sobek exports integral numbers as int64 and others as float64, so integers become Int64
// (Long) here too. Out: documents decode to Go bson.M; ObjectIDs are [12]byte arrays, Int64/
// Int32/Double are numbers, DateTime is an int64 of epoch ms, Binary is {subtype, data}.
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'mongodb';

export function toBson(v: unknown): unknown {
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
