// `k6/http` — k6 js/modules/k6/http. Requests run in the I/O worker (src/runtime/io/http.ts);
// here: k6's argument handling, Response objects, the http_req_* / data_* samples with k6's
// system tags, expected-status callback, and k6's "network errors are not thrown" rule.
import { STATUS_CODES } from 'node:http';
import { callSync } from '../bridge/client.js';
import { assertNotInit, emit, metricErrorsThrow, testOptions } from '../vu/state.js';
import { log } from '../vu/console.js';
import { parseGoDuration } from '../io/go-duration.js';
import { goError } from './go-error.js';
import type { HttpHop, HttpRequestSpec, HttpResult } from '../io/http.js';

const DEFAULT_USER_AGENT = 'k6/1.8.1 (https://k6.io/)';
const DEFAULT_TIMEOUT_MS = 60_000;

export const TLS_1_0 = 'tls1.0';
export const TLS_1_1 = 'tls1.1';
export const TLS_1_2 = 'tls1.2';
export const TLS_1_3 = 'tls1.3';

// --- expected statuses (http_req_failed / expected_response) ---

class ExpectedStatuses {
  constructor(readonly ranges: ReadonlyArray<readonly [number, number]>) {}
  matches(status: number): boolean {
    return this.ranges.some(([a, b]) => status >= a && status <= b);
  }
}

export function expectedStatuses(...args: unknown[]): ExpectedStatuses {
  const ranges = args.map((a, i) => {
    if (typeof a === 'number' && Number.isInteger(a)) return [a, a] as const;
    const r = a as { min?: unknown; max?: unknown } | null;
    if (r && typeof r === 'object' && Number.isInteger(r.min) && Number.isInteger(r.max)) return [r.min as number, r.max as number] as const;
    throw new Error(`argument number ${i + 1} to expectedStatuses was neither an integer nor an object like {min:100, max:329}`);
  });
  return new ExpectedStatuses(ranges);
}

let responseCallback: ExpectedStatuses | null = expectedStatuses({ min: 200, max: 399 });

export function setResponseCallback(cb: unknown): void {
  if (cb !== null && !(cb instanceof ExpectedStatuses)) throw new Error('unsupported argument, expected http.expectedStatuses');
  responseCallback = cb;
}

// --- URL tags and files ---

class UrlTag {
  constructor(readonly url: string, readonly name: string) {}
  toString(): string {
    return this.url;
  }
}

/** http.url`...${x}...`: the `name` tag groups URLs by their template ("${}" placeholders). */
export function url(strings: TemplateStringsArray, ...values: unknown[]): UrlTag {
  let u = strings[0];
  let n = strings[0];
  values.forEach((v, i) => {
    u += String(v) + strings[i + 1];
    n += '${}' + strings[i + 1];
  });
  return new UrlTag(u, n);
}

class FileData {
  constructor(readonly data: unknown, readonly filename: string, readonly content_type: string) {}
}

export function file(data: unknown, filename?: string, contentType?: string): FileData {
  return new FileData(data, filename ?? `${Date.now()}`, contentType ?? 'application/octet-stream');
}

// --- Response ---

/** gjson-like selector: "a.b.0.c", "#" = array length (what k6's res.json(selector) uses). */
function select(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur) && part === '#') cur = cur.length;
    else cur = (cur as Record<string, unknown>)[part];
    if (cur === undefined) return undefined;
  }
  return cur;
}

interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: string;
  cookies: Record<string, unknown>;
}

class Response {
  status: number;
  status_text: string;
  proto: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  timings: HttpHop['timings'];
  error: string;
  error_code: number;
  url: string;
  remote_ip: string;
  remote_port: number;
  tls_version: string;
  cookies: Record<string, unknown> = {};
  request: RequestInfo;

  constructor(hop: HttpHop, body: string | ArrayBuffer | null, request: RequestInfo) {
    this.status = hop.status;
    this.status_text = hop.status ? `${hop.status} ${STATUS_CODES[hop.status] ?? ''}`.trim() : '';
    this.proto = hop.proto;
    this.body = body;
    this.headers = hop.headers;
    this.timings = hop.timings;
    this.error = hop.error;
    this.error_code = hop.errorCode;
    this.url = hop.url;
    this.remote_ip = hop.remoteIp;
    this.remote_port = hop.remotePort;
    this.tls_version = hop.tlsVersion;
    this.request = request;
  }

