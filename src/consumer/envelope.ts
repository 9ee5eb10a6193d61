// Debezium change-event decoding (JsonConverter, schemas.enable=false; a {schema, payload} wrapper from
// schemas.enable=true is unwrapped too). Pure: bytes in, a typed change (or the reason it is not one) out.
export type Op = 'c' | 'u' | 'd' | 'r';
export type Row = Record<string, unknown>;

export interface Change {
  /** MongoDB collection = source table (one collection per table). */
  collection: string;
  /** Primary key as a string; becomes the document's `_id`. */
  id: string;
  op: Op;
  /** source.lsn: WAL position of this change. Per row it grows with commit order (row locks), so it orders changes. */
  lsn: number;
  /** source.ts_ms: commit time in PostgreSQL (snapshot time for op=r). */
  sourceTsMs: number;
  /** Row after the change; null for a delete. */
  row: Row | null;
  topic: string;
  partition: number;
  offset: string;
}

export type Decoded =
  | { kind: 'change'; change: Change }
  /** Nothing to apply: Kafka tombstone after a delete (the delete event carried the change), truncate, message. */
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

const OPS = new Set(['c', 'u', 'd', 'r']);

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(buf: Buffer): unknown {
  const parsed: unknown = JSON.parse(buf.toString('utf8'));
  // schemas.enable=true wraps the payload; accept it so a differently configured connector still works.
  if (isObject(parsed) && 'schema' in parsed && 'payload' in parsed) return parsed.payload;
  return parsed;
}

/** `_id` rule: the key's `id` field; else a single-field key's value; else the key's JSON (composite keys). */
export function keyToId(key: unknown): string | null {
  if (key === null || key === undefined) return null;
  if (!isObject(key)) return typeof key === 'string' || typeof key === 'number' ? String(key) : null;
  if ('id' in key && key.id !== null && key.id !== undefined) return String(key.id);
  const fields = Object.keys(key);
  if (fields.length === 1) {
    const v = key[fields[0]];
    return v === null || v === undefined ? null : String(v);
  }
  return fields.length > 0 ? JSON.stringify(key) : null;
}

export function decode(msg: RawMessage): Decoded {
  if (msg.value === null || msg.value.length === 0) return { kind: 'ignored', reason: 'kafka-tombstone' };
  let value: unknown;
  let key: unknown = null;
  try {
    value = parseJson(msg.value);
    if (msg.key !== null && msg.key.length > 0) key = parseJson(msg.key);
  } catch (e) {
    return { kind: 'invalid', reason: `not JSON: ${(e as Error).message}` };
  }
  if (value === null) return { kind: 'ignored', reason: 'kafka-tombstone' };
  if (!isObject(value)) return { kind: 'invalid', reason: 'value is not a JSON object' };

  const op = value.op;
  if (op === 't' || op === 'm') return { kind: 'ignored', reason: op === 't' ? 'truncate' : 'message' };
  if (typeof op !== 'string' || !OPS.has(op)) return { kind: 'invalid', reason: `unknown op ${JSON.stringify(op)}` };

  const source = value.source;
  if (!isObject(source)) return { kind: 'invalid', reason: 'missing source block' };
  const lsn = source.lsn;
  if (typeof lsn !== 'number' || !Number.isSafeInteger(lsn) || lsn < 0) {
    return { kind: 'invalid', reason: `source.lsn ${JSON.stringify(lsn)} is not a non-negative safe integer` };
  }
  const sourceTsMs =
    typeof source.ts_ms === 'number' ? source.ts_ms : typeof value.ts_ms === 'number' ? value.ts_ms : NaN;
  if (!Number.isFinite(sourceTsMs)) return { kind: 'invalid', reason: 'missing source.ts_ms' };

  const before = isObject(value.before) ? value.before : null;
  const after = isObject(value.after) ? value.after : null;
  if (op === 'd' ? before === null && key === null : after === null) {
    return {
      kind: 'invalid',
      reason: op === 'd' ? 'delete without key or before image' : `op ${op} without after image`,
    };
  }
  const id = keyToId(key) ?? keyToId((op === 'd' ? before : after)?.id);
  if (id === null) return { kind: 'invalid', reason: 'no primary key (message key or row id)' };

  const collection =
    typeof source.table === 'string' && source.table !== '' ? source.table : (msg.topic.split('.').pop() ?? msg.topic);

  return {
    kind: 'change',
    change: {
      collection,
      id,
      op: op as Op,
      lsn,
      sourceTsMs,
      row: op === 'd' ? null : after,
      topic: msg.topic,
      partition: msg.partition,
      offset: msg.offset,
    },
  };
}
