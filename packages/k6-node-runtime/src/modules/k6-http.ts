// `k6/http` — k6 js/modules/k6/http. Requests run in the I/O worker (src/io/http.ts);
// here: k6's argument handling, Response objects, the http_req_* / data_* samples with k6's
// system tags, expected-status callback, and k6's "network errors are not thrown" rule.
import { STATUS_CODES } from 'node:http';
import { callSync } from '../bridge/client.js';
import { assertNotInit, emit, metricErrorsThrow, testOptions } from '../vu/state.js';
import { log } from '../vu/console.js';
import { parseExtendedDuration } from '../io/go-duration.js';
import { userTags, UserTagError } from '../vu/user-tags.js';
import { goError } from './go-error.js';
import { goTypeName } from './go-convert.js';
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
    if (r && typeof r === 'object' && Number.isInteger(r.min) && Number.isInteger(r.max))
      return [r.min as number, r.max as number] as const;
    throw new Error(
      `argument number ${i + 1} to expectedStatuses was neither an integer nor an object like {min:100, max:329}`,
    );
  });
  return new ExpectedStatuses(ranges);
}

let responseCallback: ExpectedStatuses | null = expectedStatuses({ min: 200, max: 399 });

export function setResponseCallback(cb: unknown): void {
  if (cb !== null && !(cb instanceof ExpectedStatuses))
    throw new Error('unsupported argument, expected http.expectedStatuses');
  responseCallback = cb;
}

// --- URL tags and files ---

