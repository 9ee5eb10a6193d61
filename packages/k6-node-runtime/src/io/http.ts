// I/O side of k6/http: node:http(s) with one keep-alive agent pair per VU (k6 reuses connections
// within a VU), k6's phase timings (blocked, connecting, tls_handshaking, sending, waiting,
// receiving), redirects followed as Go's client does, and network errors reported (not thrown)
// with k6's error codes and Go-worded messages.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import type { IoContext, IoHandler } from './types.js';
import { setLongTimeout } from '../long-timer.js';
import { goRootCAs } from './go-roots.js';

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  timeoutMs: number;
  maxRedirects: number;
  responseType: 'text' | 'binary' | 'none';
  insecureSkipTLSVerify?: boolean;
  noConnectionReuse?: boolean;
}

export interface HttpTimings {
  duration: number;
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
}

/** One request on the wire (a redirect chain has several). */
export interface HttpHop {
  method: string;
  url: string;
  status: number;
  proto: string;
  headers: Record<string, string>;
  timings: HttpTimings;
  /** k6's short message (res.error, `error` tag). */
  error: string;
  /** The Go error text: the "Request Failed" warning and what options.throw throws. */
  goError: string;
  errorCode: number;
  tlsVersion: string;
  remoteIp: string;
  remotePort: number;
  sent: number;
  received: number;
}

export interface HttpResult {
  hops: HttpHop[];
  body: string | ArrayBuffer | null;
  /** k6's warning when the redirect limit stopped the chain. */
  warning?: string;
}

const TLS_NAMES: Record<string, string> = {
  'TLSv1.3': 'tls1.3',
  'TLSv1.2': 'tls1.2',
  'TLSv1.1': 'tls1.1',
  TLSv1: 'tls1.0',
};

let roots: { ca: string[] | undefined } | undefined;
/** Go's roots under SSL_CERT_FILE / SSL_CERT_DIR (read once per process), or Node's defaults. */
function rootCAs(): string[] | undefined {
  roots ??= { ca: goRootCAs(process.env) };
  return roots.ca;
}

function agents(ctx: IoContext, insecure: boolean): { http: http.Agent; https: https.Agent } {
  const key = `http:agents:${insecure ? 'insecure' : 'verify'}`;
  let a = ctx.resources.get(key) as { http: http.Agent; https: https.Agent } | undefined;
  if (!a) {
    a = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, rejectUnauthorized: !insecure, ca: rootCAs() }),
    };
    ctx.resources.set(key, a);
    const agentsOf = a;
    ctx.onClose(() => {
      agentsOf.http.destroy();
      agentsOf.https.destroy();
    });
  }
  return a;
}

/**
 * A failed request as k6 reports it (lib/netext/httpext/error_codes.go): the error code, k6's short
 * message (res.error and the `error` tag), and the Go error text (the "Request Failed" warning and
 * what options.throw throws).
 */
