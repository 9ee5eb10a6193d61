// Pushes through `-o experimental-prometheus-rw` to a REAL Prometheus (Debian's /usr/bin/prometheus with
// --web.enable-remote-write-receiver, temp TSDB) and queries back the series k6 would produce.
// Follows https://grafana.com/docs/k6/latest/results-output/real-time/prometheus-remote-write/ and grafana/k6
// internal/output/prometheusrw/remotewrite/{remotewrite,prometheus,trend}.go (names, labels, units, stale markers).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/lib/free-port.js';
import { MetricsEngine } from 'k6-node-runtime/metrics/engine.js';
import type { Sample } from 'k6-node-runtime/metrics/types.js';
import { createOutputs } from 'k6-node-runtime/outputs/index.js';
import type { PrometheusRWOutput } from 'k6-node-runtime/outputs/prometheus-rw.js';

const PROMETHEUS = '/usr/bin/prometheus';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!existsSync(PROMETHEUS))('experimental-prometheus-rw against a real Prometheus', () => {
  let proc: ChildProcess;
  let dir: string;
  let base: string;
  let logs = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-prom-'));
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    for (let i = 0; i < 300; i++) {
      try {
        const r = await fetch(`${base}/-/ready`);
        if (r.ok) return;
      } catch {
        // not up yet
      }
      if (proc.exitCode !== null) throw new Error(`prometheus exited: ${logs}`);
      await sleep(100);
    }
    throw new Error(`prometheus did not become ready: ${logs}`);
  });

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function query(
    q: string,
    time?: number,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const params = new URLSearchParams({ query: q });
    if (time !== undefined) params.set('time', String(time / 1000));
    const r = await fetch(`${base}/api/v1/query?${params}`);
    const body = (await r.json()) as {
      status: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    expect(body.status).toBe('success');
    return body.data.result;
  }

  it('writes k6 names, labels and cumulative values; trends per stat with time in seconds; stale markers at stop', async () => {
    const engine = new MetricsEngine();
    engine.declare('chaos_fault_active', 'gauge', 'default');
    engine.declare('cdc_lag', 'trend', 'default');
    engine.declare('pg_rows_written', 'counter', 'default');
    engine.validateThresholds();
    const [out] = createOutputs(
      ['experimental-prometheus-rw'],
      {
        K6_PROMETHEUS_RW_SERVER_URL: `${base}/api/v1/write`,
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '1h', // flushed by hand below
        K6_PROMETHEUS_RW_TREND_STATS: 'p(99),p(99.9),avg,min,max,med,count,sum',
        K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
      },
      { engine },
    );
    const rw = out as PrometheusRWOutput;
    rw.start();
    const t0 = Date.now() - 10_000;
    const tags = { scenario: 'load', testid: 'it-1', group: '', vu: '3', iter: '7' };
    const samples: Sample[] = [
      { metric: 'iterations', time: t0, value: 1, tags },
      { metric: 'iterations', time: t0 + 1, value: 1, tags },
      { metric: 'iteration_duration', time: t0, value: 100, tags },
      { metric: 'iteration_duration', time: t0 + 1, value: 300, tags },
      { metric: 'checks', time: t0, value: 1, tags: { ...tags, check: 'row replicated' } },
      { metric: 'checks', time: t0 + 1, value: 0, tags: { ...tags, check: 'row replicated' } },
      { metric: 'checks', time: t0 + 2, value: 1, tags: { ...tags, check: 'row replicated' } },
      {
        metric: 'chaos_fault_active',
        time: t0,
        value: 1,
        tags: { action: 'pause', target: 'cdc-kafka', scenario: 'chaos', testid: 'it-1' },
      },
      { metric: 'cdc_lag', time: t0, value: 40, tags: { scenario: 'verify', testid: 'it-1' } },
      { metric: 'cdc_lag', time: t0 + 1, value: 60, tags: { scenario: 'verify', testid: 'it-1' } },
      { metric: 'data_sent', time: t0, value: 1234, tags: { scenario: 'load', testid: 'it-1' } },
      { metric: 'vus', time: t0, value: 5, tags: { testid: 'it-1' } },
    ];
    rw.addSamples(samples);
    await rw.flush();
    // second flush: only the series with new samples are pushed; values stay cumulative
    rw.addSamples([
      { metric: 'iterations', time: t0 + 5000, value: 1, tags },
      {
        metric: 'chaos_fault_active',
        time: t0 + 5000,
        value: 0,
        tags: { action: 'pause', target: 'cdc-kafka', scenario: 'chaos', testid: 'it-1' },
      },
    ]);
    const second = rw.collect();
    expect(second.map((s) => s.labels.find((l) => l.name === '__name__')!.value).sort()).toEqual([
      'k6_chaos_fault_active',
      'k6_iterations_total',
    ]);
    await rw.store(second);
    expect(rw.stats.failures).toBe(0);

    const at = t0 + 6000;
    const iters = await query('k6_iterations_total', at);
    expect(iters).toHaveLength(1);
    expect(iters[0].value[1]).toBe('3');
    // labels: indexable tags with a value; never vu/iter; no empty group
    expect(iters[0].metric).toEqual({ __name__: 'k6_iterations_total', scenario: 'load', testid: 'it-1' });

    const p99 = await query('k6_iteration_duration_p99', at);
    expect(Number(p99[0].value[1])).toBeCloseTo((100 + (300 - 100) * 0.99) / 1000, 10);
    expect(Number((await query('k6_iteration_duration_p999', at))[0].value[1])).toBeCloseTo(
      (100 + 200 * 0.999) / 1000,
      10,
    );
    expect(Number((await query('k6_iteration_duration_avg', at))[0].value[1])).toBeCloseTo(0.2, 10);
    expect(Number((await query('k6_iteration_duration_min', at))[0].value[1])).toBeCloseTo(0.1, 10);
    expect(Number((await query('k6_iteration_duration_max', at))[0].value[1])).toBeCloseTo(0.3, 10);
    expect(Number((await query('k6_iteration_duration_med', at))[0].value[1])).toBeCloseTo(0.2, 10);
    // k6 quirk: the ms→s division applies to `count` and `sum` of time trends too
    expect(Number((await query('k6_iteration_duration_count', at))[0].value[1])).toBeCloseTo(0.002, 10);
    expect(Number((await query('k6_iteration_duration_sum', at))[0].value[1])).toBeCloseTo(0.4, 10);
    // a non-time trend keeps its unit
    expect(Number((await query('k6_cdc_lag_p99', at))[0].value[1])).toBeCloseTo(59.8, 10);
    expect(Number((await query('k6_cdc_lag_count', at))[0].value[1])).toBe(2);

    const checks = await query('k6_checks_rate', at);
    expect(Number(checks[0].value[1])).toBeCloseTo(2 / 3, 10);
    expect(checks[0].metric.check).toBe('row replicated');

    const fault = await query('k6_chaos_fault_active', at);
    expect(fault).toHaveLength(1);
    expect(fault[0].metric).toEqual({
      __name__: 'k6_chaos_fault_active',
      action: 'pause',
      target: 'cdc-kafka',
      scenario: 'chaos',
      testid: 'it-1',
    });
    expect(fault[0].value[1]).toBe('0');
    expect((await query('k6_chaos_fault_active', t0 + 1000))[0].value[1]).toBe('1');

    expect((await query('k6_data_sent_total', at))[0].value[1]).toBe('1234');
    expect((await query('k6_vus', at))[0].value[1]).toBe('5');

    const after = Date.now() + 1000;
    expect(await query('k6_iterations_total', after)).toHaveLength(1); // still within the 5 min lookback
    // stop(): final flush, then StaleNaN for every series → instant queries after it return nothing
    await rw.stop();
    expect(rw.stats.failures).toBe(0);
    expect(await query('k6_iterations_total', after)).toHaveLength(0);
    expect(await query('k6_chaos_fault_active', after)).toHaveLength(0);
    expect(await query('k6_iteration_duration_p99', after)).toHaveLength(0);
  });
});
