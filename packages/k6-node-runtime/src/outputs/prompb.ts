// Minimal protobuf encoder for Prometheus remote-write 1.0 `WriteRequest` (prometheus/prompb types.proto +
// remote.proto): WriteRequest{1: repeated TimeSeries}, TimeSeries{1: repeated Label, 2: repeated Sample},
// Label{1: name, 2: value}, Sample{1: double value, 2: int64 timestamp}. Hand-written rather than protobufjs so
// the stale-marker NaN keeps its exact bit pattern (0x7ff0000000000002), which a JS number may not preserve.

export interface PbLabel {
  name: string;
  value: string;
}
export interface PbSample {
  /** ignored when stale is true */
  value: number;
  timestamp: number;
  stale?: boolean;
}
export interface PbTimeSeries {
  labels: PbLabel[];
  samples: PbSample[];
}

/** Prometheus' StaleNaN (model/value.StaleNaN) */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  varint(v: number): void {
    this.ensure(10);
    // non-negative integers up to 2^53 (arithmetic, not 32-bit bitwise ops)
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }
  int64(v: number): void {
    if (v >= 0) return this.varint(v);
    // negative int64: two's complement, 10 bytes
    let b = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (b >= 0x80n) {
      this.buf[this.len++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.buf[this.len++] = Number(b);
  }
  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
  }
  bits64(b: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.len, b, true);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const enc = new TextEncoder();

function encodeLabel(l: PbLabel): Uint8Array {
  const w = new Writer();
  const n = enc.encode(l.name);
  const v = enc.encode(l.value);
  w.varint(0x0a);
  w.varint(n.length);
  w.bytes(n);
  w.varint(0x12);
  w.varint(v.length);
  w.bytes(v);
  return w.finish();
}

function encodeSample(s: PbSample): Uint8Array {
  const w = new Writer();
  w.varint(0x09);
  if (s.stale) w.bits64(STALE_NAN_BITS);
  else w.double(s.value);
  if (s.timestamp !== 0) {
    w.varint(0x10);
    w.int64(s.timestamp);
  }
  return w.finish();
}

function encodeSeries(ts: PbTimeSeries): Uint8Array {
  const w = new Writer();
  for (const l of ts.labels) {
    const b = encodeLabel(l);
    w.varint(0x0a);
    w.varint(b.length);
    w.bytes(b);
  }
  for (const s of ts.samples) {
    const b = encodeSample(s);
    w.varint(0x12);
    w.varint(b.length);
    w.bytes(b);
  }
  return w.finish();
}

/** Serialized `prometheus.WriteRequest` (before snappy). */
export function encodeWriteRequest(series: PbTimeSeries[]): Uint8Array {
  const w = new Writer();
  for (const ts of series) {
    const b = encodeSeries(ts);
    w.varint(0x0a);
    w.varint(b.length);
    w.bytes(b);
  }
  return w.finish();
}
