// k6/x/mongo I/O handlers against real FerretDB (MongoDB wire): xk6-mongo v1.2.0 behaviour
// (xk6-extensions.md §2): null from newClient on failure, findOne throws on no match, ObjectIDs
// as 12-byte arrays, $set wrapping, argument checks, Go driver error wording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from 'k6-node-runtime/io/mongo.js';
import { decodeRawDocs, type RawDocs } from 'k6-node-runtime/io/bson-values.js';
import { services, type Services } from './extensions-services.js';
import { testVu, type TestVu } from './extensions-ctx.js';

let svc: Services;
let vu: TestVu;
let c: number;
const DB = `ext_mongo_${process.pid}_${Date.now()}`;
const C = 'docs';

/** A find's documents as the VU sees them: the handler sends raw BSON, the VU module decodes it (k6-x-mongo.ts). */
const found = async (op: string, ...args: unknown[]): Promise<unknown[]> =>
  decodeRawDocs(await vu.call<RawDocs>(`mongo.${op}`, c, ...args));

beforeAll(async () => {
  svc = await services();
  vu = testVu(handlers);
  c = (await vu.call<number | null>('mongo.newClient', svc.mongoUrl))!;
});

afterAll(async () => {
  if (c) await vu.call('mongo.dropDatabase', c, DB).catch(() => {});
  await vu?.close();
  await svc?.stop();
});

