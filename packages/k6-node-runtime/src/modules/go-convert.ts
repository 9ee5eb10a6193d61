// How sobek hands a JS argument to a k6 module's Go parameter (grafana/sobek runtime.go
// toReflectValue and the values' Export/ExportType): the conversions and refusals a bundle meets.
import { types } from 'node:util';
import { goError } from './go-error.js';

const nullish = (v: unknown): v is null | undefined => v === undefined || v === null;

/** A Go `string` parameter: undefined and null arrive as "" (the zero value), the rest as String(v). */
export function goString(v: unknown): string {
  return nullish(v) ? '' : String(v);
}

/** A Go `float64` parameter: undefined and null arrive as 0, the rest as Number(v). */
export function goFloat(v: unknown): number {
  return nullish(v) ? 0 : Number(v);
}

/** A Go `int64` parameter (sobek toInt64: NaN → 0, fractions truncated). */
export function goInt(v: unknown): number {
  const n = Math.trunc(goFloat(v));
  return Number.isFinite(n) ? n : 0;
}

const TYPED_ARRAY_GO: ReadonlyArray<[new (...a: never[]) => unknown, string]> = [
  [Int8Array, '[]int8'],
  [Int16Array, '[]int16'],
  [Uint16Array, '[]uint16'],
  [Int32Array, '[]int32'],
  [Uint32Array, '[]uint32'],
  [Float32Array, '[]float32'],
  [Float64Array, '[]float64'],
  [BigInt64Array, '[]int64'],
  [BigUint64Array, '[]uint64'],
];

/** Go's %T of what sobek exports for a Go `any` parameter (as k6's "invalid type %T" errors show it). */
export function goTypeName(v: unknown): string {
  if (nullish(v)) return '<nil>';
  switch (typeof v) {
    case 'string':
    case 'symbol':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      // sobek keeps integral numbers as valueInt (int64)
      return Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? 'int64' : 'float64';
    case 'bigint':
      return '*big.Int';
    case 'function':
      return 'func(sobek.FunctionCall) sobek.Value';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof ArrayBuffer) return 'sobek.ArrayBuffer';
  if (v instanceof Uint8Array || v instanceof Uint8ClampedArray) return '[]uint8';
  for (const [ctor, name] of TYPED_ARRAY_GO) if (v instanceof ctor) return name;
  if (v instanceof Date) return 'time.Time';
  if (v instanceof Map) return '[][2]interface {}';
  if (v instanceof Promise) return '*sobek.Promise';
  if (types.isBoxedPrimitive(v)) return goTypeName((v as { valueOf(): unknown }).valueOf());
  return 'map[string]interface {}';
}

/** k6 js/common ToBytes: a string, a Uint8Array ([]byte) or an ArrayBuffer; anything else is refused. */
export function toBytes(v: unknown): Buffer {
  const p = types.isStringObject(v) ? v.valueOf() : v;
  if (typeof p === 'string') return Buffer.from(p, 'utf8');
  if (p instanceof ArrayBuffer) return Buffer.from(p);
  if (p instanceof Uint8Array || p instanceof Uint8ClampedArray)
    return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  throw goError(`invalid type ${goTypeName(v)}, expected string, []byte or ArrayBuffer`);
}
