// k6/http I/O handler against a real local HTTP server: k6's timings, redirects as Go follows
// them, network errors reported with k6 error codes, keep-alive reuse within a VU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { handlers, type HttpRequestSpec, type HttpResult } from 'k6-node-runtime/io/http.js';
import { testVu, type TestVu } from './extensions-ctx.js';

let server: http.Server;
let base: string;
let vu: TestVu;
const connections = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (u.pathname === '/echo') {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('X-Multi', ['a', 'b']);
        res.end(
          JSON.stringify({ method: req.method, body, ua: req.headers['user-agent'], h: req.headers['x-test'] ?? null }),
        );
      } else if (u.pathname === '/redirect') {
        const n = Number(u.searchParams.get('n') ?? 1);
        res.writeHead(n > 0 ? 302 : 200, n > 0 ? { Location: `/redirect?n=${n - 1}` } : {});
        res.end(n > 0 ? '' : `landed ${req.method}`);
      } else if (u.pathname === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        res.end(zlib.gzipSync('compressed hello'));
      } else if (u.pathname === '/slow') {
        setTimeout(() => res.end('late'), 3000).unref();
      } else {
        res.writeHead(Number(u.searchParams.get('code') ?? 404));
        res.end('nope');
      }
    });
  });
  server.on('connection', (s) => connections.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vu = testVu(handlers);
});

afterAll(async () => {
  await vu?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const spec = (over: Partial<HttpRequestSpec>): HttpRequestSpec => ({
  method: 'GET',
  url: `${base}/echo`,
  headers: { 'User-Agent': 'k6/1.8.1 (https://k6.io/)' },
  body: null,
  timeoutMs: 60_000,
  maxRedirects: 10,
  responseType: 'text',
  ...over,
});

describe('k6/http I/O', () => {
  it('returns status, canonical headers, body and consistent timings; reuses the connection', async () => {
    const r = await vu.call<HttpResult>(
      'http.request',
      spec({ method: 'POST', body: 'hi', headers: { 'x-test': '1', 'User-Agent': 'ua' } }),
    );
    expect(r.hops).toHaveLength(1);
    const [h] = r.hops;
    expect(h).toMatchObject({ status: 200, proto: 'HTTP/1.1', error: '', errorCode: 0, remoteIp: '127.0.0.1' });
    expect(h.headers['Content-Type']).toBe('application/json');
    expect(h.headers['X-Multi']).toBe('a, b');
    expect(JSON.parse(r.body as string)).toEqual({ method: 'POST', body: 'hi', ua: 'ua', h: '1' });
    const t = h.timings;
    for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
    expect(t.duration).toBeCloseTo(t.sending + t.waiting + t.receiving, 6);
    expect(t.connecting).toBeGreaterThan(0); // first request opens the connection
    expect(h.sent).toBeGreaterThan(0);
    expect(h.received).toBeGreaterThan(0);
    const before = connections.size;
    const again = await vu.call<HttpResult>('http.request', spec({}));
    expect(again.hops[0].timings.connecting).toBe(0);
    expect(connections.size).toBe(before);
  });

  it('follows redirects (302 turns POST into GET) and stops at the limit with k6 warning', async () => {
    const r = await vu.call<HttpResult>(
      'http.request',
      spec({ method: 'POST', body: 'x', url: `${base}/redirect?n=2` }),
    );
    expect(r.hops.map((h) => h.status)).toEqual([302, 302, 200]);
    expect(r.hops.map((h) => h.method)).toEqual(['POST', 'GET', 'GET']);
    expect(r.body).toBe('landed GET');
    expect(r.hops[2].url).toBe(`${base}/redirect?n=0`);
    const stopped = await vu.call<HttpResult>('http.request', spec({ url: `${base}/redirect?n=5`, maxRedirects: 1 }));
    expect(stopped.hops.map((h) => h.status)).toEqual([302, 302]);
    expect(stopped.warning).toMatch(/^Stopped after 1 redirects and returned the redirection/);
  });

  it('reports HTTP errors with error_code 1000+status and no error text', async () => {
    const r = await vu.call<HttpResult>('http.request', spec({ url: `${base}/x?code=503` }));
    expect(r.hops[0]).toMatchObject({ status: 503, error: '', errorCode: 1503 });
    expect(r.body).toBe('nope');
  });

  it('network errors and timeouts are reported, not thrown', async () => {
    const refused = await vu.call<HttpResult>('http.request', spec({ url: 'http://127.0.0.1:1/' }));
    expect(refused.hops[0]).toMatchObject({
      status: 0,
      errorCode: 1212,
      error: 'dial: connection refused',
      goError: 'dial tcp 127.0.0.1:1: connect: connection refused',
    });
    expect(refused.body).toBeNull();
    const slow = await vu.call<HttpResult>('http.request', spec({ url: `${base}/slow`, timeoutMs: 200 }));
    expect(slow.hops[0]).toMatchObject({ status: 0, errorCode: 1050, error: 'request timeout' });
  });

  it('decompresses, and honours responseType binary/none', async () => {
    expect((await vu.call<HttpResult>('http.request', spec({ url: `${base}/gzip` }))).body).toBe('compressed hello');
    const bin = await vu.call<HttpResult>('http.request', spec({ url: `${base}/gzip`, responseType: 'binary' }));
    expect(Buffer.from(bin.body as ArrayBuffer).toString()).toBe('compressed hello');
    expect((await vu.call<HttpResult>('http.request', spec({ responseType: 'none' }))).body).toBeNull();
  });

  it('https: TLS timings and version; certificate checked unless insecureSkipTLSVerify', async () => {
    // A self-signed certificate made for this test only.
    const dir = mkdtempSync(join(tmpdir(), 'cdc-ext-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const tls = https.createServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      (_q, res) => res.end('secure'),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
    try {
      const refused = await vu.call<HttpResult>('http.request', spec({ url }));
      expect(refused.hops[0]).toMatchObject({ status: 0, errorCode: 1310, error: 'x509: unknown authority' });
      const ok = await vu.call<HttpResult>('http.request', spec({ url, insecureSkipTLSVerify: true }));
      expect(ok.body).toBe('secure');
      expect(ok.hops[0]).toMatchObject({ status: 200, tlsVersion: 'tls1.3' });
      expect(ok.hops[0].timings.tls_handshaking).toBeGreaterThan(0);
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('batch runs requests in parallel and keeps their order', async () => {
    const rs = await vu.call<HttpResult[]>('http.batch', [spec({ url: `${base}/x?code=404` }), spec({})]);
    expect(rs.map((r) => r.hops[0].status)).toEqual([404, 200]);
  });
});