class UrlTag {
  constructor(
    readonly url: string,
    readonly name: string,
  ) {}
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
  constructor(
    readonly data: unknown,
    readonly filename: string,
    readonly content_type: string,
  ) {}
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
      throw new Error(
        "the body is null so we can't transform it to JSON - this likely was because of a request error getting the response",
      );
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

// --- request building (k6 js/modules/k6/http/request.go parseRequest) ---

interface Params {
  headers: Record<string, string>;
  tags?: Record<string, string>;
  timeoutMs: number;
  responseType: 'text' | 'binary' | 'none';
  redirects?: number;
  responseCallback: ExpectedStatuses | null;
  throw: boolean;
}

/** Go url.QueryEscape: only [A-Za-z0-9-_.~] stay, space becomes '+'. */
function queryEscape(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      return b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** fmt.Sprintf("%v") of an exported form value, as k6 formats form fields. */
function formValue(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

/** url.Values.Encode(): keys sorted, an array value repeats its key. */
function encodeForm(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const k of Object.keys(data).sort()) {
    const v = data[k];
    for (const el of Array.isArray(v) ? v : [v]) parts.push(`${queryEscape(k)}=${queryEscape(formValue(el))}`);
  }
  return parts.join('&');
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Uint8Array | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof Uint8Array || body instanceof Uint8ClampedArray)
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (goTypeName(body) === 'map[string]interface {}' && !(body instanceof FileData) && !(body instanceof UrlTag)) {
    const data = body as Record<string, unknown>;
    if (Object.values(data).some((v) => v instanceof FileData))
      throw new Error('multipart file uploads are not supported by the cdc-chaos runtime');
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return encodeForm(data);
  }
  const type = body instanceof FileData ? '*http.FileData' : body instanceof UrlTag ? 'httpext.URL' : goTypeName(body);
  throw new ParseError(`unknown request body type ${type}`);
}

/** k6 types.GetDurationValue, in ms. */
function timeoutMs(t: unknown): number {
  if (typeof t === 'string') {
    try {
      return parseExtendedDuration(t);
    } catch (e) {
      throw new ParseError(`invalid timeout value: ${(e as Error).message}`);
    }
  }
  if (typeof t === 'number') return t;
  throw new ParseError(`invalid timeout value: unable to use type ${goTypeName(t)} as a duration value`);
}

const RESPONSE_TYPES = new Set(['text', 'binary', 'none']);

function parseParams(raw: unknown, o: Record<string, unknown>): Params {
  const p: Params = {
    headers: {},
    timeoutMs: DEFAULT_TIMEOUT_MS,
    responseType: o.discardResponseBodies ? 'none' : 'text',
    responseCallback,
    throw: metricErrorsThrow(),
  };
  const ua = o.userAgent === undefined || o.userAgent === null ? DEFAULT_USER_AGENT : String(o.userAgent);
  if (ua !== '') p.headers['User-Agent'] = ua;
  if (raw === undefined || raw === null) return p;
  const params = Object(raw) as Record<string, unknown>;
  for (const k of Object.keys(params)) {
    const v = params[k];
    switch (k) {
      case 'headers':
        if (v === undefined || v === null) break;
        for (const [h, x] of Object.entries(Object(v) as Record<string, unknown>)) p.headers[h] = String(x);
        break;
      case 'tags':
        try {
          p.tags = userTags(v);
        } catch (e) {
          if (e instanceof UserTagError) throw new ParseError(`invalid HTTP request metric tags: ${e.message}`);
          throw e;
        }
        break;
      case 'timeout':
        p.timeoutMs = timeoutMs(v);
        break;
      case 'throw':
        p.throw = Boolean(v);
        break;
      case 'redirects': {
        const n = Math.trunc(Number(v));
        p.redirects = Number.isFinite(n) ? n : 0;
        break;
      }
      case 'responseType': {
        const t = String(v);
        if (!RESPONSE_TYPES.has(t)) throw new ParseError(`${t} does not belong to ResponseType values`);
        p.responseType = t as Params['responseType'];
        break;
      }
      case 'responseCallback':
        if (v === undefined || v === null) p.responseCallback = null;
        else if (v instanceof ExpectedStatuses) p.responseCallback = v;
        else throw new ParseError('unsupported responseCallback');
        break;
      case 'compression':
        if (String(v).trim() !== '')
          throw new ParseError(
            'request body compression (params.compression) is not supported by the cdc-chaos runtime',
          );
        break;
      case 'auth': {
        // basic auth comes from the URL's credentials, in k6 as here; digest and NTLM are not implemented
        const a = String(v);
        if (a === 'digest' || a === 'ntlm')
          throw new ParseError(`params.auth '${a}' is not supported by the cdc-chaos runtime`);
        break;
      }
      case 'jar':
      case 'cookies':
        if (v !== undefined && v !== null)
          throw new ParseError(`params.${k} is not supported by the cdc-chaos runtime (it keeps no cookie jar)`);
        break;
    }
  }
  return p;
}

interface Prepared {
  spec: HttpRequestSpec;
  params: Params;
  name?: string;
  request: RequestInfo;
}

function toUrl(target: unknown): string {
  if (target instanceof UrlTag) return target.url;
  if (typeof target === 'string') return target;
  throw new ParseError(`invalid URL: '#${target === undefined || target === null ? '<nil>' : String(target)}'`, 1020);
}

function prepare(method: unknown, target: unknown, body: unknown, rawParams: unknown): Prepared {
  const o = testOptions() ?? {};
  const u = toUrl(target);
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    throw new ParseError(`parse ${JSON.stringify(u)}: invalid URI for request`, 1020);
  }
  const bodyHeaders: Record<string, string> = {};
  const wireBody = encodeBody(body, bodyHeaders);
  const params = parseParams(rawParams, o);
  // k6 sets the body's Content-Type and the User-Agent first; params.headers override them
  const headers = { ...bodyHeaders, ...params.headers };
  const spec: HttpRequestSpec = {
    method: String(method).toUpperCase(),
    url: parsed.toString(),
    headers,
    body: wireBody,
    timeoutMs: params.timeoutMs,
    maxRedirects: params.redirects ?? (typeof o.maxRedirects === 'number' ? o.maxRedirects : 10),
    responseType: params.responseType,
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
  const name = params.tags?.name !== undefined ? params.tags.name : target instanceof UrlTag ? target.name : undefined;
  return { spec, params, name, request };
}

/** http_req_* and data_* samples for each request on the wire, with k6's system tags. */
function emitHop(hop: HttpHop, p: Prepared): void {
  const cb = p.params.responseCallback;
  const tags: Record<string, string> = { ...p.params.tags };
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
    if (p.params.throw) throw goError(full);
    log('warning', 'Request Failed', { error: full });
  }
  return new Response(last, r.body, p.request);
}

