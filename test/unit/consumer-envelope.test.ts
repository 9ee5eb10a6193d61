import { describe, expect, it } from 'vitest';
import { decode, keyToId, type RawMessage } from '../../src/consumer/envelope.js';

const row = {
  id: 'c-1',
  run_id: 'r1',
  version: 2,
  email: 'a@x',
  status: 'active',
  balance: 10,
  updated_at: '2026-11-27T10:00:00.123456Z',
};
const source = {
  version: '3.6.1.Final',
  connector: 'postgresql',
  db: 'cdc',
  schema: 'public',
  table: 'customers',
  lsn: 26_000_123,
  txId: 777,
  ts_ms: 1_790_000_000_000,
};

function msg(value: unknown, key: unknown = { id: 'c-1' }, topic = 'cdc.public.customers'): RawMessage {
  return {
    topic,
    partition: 0,
    offset: '42',
    key: key === null ? null : Buffer.from(JSON.stringify(key)),
    value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  };
}

describe('Debezium envelope decoding', () => {
  it('decodes an update with the after image, lsn and commit time', () => {
    const d = decode(msg({ before: null, after: row, source, op: 'u', ts_ms: 1_790_000_000_050 }));
    expect(d).toEqual({
      kind: 'change',
      change: {
        collection: 'customers',
        id: 'c-1',
        op: 'u',
        lsn: 26_000_123,
        sourceTsMs: 1_790_000_000_000,
        row,
        topic: 'cdc.public.customers',
        partition: 0,
        offset: '42',
      },
    });
  });

  it('decodes a delete (REPLICA IDENTITY FULL before image) with no row', () => {
    const d = decode(msg({ before: row, after: null, source, op: 'd' }));
    expect(d.kind === 'change' && d.change).toMatchObject({ op: 'd', id: 'c-1', row: null });
  });

  it('treats the Kafka tombstone after a delete, truncate and message events as nothing to apply', () => {
    expect(decode(msg(null))).toEqual({ kind: 'ignored', reason: 'kafka-tombstone' });
    expect(decode(msg({ op: 't', source }))).toEqual({ kind: 'ignored', reason: 'truncate' });
  });

  it('unwraps a schemas.enable=true {schema, payload} envelope', () => {
    const d = decode(
      msg(
        { schema: {}, payload: { before: null, after: row, source, op: 'c' } },
        { schema: {}, payload: { id: 'c-1' } },
      ),
    );
    expect(d.kind === 'change' && d.change.id).toBe('c-1');
  });

  it('falls back to the row id and the topic name when key and source.table are absent', () => {
    const { table: _t, ...noTable } = source;
    const d = decode(
      msg({ before: null, after: { ...row, id: 'c-9' }, source: noTable, op: 'r' }, null, 'cdc.public.orders'),
    );
    expect(d.kind === 'change' && [d.change.collection, d.change.id]).toEqual(['orders', 'c-9']);
  });

  it('rejects what cannot be applied safely, with a reason', () => {
    expect(decode(msg('{not json'))).toMatchObject({ kind: 'invalid', reason: /not JSON/ });
    expect(decode(msg({ after: row, source, op: 'x' }))).toMatchObject({ kind: 'invalid', reason: /unknown op/ });
    expect(decode(msg({ after: row, source: { ...source, lsn: '12' }, op: 'u' }))).toMatchObject({
      kind: 'invalid',
      reason: /source.lsn/,
    });
    expect(decode(msg({ after: row, op: 'u' }))).toMatchObject({ kind: 'invalid', reason: /missing source/ });
    expect(decode(msg({ after: null, source, op: 'u' }))).toMatchObject({
      kind: 'invalid',
      reason: /without after image/,
    });
    expect(decode(msg({ after: { x: 1 }, source, op: 'c' }, null))).toMatchObject({
      kind: 'invalid',
      reason: /no primary key/,
    });
  });

  it('maps keys to _id: id field, single field, composite as JSON', () => {
    expect(keyToId({ id: 7 })).toBe('7');
    expect(keyToId({ code: 'a' })).toBe('a');
    expect(keyToId({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(keyToId(null)).toBeNull();
  });
});