describe('k6/x/mongo over FerretDB', () => {
  it('newClient returns a handle, or null (not a throw) when the server is unreachable or the URI empty', async () => {
    expect(typeof c).toBe('number');
    expect(await vu.call('mongo.newClient', '')).toBeNull();
    expect(await vu.call('mongo.newClient', 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500')).toBeNull();
    expect(await vu.call('mongo.newClient', 'not-a-uri')).toBeNull();
  });

  it('insert returns nothing; find/findOne/findAll return plain documents', async () => {
    expect(
      await vu.call('mongo.insert', c, DB, C, { _id: 'a', n: 1, f: 1.5, s: 'x', nested: { b: [1, 'two'] }, nil: null }),
    ).toBeUndefined();
    await vu.call('mongo.insertMany', c, DB, C, [
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 },
    ]);
    expect(await vu.call('mongo.findOne', c, DB, C, { _id: 'a' })).toEqual({
      _id: 'a',
      n: 1,
      f: 1.5,
      s: 'x',
      nested: { b: [1, 'two'] },
      nil: null,
    });
    expect(await found('find', DB, C, { n: { $gte: 2 } }, { n: -1 }, 0)).toEqual([
      { _id: 'c', n: 3 },
      { _id: 'b', n: 2 },
    ]);
    expect(await found('find', DB, C, {}, { n: 1 }, 1)).toEqual([expect.objectContaining({ _id: 'a' })]);
    expect(await found('find', DB, C, { n: 99 }, null, 0)).toEqual([]);
    expect((await found('findAll', DB, C)).length).toBe(3);
    expect(await vu.call('mongo.countDocuments', c, DB, C, {})).toBe(3);
    expect(
      await found('findWithOptions', DB, C, {}, { sort: { n: 1 }, skip: 1, limit: 1, projection: { n: 1 } }),
    ).toEqual([{ _id: 'b', n: 2 }]);
    expect((await vu.call<unknown[]>('mongo.distinct', c, DB, C, 'n', {})).sort()).toEqual([1, 2, 3]);
  });

  it('findOne and findOneAndUpdate throw "mongo: no documents in result" when nothing matches', async () => {
    await expect(vu.call('mongo.findOne', c, DB, C, { _id: 'nope' })).rejects.toThrow(
      /^mongo: no documents in result$/,
    );
    await expect(vu.call('mongo.findOneAndUpdate', c, DB, C, { _id: 'nope' }, { $set: { n: 0 } })).rejects.toThrow(
      'mongo: no documents in result',
    );
  });

  it('driver-generated _id comes back as a 12-byte array', async () => {
    await vu.call('mongo.insert', c, DB, 'oid', { tag: 'gen' });
    const d = await vu.call<{ _id: unknown }>('mongo.findOne', c, DB, 'oid', { tag: 'gen' });
    expect(Array.isArray(d._id)).toBe(true);
    expect((d._id as number[]).length).toBe(12);
    expect((d._id as number[]).every((b) => Number.isInteger(b) && b >= 0 && b < 256)).toBe(true);
    // Decoded on the VU from raw BSON, a find gives every type as findOne (decoded in the I/O worker) does.
    await vu.call('mongo.insert', c, DB, 'oid', { tag: 'types', at: new Date(1_700_000_000_123), big: 2 ** 40 });
    const one = await vu.call('mongo.findOne', c, DB, 'oid', { tag: 'types' });
    expect(await found('find', DB, 'oid', { tag: 'types' }, null, 0)).toEqual([one]);
    expect(one).toMatchObject({ at: 1_700_000_000_123, big: 2 ** 40 });
    expect(await found('find', DB, 'oid', { tag: 'gen' }, null, 0)).toEqual([d]);
  });

  it('updates without operators are $set-wrapped; upsert inserts; findOneAndUpdate returns the new document', async () => {
    await vu.call('mongo.updateOne', c, DB, C, { _id: 'a' }, { s: 'y' });
    expect(await vu.call('mongo.findOne', c, DB, C, { _id: 'a' })).toMatchObject({ s: 'y', n: 1 });
    await vu.call('mongo.updateMany', c, DB, C, {}, { $inc: { n: 10 } });
    expect(await vu.call('mongo.findOne', c, DB, C, { _id: 'b' })).toEqual({ _id: 'b', n: 12 });
    await vu.call('mongo.upsert', c, DB, C, { _id: 'u' }, { n: 7 });
    expect(await vu.call('mongo.findOne', c, DB, C, { _id: 'u' })).toEqual({ _id: 'u', n: 7 });
    expect(await vu.call('mongo.findOneAndUpdate', c, DB, C, { _id: 'u' }, { $set: { n: 8 } })).toEqual({
      _id: 'u',
      n: 8,
    });
  });

  it('aggregate, delete, indexes, collections', async () => {
    expect(
      await vu.call('mongo.aggregate', c, DB, C, [
        { $match: { _id: { $in: ['b', 'c'] } } },
        { $group: { _id: null, t: { $sum: '$n' } } },
      ]),
    ).toEqual([{ _id: null, t: 25 }]);
    await vu.call('mongo.deleteOne', c, DB, C, { _id: 'u' });
    expect(await vu.call('mongo.countDocuments', c, DB, C, { _id: 'u' })).toBe(0);
    expect(await vu.call('mongo.createIndex', c, DB, C, { s: 1 }, { name: 's_idx' })).toBe('s_idx');
    const idx = await vu.call<Array<{ name: string }>>('mongo.listIndexes', c, DB, C);
    expect(idx.map((i) => i.name).sort()).toEqual(['_id_', 's_idx']);
    await vu.call('mongo.dropIndex', c, DB, C, 's_idx');
    const cols = await vu.call<Array<{ name: string }>>('mongo.listCollections', c, DB);
    expect(cols.map((x) => x.name).sort()).toEqual(['docs', 'oid']);
    await vu.call('mongo.deleteMany', c, DB, C, {});
    expect(await vu.call('mongo.countDocuments', c, DB, C, {})).toBe(0);
    await vu.call('mongo.dropCollection', c, DB, 'oid');
    await vu.call('mongo.dropCollection', c, DB, 'never_existed');
  });

  it('argument checks throw mongo.go errors', async () => {
    await expect(vu.call('mongo.insert', c, DB, C, null)).rejects.toThrow('document cannot be nil');
    await expect(vu.call('mongo.insertMany', c, DB, C, [])).rejects.toThrow('documents array cannot be empty');
    await expect(vu.call('mongo.find', c, DB, C, {}, null, -1)).rejects.toThrow('limit cannot be negative');
    await expect(vu.call('mongo.find', c, 'bad.db', C, {}, null, 0)).rejects.toThrow(
      'database name contains invalid character: .',
    );
    await expect(vu.call('mongo.find', c, DB, '', {}, null, 0)).rejects.toThrow('collection name cannot be empty');
    await expect(vu.call('mongo.find', c, DB, C, {}, { a: 1, b: 1 }, 0)).rejects.toThrow(
      'multi-key map passed in for ordered parameter sort',
    );
    await expect(vu.call('mongo.updateOne', c, DB, C, null, { a: 1 })).rejects.toThrow('filter cannot be nil');
    await expect(vu.call('mongo.findOne', c, DB, C, null)).rejects.toThrow('document is nil');
  });

  it('sessions: operations run within the session (no transaction on FerretDB)', async () => {
    const sid = await vu.call<number>('mongo.startSession', c);
    await vu.call('mongo.session.insert', sid, DB, 'sess', { _id: 's1', n: 1 });
    await vu.call('mongo.session.updateOne', sid, DB, 'sess', { _id: 's1' }, { n: 2 });
    expect(await vu.call('mongo.session.findOne', sid, DB, 'sess', { _id: 's1' })).toEqual({ _id: 's1', n: 2 });
    await vu.call('mongo.session.deleteOne', sid, DB, 'sess', { _id: 's1' });
    await expect(vu.call('mongo.session.findOne', sid, DB, 'sess', { _id: 's1' })).rejects.toThrow(
      'mongo: no documents in result',
    );
    await vu.call('mongo.session.endSession', sid);
  });

  it('duplicate keys surface as a Go write exception', async () => {
    await vu.call('mongo.insert', c, DB, C, { _id: 'dup' });
    await expect(vu.call('mongo.insert', c, DB, C, { _id: 'dup' })).rejects.toThrow(
      /^write exception: write errors: \[E11000 duplicate key error/,
    );
  });

  it('disconnect makes later calls fail; VU end closes remaining clients', async () => {
    const other = testVu(handlers, 2);
    const c2 = (await other.call<number | null>('mongo.newClient', svc.mongoUrl))!;
    expect(await other.call('mongo.countDocuments', c2, DB, C, {})).toBeTypeOf('number');
    await other.call('mongo.disconnect', c2);
    await expect(other.call('mongo.countDocuments', c2, DB, C, {})).rejects.toThrow('client is disconnected');
    const c3 = (await other.call<number | null>('mongo.newClient', svc.mongoUrl))!;
    await other.close();
    await expect(other.call('mongo.countDocuments', c3, DB, C, {})).rejects.toThrow('client is disconnected');
  });
});