function classify(
  e: NodeJS.ErrnoException & { timeout?: boolean },
  u: URL,
): { code: number; msg: string; goErr: string } {
  const hostPort = `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  const dial = (why: string) => `dial tcp ${hostPort}: connect: ${why}`;
  if (e.timeout) return { code: 1050, msg: 'request timeout', goErr: 'request timeout' };
  switch (e.code) {
    case 'ECONNREFUSED':
      return { code: 1212, msg: 'dial: connection refused', goErr: dial('connection refused') };
    case 'ENOTFOUND':
      return { code: 1101, msg: 'lookup: no such host', goErr: `dial tcp: lookup ${u.hostname}: no such host` };
    case 'EAI_AGAIN':
      return {
        code: 1100,
        msg: `dial tcp: lookup ${u.hostname}: server misbehaving`,
        goErr: `dial tcp: lookup ${u.hostname}: server misbehaving`,
      };
    case 'ECONNRESET':
      return {
        code: 1220,
        msg: 'read: connection reset by peer',
        goErr: `read tcp ${hostPort}: read: connection reset by peer`,
      };
    case 'EPIPE':
      return { code: 1201, msg: 'write: broken pipe', goErr: `write tcp ${hostPort}: write: broken pipe` };
    case 'ETIMEDOUT':
      return { code: 1211, msg: 'dial: i/o timeout', goErr: `dial tcp ${hostPort}: i/o timeout` };
    case 'EHOSTUNREACH':
      return {
        code: 1213,
        msg: 'dial: unknown errno 113 error with msg `no route to host`',
        goErr: dial('no route to host'),
      };
    case 'ENETUNREACH':
      return {
        code: 1213,
        msg: 'dial: unknown errno 101 error with msg `network is unreachable`',
        goErr: dial('network is unreachable'),
      };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return {
        code: 1310,
        msg: 'x509: unknown authority',
        goErr: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        code: 1311,
        msg: "x509: certificate doesn't match hostname",
        goErr: `tls: failed to verify certificate: x509: certificate is not valid for ${u.hostname}`,
      };
  }
  return { code: 1000, msg: e.message, goErr: e.message };
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

interface Exchange {
  hop: HttpHop;
  body: Buffer | null;
  location?: string;
}

/** performance.now() stamps of an exchange's phases; 0 means the phase did not happen. */
interface Marks {
  t0: number;
  connectStart: number;
  connectEnd: number;
  tlsEnd: number;
  ready: number; // socket usable: reused, connected or handshaken
  written: number;
  firstByte: number;
}

/** The socket an exchange ran on, with its byte counters when the exchange took it (sockets are reused). */
interface SocketUse {
  sock: Socket;
  sent0: number;
  recv0: number;
}

/** A hop with nothing measured yet: what a request that fails before any response reports. */
function emptyHop(method: string, url: URL): HttpHop {
  return {
    method,
    url: url.toString(),
    status: 0,
    proto: '',
    headers: {},
    timings: { duration: 0, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0 },
    error: '',
    goError: '',
    errorCode: 0,
    tlsVersion: '',
    remoteIp: '',
    remotePort: 0,
    sent: 0,
    received: 0,
  };
}

/** The request on this VU's agents (or none, for noConnectionReuse), trusting Go's roots as k6 does. */
function openRequest(
  spec: HttpRequestSpec,
  url: URL,
  method: string,
  body: Buffer | null,
  ctx: IoContext,
): http.ClientRequest {
  const isHttps = url.protocol === 'https:';
  const a = agents(ctx, spec.insecureSkipTLSVerify === true);
  const headers: Record<string, string> = { ...spec.headers };
  if (body) headers['Content-Length'] = String(body.length);
  return (isHttps ? https : http).request(url, {
    method,
    headers,
    agent: spec.noConnectionReuse ? false : isHttps ? a.https : a.http,
    rejectUnauthorized: !spec.insecureSkipTLSVerify,
    ca: rootCAs(),
  });
}

/** Stamps the connection phases of a new socket; a reused one is ready at once. */
function watchSocket(s: Socket, isHttps: boolean, m: Marks): void {
  if (s.connecting) {
    // k6 counts DNS in "blocked": connecting starts once the address is known.
    m.connectStart = performance.now();
    s.once('lookup', () => (m.connectStart = performance.now()));
    s.once('connect', () => {
      m.connectEnd = performance.now();
      if (!isHttps) m.ready = m.connectEnd;
    });
    s.once('secureConnect', () => (m.tlsEnd = m.ready = performance.now()));
  } else m.ready = performance.now();
}

/** Bytes, peer address and TLS version of the exchange, from its socket. */
function recordConnection(hop: HttpHop, use: SocketUse, isHttps: boolean): void {
  const { sock } = use;
  hop.sent = Math.max(0, sock.bytesWritten - use.sent0);
  hop.received = Math.max(0, sock.bytesRead - use.recv0);
  hop.remoteIp = sock.remoteAddress ?? '';
  hop.remotePort = sock.remotePort ?? 0;
  const v = isHttps ? (sock as TLSSocket).getProtocol?.() : null;
  if (v) hop.tlsVersion = TLS_NAMES[v] ?? v;
}

/** k6's phase durations from the stamps, the exchange having ended at `end`. */
function recordTimings(t: HttpTimings, m: Marks, end: number): void {
  if (m.connectStart) {
    t.blocked = m.connectStart - m.t0;
    t.connecting = Math.max(0, m.connectEnd - m.connectStart);
    t.tls_handshaking = m.tlsEnd ? m.tlsEnd - m.connectEnd : 0;
  } else if (m.ready) t.blocked = m.ready - m.t0;
  if (m.written) {
    t.sending = Math.max(0, m.written - (m.ready || m.written));
    if (m.firstByte) {
      t.waiting = m.firstByte - m.written;
      t.receiving = end - m.firstByte;
    } else t.waiting = end - m.written;
  }
  t.duration = t.sending + t.waiting + t.receiving;
}

/** Response headers under Go's http.Header canonical names, values joined as k6 does ("a, b"). */
function canonicalHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const canon = k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
    out[canon] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** One HTTP exchange with timings. Never rejects: failures are reported in the hop. */
function exchange(
  spec: HttpRequestSpec,
  url: URL,
  method: string,
  body: Buffer | null,
  deadline: number,
  ctx: IoContext,
): Promise<Exchange> {
  const hop = emptyHop(method, url);
  return new Promise((resolve) => {
    const m: Marks = {
      t0: performance.now(),
      connectStart: 0,
      connectEnd: 0,
      tlsEnd: 0,
      ready: 0,
      written: 0,
      firstByte: 0,
    };
    let use: SocketUse | undefined;
    let settled = false;
    const isHttps = url.protocol === 'https:';
    const req = openRequest(spec, url, method, body, ctx);
    const finish = (
      err?: NodeJS.ErrnoException & { timeout?: boolean },
      resBody?: Buffer | null,
      location?: string,
    ) => {
      if (settled) return;
      settled = true;
      timer.clear();
      const end = performance.now();
      if (use) recordConnection(hop, use, isHttps);
      recordTimings(hop.timings, m, end);
      if (err) {
        const c = classify(err, url);
        hop.status = 0;
        hop.error = c.msg;
        hop.goError = c.goErr;
        hop.errorCode = c.code;
        req.destroy();
      } else if (hop.status >= 400) hop.errorCode = 1000 + hop.status; // k6: no error text for HTTP errors
      resolve({ hop, body: err ? null : (resBody ?? null), location });
    };
    const timer = setLongTimeout(
      () => finish(Object.assign(new Error('request timeout'), { timeout: true })),
      Math.max(0, deadline - Date.now()),
    );

    req.on('socket', (s: Socket) => {
      use = { sock: s, sent0: s.bytesWritten, recv0: s.bytesRead };
      watchSocket(s, isHttps, m);
    });
    req.on('finish', () => (m.written = performance.now()));
    req.on('error', (e) => finish(e));
    req.on('response', (res) => {
      m.firstByte = performance.now();
      hop.status = res.statusCode ?? 0;
      hop.proto = `HTTP/${res.httpVersion}`;
      hop.headers = canonicalHeaders(res.headers);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => finish(e));
      res.on('end', () => {
        try {
          finish(undefined, decode(Buffer.concat(chunks), res.headers['content-encoding']), res.headers.location);
        } catch (e) {
          finish(e as NodeJS.ErrnoException);
        }
      });
    });
    req.end(body ?? undefined);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function request(spec: HttpRequestSpec, ctx: IoContext): Promise<HttpResult> {
  const deadline = Date.now() + spec.timeoutMs;
  const hops: HttpHop[] = [];
  let url = new URL(spec.url);
  let method = spec.method.toUpperCase();
  let body: Buffer | null =
    spec.body === null ? null : typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : Buffer.from(spec.body);
  for (;;) {
    const ex = await exchange(spec, url, method, body, deadline, ctx);
    hops.push(ex.hop);
    if (ex.hop.error || !REDIRECTS.has(ex.hop.status) || !ex.location) return finalResult(hops, ex.body, spec);
    if (hops.length > spec.maxRedirects) {
      const warning = `Stopped after ${spec.maxRedirects} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this`;
      return { ...finalResult(hops, ex.body, spec), warning };
    }
    url = new URL(ex.location, url);
    // Go's client: 301/302/303 turn into GET without a body (HEAD stays HEAD); 307/308 repeat as is.
    if (ex.hop.status <= 303 && method !== 'HEAD') {
      method = 'GET';
      body = null;
    }
  }
}

function finalResult(hops: HttpHop[], body: Buffer | null, spec: HttpRequestSpec): HttpResult {
  if (body === null || spec.responseType === 'none') return { hops, body: null };
  if (spec.responseType === 'binary')
    return { hops, body: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer };
  return { hops, body: body.toString('utf8') };
}

export const handlers: Record<string, IoHandler> = {
  'http.request': async ([spec], ctx) => request(spec as HttpRequestSpec, ctx),
  'http.batch': async ([specs], ctx) => Promise.all((specs as HttpRequestSpec[]).map((s) => request(s, ctx))),
};