  json(selector?: string): unknown {
    if (this.body === null) {
      throw new Error("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
    }
    const text = typeof this.body === 'string' ? this.body : Buffer.from(this.body).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`cannot parse json due to an error: ${(e as Error).message}`);
    }
    return selector === undefined ? parsed : select(parsed, String(selector));
  }

  html(): never {
    throw new Error('Response.html() is not supported by the cdc-chaos runtime (k6/html)');
  }
}

// --- request building ---

interface Params {
  headers?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
  redirects?: number;
  responseCallback?: ExpectedStatuses | null;
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Uint8Array | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object') {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.some(([, v]) => v instanceof FileData)) throw new Error('multipart file uploads are not supported by the cdc-chaos runtime');
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  }
  return String(body);
}

function timeoutMs(t: unknown): number {
  if (t === undefined || t === null) return DEFAULT_TIMEOUT_MS;
  if (typeof t === 'number') return t;
  try {
    return parseGoDuration(String(t));
  } catch (e) {
    throw new ParseError((e as Error).message);
  }
}

interface Prepared {
  spec: HttpRequestSpec;
  params: Params;
  name?: string;
  request: RequestInfo;
}

function prepare(method: unknown, target: unknown, body: unknown, rawParams: unknown): Prepared {
  const params = (rawParams ?? {}) as Params;
  const o = (testOptions() ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  const ua = o.userAgent === undefined || o.userAgent === null ? DEFAULT_USER_AGENT : String(o.userAgent);
  if (ua !== '') headers['User-Agent'] = ua;
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
  const u = target instanceof UrlTag ? target.url : String(target);
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    throw new ParseError(`parse ${JSON.stringify(u)}: invalid URI for request`, 1020);
  }
  const wireBody = encodeBody(body, headers);
  const responseType = params.responseType ?? (o.discardResponseBodies ? 'none' : 'text');
  const spec: HttpRequestSpec = {
    method: String(method).toUpperCase(),
    url: parsed.toString(),
    headers,
    body: wireBody,
    timeoutMs: timeoutMs(params.timeout),
    maxRedirects: params.redirects ?? (typeof o.maxRedirects === 'number' ? o.maxRedirects : 10),
    responseType,
    insecureSkipTLSVerify: Boolean(o.insecureSkipTLSVerify),
    noConnectionReuse: Boolean(o.noConnectionReuse),
  };
  const request: RequestInfo = {
    method: spec.method,
    url: spec.url,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    body: typeof wireBody === 'string' ? wireBody : wireBody ? Buffer.from(wireBody).toString('utf8') : '',
    cookies: {},
  };
  const name = params.tags?.name !== undefined ? String(params.tags.name) : target instanceof UrlTag ? target.name : undefined;
  return { spec, params, name, request };
}

/** http_req_* and data_* samples for each request on the wire, with k6's system tags. */
function emitHop(hop: HttpHop, p: Prepared): void {
  const cb = p.params.responseCallback === undefined ? responseCallback : p.params.responseCallback;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.params.tags ?? {})) tags[k] = String(v);
  if (hop.proto) tags.proto = hop.proto;
  tags.status = String(hop.status);
  tags.method = hop.method;
  tags.url = hop.url;
  tags.name = p.name ?? hop.url;
  if (hop.tlsVersion) tags.tls_version = hop.tlsVersion;
  if (hop.errorCode) tags.error_code = String(hop.errorCode);
  if (hop.error) tags.error = hop.error;
  const expected = cb ? cb.matches(hop.status) : undefined;
  if (expected !== undefined) tags.expected_response = String(expected);
  const t = hop.timings;
  emit('http_reqs', 1, tags);
  emit('http_req_duration', t.duration, tags);
  emit('http_req_blocked', t.blocked, tags);
  emit('http_req_connecting', t.connecting, tags);
  emit('http_req_tls_handshaking', t.tls_handshaking, tags);
  emit('http_req_sending', t.sending, tags);
  emit('http_req_waiting', t.waiting, tags);
  emit('http_req_receiving', t.receiving, tags);
  if (expected !== undefined) emit('http_req_failed', expected ? 0 : 1, tags);
  emit('data_sent', hop.sent);
  emit('data_received', hop.received);
}