/** A request k6 could not even build (bad URL, bad timeout): no sample, no I/O. */
class ParseError extends Error {
  constructor(
    message: string,
    readonly code = 1000,
  ) {
    super(message);
  }
}

/** k6's handleParseRequestError: thrown with options.throw, else a warning and an error Response. */
function parseFailure(e: unknown, method: unknown): Response {
  const msg = e instanceof Error ? e.message : String(e);
  if (metricErrorsThrow()) throw goError(msg);
  log('warning', 'Request Failed', { error: msg });
  return parseResponse(msg, e instanceof ParseError ? e.code : 1000, String(method).toUpperCase());
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

/** httpext.NewResponse(): what k6 puts in a batch's result for a request it did not send. */
function emptyResponse(): Response {
  return parseResponse('', 0, '');
}

function parseResponse(msg: string, code: number, method: string): Response {
  const hop: HttpHop = {
    method,
    url: '',
    status: 0,
    proto: '',
    headers: {},
    timings: { duration: 0, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0 },
    error: msg,
    goError: msg,
    errorCode: code,
    tlsVersion: '',
    remoteIp: '',
    remotePort: 0,
    sent: 0,
    received: 0,
  };
  return new Response(hop, null, { method, url: '', headers: {}, body: '', cookies: {} });
}

/** k6 parseBatchRequest: [method, url, body?, params?], {method?, url, body?, params?} or a URL. */
function batchItem(key: string | number, item: unknown): Prepared {
  if (Array.isArray(item)) {
    if (item.length < 2) throw new ParseError(`invalid batch request '${JSON.stringify(item)}'`);
    if (typeof item[0] !== 'string') throw new ParseError(`invalid method type '${JSON.stringify(item[0])}'`);
    return prepare(item[0], item[1], item[2], item[3]);
  }
  if (
    item !== null &&
    typeof item === 'object' &&
    !(item instanceof UrlTag) &&
    goTypeName(item) === 'map[string]interface {}'
  ) {
    const o = item as Record<string, unknown>;
    if (!('url' in o)) throw new ParseError(`batch request ${key} doesn't have a url key`);
    let method = 'GET';
    let body = o.body;
    if ('method' in o) {
      if (typeof o.method !== 'string') throw new ParseError(`invalid method type '${JSON.stringify(o.method)}'`);
      method = o.method.toUpperCase();
      if (method === 'GET' || method === 'HEAD') body = null;
    }
    return prepare(method, o.url, body, o.params);
  }
  return prepare('GET', item, null, undefined);
}

/**
 * Requests run in parallel; the result has the shape of the argument (array or object). As in
 * k6, the first request that cannot be built stops the batch before anything is sent.
 */
export function batch(...args: unknown[]): Response[] | Record<string, Response> {
  assertNotInit('Using batch');
  if (args.length === 0) throw goError('no argument was provided to http.batch()');
  if (args.length > 1) throw goError('http.batch() accepts only an array or an object of requests');
  const requests = args[0];
  const type = goTypeName(requests);
  if (
    type !== '[]interface {}' &&
    (type !== 'map[string]interface {}' || requests instanceof UrlTag || requests instanceof FileData)
  ) {
    throw goError(`invalid http.batch() argument type ${type}`);
  }
  const keys = Array.isArray(requests) ? undefined : Object.keys(requests as object);
  const items = Array.isArray(requests) ? requests : Object.values(requests as object);
  const prepared: Prepared[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      prepared.push(batchItem(keys ? keys[i] : i, items[i]));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (metricErrorsThrow()) throw goError(msg);
      log('warning', 'A batch request failed', { error: msg });
      const partial: Array<Response | null> = items.map((_, j) => (j < i ? emptyResponse() : null));
      partial[i] = parseResponse(msg, e instanceof ParseError ? e.code : 1000, '');
      if (!keys) return partial as Response[];
      return Object.fromEntries(keys.slice(0, i + 1).map((k, j) => [k, partial[j] as Response]));
    }
  }
  const results = callSync<HttpResult[]>(
    'http.batch',
    prepared.map((p) => p.spec),
  );
  const responses = prepared.map((p, i) => finish(p, results[i]));
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
