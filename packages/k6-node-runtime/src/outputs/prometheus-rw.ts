// `-o experimental-prometheus-rw`: k6's Prometheus remote-write output
// (https://grafana.com/docs/k6/latest/results-output/real-time/prometheus-remote-write/ ; behaviour of grafana/k6
// `internal/output/prometheusrw/remotewrite/{config,remotewrite,prometheus,trend}.go`):
// - names: `k6_` + metric; Counter `_total`, Rate `_rate`, Gauge as is, Trend one gauge per stat `_<stat>`
//   (p(99) → p99, p(99.9) → p999); time trends divided by 1000 for EVERY stat, `count` included (k6 quirk);
// - labels: `__name__` + every tag with a non-empty value, sorted; never `vu`/`iter` (metadata in k6);
// - one series per (metric, tag set), values cumulative since the start; a flush pushes only the series that got
//   samples with a newer ms-truncated time since their last push, stamped with that time;
// - K6_PROMETHEUS_RW_SERVER_URL, _PUSH_INTERVAL (5s), _TREND_STATS (p(99)), _STALE_MARKERS, _USERNAME/_PASSWORD,
//   _BEARER_TOKEN, _HEADERS_<Name>, _HTTP_HEADERS (k:v,k2:v2), _INSECURE_SKIP_TLS_VERIFY, _TLS_MINIMUM_VERSION,
//   _CLIENT_CERTIFICATE(_KEY). SigV4 and native histograms are refused with a clear error.
//
// Wire format: protobuf `WriteRequest` encoded by ./prompb.ts (hand-written: exact StaleNaN bits, no schema
// loading) and snappy *block* compression from `snappyjs` (pure JS, MIT, no native prebuilt binary to download;
// Prometheus requires the block format, not the framed one). HTTP via node:http/https so TLS options apply.
// snappyjs ships no types: the reference brings ours to every program that type-checks this file (the harness's too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an import of a .d.ts would not reach the harness's program
/// <reference path="./snappyjs.d.ts" />
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { compress } from 'snappyjs';
import { parseGoDuration } from '../metrics/duration.js';
import { MetricsEngine } from '../metrics/engine.js';
import {
  CounterSink,
  GaugeSink,
  newSink,
  RateSink,
  TrendSink,
  type AnySink,
  trendStatResolver,
} from '../metrics/sinks.js';
import type { Contains, MetricType, Sample } from '../metrics/types.js';
import { encodeWriteRequest, type PbLabel, type PbTimeSeries } from './prompb.js';
import { defaultLog, type Output, type OutputContext } from './types.js';

export const DEFAULT_SERVER_URL = 'http://localhost:9090/api/v1/write';
const NON_INDEXABLE = new Set(['vu', 'iter']);

export interface PrometheusRWConfig {
  serverURL: string;
  pushIntervalMs: number;
  trendStats: string[];
  staleMarkers: boolean;
  username?: string;
  password?: string;
  bearerToken?: string;
  headers: Record<string, string>;
  insecureSkipTLSVerify: boolean;
  tlsMinVersion: 'TLSv1.2' | 'TLSv1.3';
  clientCertificate?: string;
  clientCertificateKey?: string;
  timeoutMs: number;
}

/** Go strconv.ParseBool */
function parseBool(name: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new Error(`parse environment variables options failed: ${name}: invalid boolean value ${JSON.stringify(v)}`);
}

