// The synchronous bridge (src/bridge) end to end: real worker threads, real Atomics.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = new URL('../../out/bridge/', import.meta.url);
const built = existsSync(fileURLToPath(new URL('host.js', out)));

// A tiny VU: runs callSync for each op of workerData.calls and reports results/errors.
const vuSource = `
import { workerData, parentPort } from 'node:worker_threads';
const { attachBridge, callSync } = await import(workerData.client);
attachBridge(workerData.endpoint);
const results = [];
for (const [op, ...args] of workerData.calls) {
  try { results.push({ ok: true, value: callSync(op, ...args) }); }
  catch (e) { results.push({ ok: false, name: e.name, message: e.message, code: e.code, stack: e.stack }); }
}
parentPort.postMessage(results);
`;

describe.skipIf(!built)('sync bridge', () => {
  let host: import('../../src/bridge/host.js').IoHost;
  beforeAll(async () => {
    const { IoHost } = (await import(new URL('host.js', out).href)) as typeof import('../../src/bridge/host.js');
    host = new IoHost();
    await host.start();
  });
  afterAll(async () => host.stop());

  function runVu(vu: number, calls: unknown[][]): Promise<Array<Record<string, unknown>>> {
    const { key, endpoint } = host.connect(vu);
    const w = new Worker(vuSource, {
      eval: true,
      workerData: { endpoint, calls, client: new URL('client.js', out).href },
      transferList: [endpoint.port],
    });
    return new Promise((resolve, reject) => {
      w.once('message', (m) => {
        void w
          .terminate()
          .then(() => host.release(key))
          .then(() => resolve(m));
      });
      w.once('error', reject);
    });
  }

  it('returns values synchronously, keeping structured-clone types', async () => {
    const r = await runVu(1, [['bridge.echo', { a: [1, 2], d: new Date(0), n: 10n }]]);
    expect(r[0]).toEqual({ ok: true, value: { a: [1, 2], d: new Date(0), n: 10n } });
  });

  it('rethrows handler errors with name, message and code, stack at the caller', async () => {
    const r = await runVu(1, [
      ['bridge.fail', 'PgError', 'relation "x" does not exist', '42P01'],
      ['bridge.echo', 'next'],
    ]);
    expect(r[0]).toMatchObject({ ok: false, name: 'PgError', message: 'relation "x" does not exist', code: '42P01' });
    expect(String(r[0].stack)).not.toContain('client.js');
    expect(r[1]).toEqual({ ok: true, value: 'next' }); // the next call works
  });

  it('rejects unknown operations', async () => {
    const r = await runVu(2, [['no.such.op']]);
    expect(r[0]).toMatchObject({ ok: false, code: 'EUNKNOWNOP' });
  });

  it('keeps resources per VU', async () => {
    const [a, b] = await Promise.all([runVu(3, [['bridge.resource', 'k']]), runVu(4, [['bridge.resource', 'k']])]);
    expect((a[0].value as { vu: number }).vu).toBe(3);
    expect((b[0].value as { vu: number }).vu).toBe(4);
  });

  it('a VU blocked in callSync gets an error (not a hang) when the I/O worker dies', async () => {
    const { IoHost } = (await import(new URL('host.js', out).href)) as typeof import('../../src/bridge/host.js');
    const dying = new IoHost();
    await dying.start();
    const { endpoint } = dying.connect(9);
    const w = new Worker(vuSource, {
      eval: true,
      workerData: { endpoint, calls: [['bridge.delay', 60_000, 'never']], client: new URL('client.js', out).href },
      transferList: [endpoint.port],
    });
    const reply = new Promise<Array<Record<string, unknown>>>((resolve) => w.once('message', resolve));
    // Kill the I/O worker once the call is surely in flight (the VU blocks right after posting).
    await new Promise((r) => setTimeout(r, 200));
    await (dying as unknown as { worker: Worker }).worker.terminate();
    const r = await reply;
    await w.terminate();
    expect(r[0]).toMatchObject({ ok: false, code: 'EIODEAD' });
  });

  it('waits for slow operations', async () => {
    const r = await runVu(5, [['bridge.delay', 50, 'late']]);
    expect(r[0]).toEqual({ ok: true, value: 'late' });
  });

  it('starts the I/O worker only when a VU first calls, for endpoints handed out before it started', async () => {
    const { IoHost } = (await import(new URL('host.js', out).href)) as typeof import('../../src/bridge/host.js');
    const lazy = new IoHost();
    const idle = lazy.connect(1); // a VU that ends without a call: released without a worker
    await lazy.release(idle.key);
    expect((lazy as unknown as { worker?: Worker }).worker).toBeUndefined();
    const { key, endpoint } = lazy.connect(2);
    const source = `
import { workerData, parentPort } from 'node:worker_threads';
const { attachBridge, callSync } = await import(workerData.client);
attachBridge(workerData.endpoint, { requestIo: () => parentPort.postMessage('needIo') });
parentPort.postMessage([callSync('bridge.echo', 'first'), callSync('bridge.echo', 'second')]);
`;
    const w = new Worker(source, {
      eval: true,
      workerData: { endpoint, client: new URL('client.js', out).href },
      transferList: [endpoint.port],
    });
    let asked = 0;
    const values = await new Promise<unknown>((resolve, reject) => {
      w.on('message', (m) => {
        if (m !== 'needIo') return resolve(m);
        asked++;
        void lazy.start();
      });
      w.once('error', reject);
    });
    await w.terminate();
    await lazy.release(key);
    await lazy.stop();
    expect(values).toEqual(['first', 'second']);
    expect(asked).toBe(1); // the second call found the worker running
  });
});

describe.skipIf(!built)('extension handlers', () => {
  it('are found by operation name; unknown names and prototype keys are not', async () => {
    const { handlerFor } = (await import(
      new URL('../io/index.js', out).href
    )) as typeof import('../../src/io/index.js');
    expect(typeof (await handlerFor('mongo.newClient'))).toBe('function');
    expect(typeof (await handlerFor('http.request'))).toBe('function');
    expect(await handlerFor('mongo.nope')).toBeUndefined();
    expect(await handlerFor('sql.query')).toBeUndefined(); // k6/x/sql runs on the VU's thread (libpq addon)
    expect(await handlerFor('constructor.x')).toBeUndefined();
    expect(await handlerFor('mongo.constructor')).toBeUndefined();
    expect(await handlerFor('nodot')).toBeUndefined();
  });
});