function finish(p: Prepared, r: HttpResult): Response {
  for (const hop of r.hops) emitHop(hop, p);
  if (r.warning) log('warning', r.warning, { url: p.spec.url });
  const last = r.hops[r.hops.length - 1];
  if (last.error) {
    const goMethod = p.spec.method[0] + p.spec.method.slice(1).toLowerCase();
    const full = last.errorCode === 1050 ? last.goError : `${goMethod} "${last.url}": ${last.goError}`;
    if (metricErrorsThrow()) throw goError(full);
    log('warning', 'Request Failed', { error: full });
  }
  return new Response(last, r.body, p.request);
}

/** A request k6 could not even build (bad URL, bad timeout): no sample, no I/O. */
class ParseError extends Error {
  constructor(message: string, readonly code = 1000) {
    super(message);
  }
}

/** k6's handleParseRequestError: thrown with options.throw, else a warning and an error Response. */
function parseFailure(e: unknown, method: unknown): Response {
  const msg = e instanceof Error ? e.message : String(e);
  if (metricErrorsThrow()) throw goError(msg);
  log('warning', 'Request Failed', { error: msg });
  const hop: HttpHop = {
    method: String(method).toUpperCase(),
    url: '',
    status: 0,
    proto: '',
    headers: {},
    timings: { duration: 0, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0 },
    error: msg,
    goError: msg,
    errorCode: e instanceof ParseError ? e.code : 1000,
    tlsVersion: '',
    remoteIp: '',
    remotePort: 0,
    sent: 0,
    received: 0,
  };
  return new Response(hop, null, { method: hop.method, url: '', headers: {}, body: '', cookies: {} });
}

function tryPrepare(method: unknown, target: unknown, body: unknown, params: unknown): Prepared | Response {
  try {
    return prepare(method, target, body, params);
  } catch (e) {
    return parseFailure(e, method);
  }
}

export function request(method: unknown, target: unknown, body?: unknown, params?: unknown): Response {
  assertNotInit('Making http requests');
  const p = tryPrepare(method, target, body, params);
  if (p instanceof Response) return p;
  return finish(p, callSync<HttpResult>('http.request', p.spec));
}

export const get = (u: unknown, params?: unknown) => request('GET', u, null, params);
export const head = (u: unknown, params?: unknown) => request('HEAD', u, null, params);
export const post = (u: unknown, body?: unknown, params?: unknown) => request('POST', u, body, params);
export const put = (u: unknown, body?: unknown, params?: unknown) => request('PUT', u, body, params);
export const patch = (u: unknown, body?: unknown, params?: unknown) => request('PATCH', u, body, params);
export const del = (u: unknown, body?: unknown, params?: unknown) => request('DELETE', u, body, params);
export const options = (u: unknown, body?: unknown, params?: unknown) => request('OPTIONS', u, body, params);

type BatchItem = string | UrlTag | unknown[] | { method?: string; url: unknown; body?: unknown; params?: unknown };

function batchItem(item: BatchItem): Prepared {
  if (typeof item === 'string' || item instanceof UrlTag) return prepare('GET', item, null, undefined);
  if (Array.isArray(item)) return prepare(item[0], item[1], item[2], item[3]);
  return prepare(item.method ?? 'GET', item.url, item.body, item.params);
}

/** Requests run in parallel; the result has the shape of the argument (array or object). */
export function batch(requests: BatchItem[] | Record<string, BatchItem>): Response[] | Record<string, Response> {
  assertNotInit('Making http requests');
  const keys = Array.isArray(requests) ? undefined : Object.keys(requests);
  const items = Array.isArray(requests) ? requests : Object.values(requests);
  const prepared = items.map((item) => {
    try {
      return batchItem(item);
    } catch (e) {
      return parseFailure(e, Array.isArray(item) ? item[0] : typeof item === 'object' && !(item instanceof UrlTag) ? (item.method ?? 'GET') : 'GET');
    }
  });
  const valid = prepared.filter((p): p is Prepared => !(p instanceof Response));
  const results = callSync<HttpResult[]>('http.batch', valid.map((p) => p.spec));
  let next = 0;
  const responses = prepared.map((p) => (p instanceof Response ? p : finish(p, results[next++])));
  return keys ? Object.fromEntries(keys.map((k, i) => [k, responses[i]])) : responses;
}

export default {
  request,
  get,
  head,
  post,
  put,
  patch,
  del,
  options,
  batch,
  expectedStatuses,
  setResponseCallback,
  url,
  file,
  TLS_1_0,
  TLS_1_1,
  TLS_1_2,
  TLS_1_3,
};
