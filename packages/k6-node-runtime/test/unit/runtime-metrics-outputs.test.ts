// Outputs (unit level). Follows grafana/k6 `internal/output/json/{json,wrapper}.go` (line format) and
// `internal/output/prometheusrw/remotewrite/{config,remotewrite,prometheus,trend}.go` (env config, names, labels,
// only-updated series per flush, stale markers). The end-to-end push is test/integration/prometheus-rw.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { compress, uncompress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../src/metrics/engine.js';
import { createOutputs, JsonOutput, OutputConfigError } from '../../src/outputs/index.js';
import { configFromEnv, PrometheusRWOutput, trendStatSuffix } from '../../src/outputs/prometheus-rw.js';
import { encodeWriteRequest } from '../../src/outputs/prompb.js';
import { rfc3339 } from '../../src/outputs/json.js';

describe('createOutputs', () => {
  it('rejects an unknown output type listing the supported ones', () => {
    expect(() => createOutputs(['influxdb=http://x'], {})).toThrow(OutputConfigError);
    expect(() => createOutputs(['influxdb=http://x'], {})).toThrow(
      "invalid output type 'influxdb', available types are: json, experimental-prometheus-rw",
    );
  });
  it('creates json and prometheus-rw outputs', () => {
    const outs = createOutputs(['json=out.json', 'experimental-prometheus-rw'], {
      K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:1/api/v1/write',
    });
    expect(outs.map((o) => o.description)).toEqual([
      'json (out.json)',
      'Prometheus remote write (http://127.0.0.1:1/api/v1/write)',
    ]);
  });
  it('bad prometheus-rw config is an OutputConfigError', () => {
    expect(() => createOutputs(['experimental-prometheus-rw'], { K6_PROMETHEUS_RW_HTTP_HEADERS: 'a:b:c' })).toThrow(
      /<header key>:<value>/,
    );
    expect(() => createOutputs(['experimental-prometheus-rw'], { K6_PROMETHEUS_RW_PUSH_INTERVAL: '5 sec' })).toThrow(
      OutputConfigError,
    );
    expect(() => createOutputs(['experimental-prometheus-rw'], { K6_PROMETHEUS_RW_SIGV4_REGION: 'eu' })).toThrow(
      /SigV4/,
    );
  });
});

describe('json output', () => {
  it('writes a Metric line once per metric, then Point lines with RFC 3339 time and sorted tags', async () => {
    const engine = new MetricsEngine({
      thresholds: {
        http_req_duration: ['p(95)<500', { threshold: 'max<2000', abortOnFail: true, delayAbortEval: '10s' }],
      },
    });
    engine.validateThresholds();
    let text = '';
    const stdout = new Writable({ write: (c, _e, cb) => ((text += c.toString()), cb()) });
    const out = new JsonOutput('-', { engine, stdout });
    out.start();
    out.addSamples([
      {
        metric: 'http_req_duration',
        time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
        value: 12.5,
        tags: { status: '200', method: 'GET', vu: '1' },
      },
      {
        metric: 'http_req_duration',
        time: Date.UTC(2026, 0, 2, 3, 4, 6),
        value: 7,
        tags: { status: '200', method: 'GET' },
      },
    ]);
    await out.stop();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      type: 'Metric',
      data: {
        name: 'http_req_duration',
        type: 'trend',
        contains: 'time',
        thresholds: ['p(95)<500', { threshold: 'max<2000', abortOnFail: true, delayAbortEval: '10s' }],
        submetrics: [
          {
            name: 'http_req_duration{expected_response:true}',
            suffix: 'expected_response:true',
            tags: { expected_response: 'true' },
          },
        ],
      },
      metric: 'http_req_duration',
    });
    expect(Object.keys(lines[1])).toEqual(['metric', 'type', 'data']);
    expect(lines[1].type).toBe('Point');
    expect(lines[1].data.value).toBe(12.5);
    expect(Object.keys(lines[1].data.tags)).toEqual(['method', 'status']);
    expect(lines[1].data.metadata).toEqual({ vu: '1' });
    expect(lines[2].data.metadata).toBeUndefined();
    expect(text.split('\n')[1]).toContain('"tags":{"method":"GET","status":"200"}');
  });
  it('writes to a file, gzipped when the name ends in .gz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-json-'));
    try {
      for (const name of ['out.json', 'out.json.gz']) {
        const [out] = createOutputs([`json=${name}`], {}, { cwd: dir });
        await out.start();
        out.addSamples([{ metric: 'iterations', time: 0, value: 1, tags: { scenario: 'default' } }]);
        await out.stop();
        const raw = readFileSync(join(dir, name));
        const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString();
        expect(
          text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).type),
        ).toEqual(['Metric', 'Point']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('formats times like Go time.Time JSON', () => {
    expect(rfc3339(Date.UTC(2026, 10, 27, 13, 58, 5, 120))).toMatch(/^2026-11-27T\d\d:58:05\.12(Z|[+-]\d\d:\d\d)$/);
    expect(rfc3339(Date.UTC(2026, 10, 27, 13, 58, 5))).toMatch(/:58:05(Z|[+-]\d\d:\d\d)$/);
  });
});