/** Config from the environment, as k6's GetConsolidatedConfig (defaults < env). */
export function configFromEnv(env: Record<string, string | undefined>): PrometheusRWConfig {
  const get = (k: string): string | undefined => env[`K6_PROMETHEUS_RW_${k}`];
  const cfg: PrometheusRWConfig = {
    serverURL: DEFAULT_SERVER_URL,
    pushIntervalMs: 5000,
    trendStats: ['p(99)'],
    staleMarkers: false,
    headers: {},
    insecureSkipTLSVerify: false,
    tlsMinVersion: 'TLSv1.3',
    timeoutMs: 5000,
  };
  const url = get('SERVER_URL');
  if (url !== undefined) cfg.serverURL = url;
  const pi = get('PUSH_INTERVAL');
  if (pi !== undefined) {
    try {
      cfg.pushIntervalMs = parseGoDuration(pi);
    } catch (e) {
      throw new Error(
        `parse environment variables options failed: K6_PROMETHEUS_RW_PUSH_INTERVAL: ${(e as Error).message}`,
      );
    }
    if (!(cfg.pushIntervalMs > 0))
      throw new Error(`K6_PROMETHEUS_RW_PUSH_INTERVAL must be a positive duration, got ${JSON.stringify(pi)}`);
  }
  const ts = get('TREND_STATS');
  if (ts !== undefined && ts !== '') cfg.trendStats = ts.split(',');
  const sm = get('STALE_MARKERS');
  if (sm !== undefined) cfg.staleMarkers = parseBool('K6_PROMETHEUS_RW_STALE_MARKERS', sm);
  const ins = get('INSECURE_SKIP_TLS_VERIFY');
  if (ins !== undefined) cfg.insecureSkipTLSVerify = parseBool('K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY', ins);
  if (get('TLS_MINIMUM_VERSION') === '1.2') cfg.tlsMinVersion = 'TLSv1.2';
  cfg.username = get('USERNAME');
  cfg.password = get('PASSWORD');
  cfg.bearerToken = get('BEARER_TOKEN');
  cfg.clientCertificate = get('CLIENT_CERTIFICATE');
  cfg.clientCertificateKey = get('CLIENT_CERTIFICATE_KEY');
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('K6_PROMETHEUS_RW_HEADERS_') && v !== undefined)
      cfg.headers[k.slice('K6_PROMETHEUS_RW_HEADERS_'.length)] = v;
  }
  const hh = get('HTTP_HEADERS');
  if (hh !== undefined) {
    for (const pair of hh.split(',')) {
      const parts = pair.split(':');
      if (parts.length !== 2) {
        throw new Error(
          `parse environment variables options failed: the provided header (${pair}) does not respect the expected format <header key>:<value>`,
        );
      }
      cfg.headers[parts[0]] = parts[1];
    }
  }
  const sigv4 = ['SIGV4_REGION', 'SIGV4_ACCESS_KEY', 'SIGV4_SECRET_KEY'].filter((k) => (get(k) ?? '').trim() !== '');
  if (sigv4.length > 0) {
    throw new Error(
      `experimental-prometheus-rw: AWS SigV4 signing (K6_PROMETHEUS_RW_${sigv4[0]}) is not supported by the cdc-chaos runtime`,
    );
  }
  const nh = get('TREND_AS_NATIVE_HISTOGRAM');
  if (
    (nh !== undefined && parseBool('K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM', nh)) ||
    /(^|,)native-histograms(,|$)/.test(env.K6_FEATURES ?? '')
  ) {
    throw new Error(
      'experimental-prometheus-rw: trends as native histograms are not supported by the cdc-chaos runtime',
    );
  }
  for (const stat of cfg.trendStats) {
    if (stat === 'sum') continue;
    try {
      trendStatResolver(stat);
    } catch (e) {
      throw new Error(`experimental-prometheus-rw: K6_PROMETHEUS_RW_TREND_STATS: ${(e as Error).message}`);
    }
  }
  return cfg;
}

/** `p(99)` → `p99`, `p(99.9)` → `p999`, others unchanged (k6 setTrendStatsResolver). */
export function trendStatSuffix(stat: string): string {
  return stat.startsWith('p(') ? `p${stat.slice(2, -1).replaceAll('.', '')}` : stat;
}

interface Series {
  metric: string;
  type: MetricType;
  contains: Contains;
  labels: PbLabel[];
  sink: AnySink;
  /** last pushed/considered ms-truncated time */
  latest: number;
}

export class PrometheusRWOutput implements Output {
  readonly description: string;
  readonly config: PrometheusRWConfig;
  private readonly engine: MetricsEngine;
  private readonly log: NonNullable<OutputContext['log']>;
  private readonly tsdb = new Map<string, Series>();
  private readonly trendStats: { suffix: string; fn: (s: TrendSink) => number }[];
  private buffer: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private inflight: Promise<void> = Promise.resolve();
  private readonly warnedUnknown = new Set<string>();
  /** counts for tests/diagnostics */
  readonly stats = { pushes: 0, failures: 0, seriesPushed: 0 };

  constructor(env: Record<string, string | undefined>, ctx: OutputContext = {}) {
    this.config = configFromEnv(env);
    this.description = `Prometheus remote write (${this.config.serverURL})`;
    this.engine = ctx.engine ?? new MetricsEngine();
    this.log = ctx.log ?? defaultLog;
    this.trendStats = this.config.trendStats.map((stat) => ({
      suffix: trendStatSuffix(stat),
      fn: stat === 'sum' ? (s: TrendSink) => s.sum : trendStatResolver(stat),
    }));
    new URL(this.config.serverURL); // throws on an invalid URL before the test starts
  }

  start(): void {
    this.timer = setInterval(() => {
      this.inflight = this.inflight.then(() => this.flush());
    }, this.config.pushIntervalMs);
    this.timer.unref();
  }

  addSamples(samples: Sample[]): void {
    for (const s of samples) this.buffer.push(s);
  }

