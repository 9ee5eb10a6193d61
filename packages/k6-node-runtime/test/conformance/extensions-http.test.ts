// k6/http through the CLI against a local server. Follows
// https://grafana.com/docs/k6/latest/javascript-api/k6-http/ (Response, params, batch),
// https://grafana.com/docs/k6/latest/using-k6/metrics/reference/ (http_req_* metrics, system tags)
// and https://grafana.com/docs/k6/latest/javascript-api/k6-http/error-codes/ (error_code).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { built, results, root, run } from './helpers.js';

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  // Its own process: run() blocks this one while the CLI runs.
  server = spawn(process.execPath, [join(root, 'test/fixtures/ext-http-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await Promise.race([
    once(server.stdout!, 'data'),
    new Promise((_, rej) => setTimeout(() => rej(new Error('server did not start in 10 s')), 10_000)),
  ])) as [Buffer];
  base = `http://127.0.0.1:${chunk.toString().trim()}`;
});

afterAll(() => {
  server?.kill('SIGTERM');
});

interface Point {
  type: string;
  metric: string;
  data: { value: number; tags: Record<string, string> };
}

describe.skipIf(!built)('k6/http (k6 docs: javascript-api/k6-http)', () => {
  it('responses, redirects, HTTP and network errors, timeouts, batch', () => {
    const again = run('ext-http.js', ['-e', `BASE=${base}`, '-o', 'json=out.json']);
    expect(again.code).toBe(0);
    const [res] = results(again) as Array<Record<string, any>>;
    expect(res.ok).toMatchObject({
      status: 200,
      status_text: '200 OK',
      proto: 'HTTP/1.1',
      header: 'application/json',
      json: { body: '', h: 'a', ctype: null },
      sel: 'a',
      durOk: true,
      url: `${base}/echo`,
      error: '',
      error_code: 0,
    });
    expect(res.ok.timingKeys).toEqual([
      'blocked',
      'connecting',
      'duration',
      'receiving',
      'sending',
      'tls_handshaking',
      'waiting',
    ]);
    expect(res.form).toBe('a=1&b=x+y'); // objects are sent as a form: Go url.Values.Encode (sorted keys, QueryEscape)
    expect(res.ctype).toBe('application/x-www-form-urlencoded');
    expect(res.jsonBody).toBe('{"k":1}');
    expect(res.redirected).toEqual({ status: 200, url: `${base}/redirect?n=0`, body: 'landed' });
    expect(res.notFound).toEqual({ status: 404, error: '', error_code: 1404 });
    expect(res.refused).toEqual({ status: 0, error: 'dial: connection refused', error_code: 1212, body: null });
    expect(res.timedOut).toEqual({ status: 0, error: 'request timeout', error_code: 1050 });
    expect(res.batch).toEqual([200, 200, 500]);
    // k6 handleParseRequestError: not thrown without options.throw; no request, no sample
    expect(res.badUrl).toEqual({ status: 0, error_code: 1020, error: 'parse "not a url": invalid URI for request' });
    // the warning carries the Go error, res.error k6's short form (lib/netext/httpext/error_codes.go)
    expect(again.stderr).toContain(
      'level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:1/\\": dial tcp 127.0.0.1:1: connect: connection refused"',
    );

    const points = readFileSync(join(again.dir, 'out.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Point)
      .filter((p) => p.type === 'Point');
    const reqs = points.filter((p) => p.metric === 'http_reqs');
    expect(reqs).toHaveLength(12); // 1+1+1+3 (redirect chain) +1+1+1+3
    const first = reqs[0].data.tags;
    expect(first).toMatchObject({
      method: 'GET',
      status: '200',
      url: `${base}/echo`,
      name: `${base}/echo`,
      proto: 'HTTP/1.1',
      expected_response: 'true',
      scenario: 'default',
      group: '',
      mytag: 'v',
    });
    const named = reqs.find((p) => p.data.tags.status === '404')!.data.tags;
    expect(named).toMatchObject({ name: 'named', error_code: '1404', expected_response: 'false' });
    const refused = reqs.find((p) => p.data.tags.status === '0' && p.data.tags.error_code === '1212')!.data.tags;
    expect(refused).toMatchObject({ expected_response: 'false', error: 'dial: connection refused' });
    for (const m of [
      'http_req_duration',
      'http_req_blocked',
      'http_req_connecting',
      'http_req_tls_handshaking',
      'http_req_sending',
      'http_req_waiting',
      'http_req_receiving',
      'http_req_failed',
    ]) {
      expect(points.filter((p) => p.metric === m)).toHaveLength(12);
    }
    const failed = points.filter((p) => p.metric === 'http_req_failed');
    expect(failed.filter((p) => p.data.value === 1)).toHaveLength(4); // 404, refused, timeout, 500
    expect(again.summary!.metrics.data_sent.values.count).toBeGreaterThan(0);
    expect(again.summary!.metrics.data_received.values.count).toBeGreaterThan(0);
  });

  it('options.throw turns network errors into exceptions', () => {
    const r = run('ext-http-throw.js');
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([
      { msg: 'Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused' },
    ]);
  });

  it('requests in the init context fail the test', () => {
    const r = run('ext-http-init.js');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Making http requests in the init context is not supported');
  });
});