describe('prometheus remote write mapping', () => {
  it('reads K6_PROMETHEUS_RW_* like k6', () => {
    const c = configFromEnv({
      K6_PROMETHEUS_RW_SERVER_URL: 'https://prom:9090/api/v1/write',
      K6_PROMETHEUS_RW_PUSH_INTERVAL: '1m30s',
      K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99.9),avg,count,sum',
      K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
      K6_PROMETHEUS_RW_USERNAME: 'u',
      K6_PROMETHEUS_RW_PASSWORD: 'p',
      'K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID': 'tenant',
      K6_PROMETHEUS_RW_HTTP_HEADERS: 'X-A:1,X-B:2',
      K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION: '1.2',
    });
    expect(c).toMatchObject({
      serverURL: 'https://prom:9090/api/v1/write',
      pushIntervalMs: 90_000,
      trendStats: ['p(95)', 'p(99.9)', 'avg', 'count', 'sum'],
      staleMarkers: true,
      username: 'u',
      password: 'p',
      headers: { 'X-Scope-OrgID': 'tenant', 'X-A': '1', 'X-B': '2' },
      tlsMinVersion: 'TLSv1.2',
    });
    expect(configFromEnv({})).toMatchObject({
      serverURL: 'http://localhost:9090/api/v1/write',
      pushIntervalMs: 5000,
      trendStats: ['p(99)'],
      staleMarkers: false,
    });
  });
  it('maps names: counter _total, rate _rate, gauge bare, trend _<stat> (p(99.9) → p999), time trends in seconds', () => {
    expect(trendStatSuffix('p(99.9)')).toBe('p999');
    expect(trendStatSuffix('p(95)')).toBe('p95');
    expect(trendStatSuffix('med')).toBe('med');
    const engine = new MetricsEngine();
    engine.declare('chaos_fault_active', 'gauge', 'default');
    const rw = new PrometheusRWOutput({ K6_PROMETHEUS_RW_TREND_STATS: 'p(99),count' }, { engine });
    const t = 1_700_000_000_123.7;
    rw.addSamples([
      { metric: 'iterations', time: t, value: 1, tags: { scenario: 's', group: '', vu: '1', iter: '0' } },
      { metric: 'checks', time: t, value: 0, tags: { check: 'c' } },
      { metric: 'chaos_fault_active', time: t, value: 1, tags: { action: 'kill', target: 'cdc-consumer' } },
      { metric: 'http_req_duration', time: t, value: 250, tags: {} },
      { metric: 'never_declared', time: t, value: 1, tags: {} },
    ]);
    const series = rw.collect();
    const byName = Object.fromEntries(series.map((s) => [s.labels.find((l) => l.name === '__name__')!.value, s]));
    expect(Object.keys(byName).sort()).toEqual([
      'k6_chaos_fault_active',
      'k6_checks_rate',
      'k6_http_req_duration_count',
      'k6_http_req_duration_p99',
      'k6_iterations_total',
    ]);
    expect(byName.k6_iterations_total.labels).toEqual([
      { name: '__name__', value: 'k6_iterations_total' },
      { name: 'scenario', value: 's' },
    ]);
    expect(byName.k6_chaos_fault_active.labels.map((l) => l.name)).toEqual(['__name__', 'action', 'target']);
    expect(byName.k6_http_req_duration_p99.samples).toEqual([{ value: 0.25, timestamp: 1_700_000_000_123 }]);
    expect(byName.k6_http_req_duration_count.samples[0].value).toBe(0.001);
    expect(byName.k6_checks_rate.samples[0].value).toBe(0);
    // next flush: only series with newer samples, cumulative values
    rw.addSamples([
      { metric: 'iterations', time: t + 1000, value: 1, tags: { scenario: 's', vu: '2' } },
      { metric: 'checks', time: t, value: 1, tags: { check: 'c' } }, // same ms: aggregated, not re-pushed
    ]);
    const next = rw.collect();
    expect(next).toHaveLength(1);
    expect(next[0].samples).toEqual([{ value: 2, timestamp: 1_700_000_001_123 }]);
    const stale = rw.staleMarkers(1_800_000_000_000);
    expect(stale).toHaveLength(5);
    expect(stale.every((s) => s.samples[0].stale && s.samples[0].timestamp === 1_800_000_000_001)).toBe(true);
  });
  it('encodes a WriteRequest that snappy-decodes to the expected protobuf bytes (StaleNaN bits exact)', () => {
    const raw = encodeWriteRequest([
      { labels: [{ name: '__name__', value: 'k6_vus' }], samples: [{ value: 1, timestamp: 300 }] },
      { labels: [{ name: '__name__', value: 'a' }], samples: [{ value: 0, timestamp: 1, stale: true }] },
    ]);
    const hex = Buffer.from(raw).toString('hex');
    // TimeSeries{labels{__name__=k6_vus}, samples{value=1.0, ts=300}}
    expect(
      hex.startsWith(
        '0a' +
          '22' +
          '0a' +
          '12' +
          '0a08' +
          Buffer.from('__name__').toString('hex') +
          '1206' +
          Buffer.from('k6_vus').toString('hex'),
      ),
    ).toBe(true);
    expect(hex).toContain('09' + '000000000000f03f' + '10' + 'ac02');
    expect(hex).toContain('09' + '020000000000f07f' + '1001');
    // snappy block format round trip (what Prometheus decodes)
    expect(Buffer.from(uncompress(compress(Buffer.from(raw))))).toEqual(Buffer.from(raw));
  });
});