  /** Aggregates the buffered samples and returns the series to push (k6 convertToPbSeries). */
  collect(): PbTimeSeries[] {
    const samples = this.buffer;
    this.buffer = [];
    const seen = new Set<Series>();
    for (const s of samples) {
      const key = seriesKey(s);
      let series = this.tsdb.get(key);
      const t = Math.floor(s.time);
      if (!series) {
        const info = this.engine.metricType(s.metric);
        if (!info) {
          if (!this.warnedUnknown.has(s.metric)) {
            this.warnedUnknown.add(s.metric);
            this.log(
              'warn',
              `prometheus remote write: metric '${s.metric}' was never declared; its samples are dropped`,
            );
          }
          continue;
        }
        series = {
          metric: s.metric,
          type: info.type,
          contains: info.contains,
          labels: labelsOf(s.tags),
          sink: newSink(info.type),
          latest: t,
        };
        this.tsdb.set(key, series);
        seen.add(series);
      } else if (t > series.latest) {
        series.latest = t;
        seen.add(series);
      }
      series.sink.add(s.value);
    }
    const out: PbTimeSeries[] = [];
    for (const series of seen) out.push(...this.mapSeries(series));
    return out;
  }

  private mapSeries(series: Series): PbTimeSeries[] {
    const name = `k6_${series.metric}`;
    const mono = (suffix: string, value: number): PbTimeSeries => ({
      labels: withName(series.labels, suffix ? `${name}_${suffix}` : name),
      samples: [{ value, timestamp: series.latest }],
    });
    const sink = series.sink;
    if (sink instanceof CounterSink) return [mono('total', sink.value)];
    if (sink instanceof GaugeSink) return [mono('', sink.value)];
    if (sink instanceof RateSink) return [mono('rate', sink.rate())];
    const div = series.contains === 'time' ? 1000 : 1;
    return this.trendStats.map(({ suffix, fn }) => mono(suffix, fn(sink) / div));
  }

  /** Every series ever pushed, with Prometheus' StaleNaN at now+1ms (k6 staleMarkers). */
  staleMarkers(now = Date.now()): PbTimeSeries[] {
    const ts = Math.floor(now) + 1;
    const out: PbTimeSeries[] = [];
    for (const series of this.tsdb.values()) {
      for (const s of this.mapSeries(series)) {
        s.samples = [{ value: NaN, timestamp: ts, stale: true }];
        out.push(s);
      }
    }
    return out;
  }

  async flush(): Promise<void> {
    const series = this.collect();
    if (series.length === 0) return;
    try {
      await this.store(series);
      this.stats.seriesPushed += series.length;
    } catch (e) {
      this.stats.failures++;
      this.log('error', `Failed to send the time series data to the endpoint: ${(e as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.inflight;
    await this.flush();
    if (!this.config.staleMarkers) return;
    const stale = this.staleMarkers();
    if (stale.length === 0) return;
    try {
      await this.store(stale);
    } catch (e) {
      this.stats.failures++;
      this.log('error', `marking time series as stale failed: ${(e as Error).message}`);
    }
  }

  /** POSTs one snappy-compressed WriteRequest (k6 remote.WriteClient.Store). */
  store(series: PbTimeSeries[]): Promise<void> {
    const body = Buffer.from(compress(encodeWriteRequest(series)));
    const cfg = this.config;
    const url = new URL(cfg.serverURL);
    const headers: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(cfg.headers)) headers[k] = v;
    if (cfg.username !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${cfg.username}:${cfg.password ?? ''}`).toString('base64')}`;
    }
    if (cfg.bearerToken) headers.Authorization = `Bearer ${cfg.bearerToken}`;
    headers['Content-Encoding'] = 'snappy';
    headers['Content-Type'] = 'application/x-protobuf';
    headers['User-Agent'] = 'k6-prometheus-rw-output';
    headers['X-Prometheus-Remote-Write-Version'] = '0.1.0';
    headers['Content-Length'] = body.length;
    const isHttps = url.protocol === 'https:';
    const tlsOpts: https.RequestOptions = isHttps
      ? {
          rejectUnauthorized: !cfg.insecureSkipTLSVerify,
          minVersion: cfg.tlsMinVersion,
          ...(cfg.clientCertificate && cfg.clientCertificateKey
            ? { cert: readFileSync(cfg.clientCertificate), key: readFileSync(cfg.clientCertificateKey) }
            : {}),
        }
      : {};
    this.stats.pushes++;
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(
        url,
        { method: 'POST', headers, timeout: cfg.timeoutMs, ...tlsOpts },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else
              reject(
                new Error(
                  `server returned HTTP status ${res.statusCode} ${res.statusMessage ?? ''}: ${Buffer.concat(chunks).toString().trim()}`,
                ),
              );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`context deadline exceeded (timeout ${cfg.timeoutMs} ms)`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function seriesKey(s: Sample): string {
  const keys = Object.keys(s.tags).sort();
  let key = s.metric;
  for (const k of keys) {
    const v = s.tags[k];
    if (v === '' || NON_INDEXABLE.has(k)) continue;
    key += `\u0000${k}\u0001${v}`;
  }
  return key;
}

function labelsOf(tags: Record<string, string>): PbLabel[] {
  const labels: PbLabel[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (k === '' || v === '' || v === undefined || NON_INDEXABLE.has(k)) continue;
    labels.push({ name: k, value: String(v) });
  }
  return labels;
}

function withName(labels: PbLabel[], name: string): PbLabel[] {
  const out = [...labels, { name: '__name__', value: name }];
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}
