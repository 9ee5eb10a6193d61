// Bench — the metrics engine alone, no stack: throughput of MetricsEngine.addSamples (goal: ≥ 1M samples/s
// for simple cases) and the end-of-test threshold evaluation over what it took. Each round feeds a fresh
// engine the same batch, so rounds are alike. Run: npm run build && node out/bench/metrics.js (BENCH_ROUNDS)
import { MetricsEngine } from 'k6-node-runtime/metrics/engine.js';
import type { Sample } from 'k6-node-runtime/metrics/types.js';
import { isEntry, standalone } from './lib/main.js';
import { type Section } from './lib/results.js';
import { alternate, median, spreadText } from './lib/rounds.js';
import { fmt } from './lib/stats.js';

const SAMPLES = 1_000_000;
const GOAL_PER_SEC = 1e6;

/** Built-in-shaped samples: six metrics, one check tag, every third in a group. */
function batch(n: number): Sample[] {
  const out: Sample[] = [];
  const names = ['iterations', 'iteration_duration', 'checks', 'http_req_duration', 'http_reqs', 'data_sent'];
  for (let i = 0; i < n; i++) {
    const metric = names[i % names.length];
    out.push({
      metric,
      time: Date.now(),
      value: metric === 'checks' ? i % 2 : (i % 997) + 0.5,
      tags: {
        scenario: 'default',
        group: i % 3 === 0 ? '::g' : '',
        status: '200',
        expected_response: 'true',
        ...(metric === 'checks' ? { check: `c${i % 4}` } : {}),
      },
    });
  }
  return out;
}

/** A sub-metric threshold and the expected_response sub-metric: what a bundle's thresholds make the engine do. */
function engine(): MetricsEngine {
  const e = new MetricsEngine({
    thresholds: {
      http_req_duration: ['p(95)<500'],
      'http_req_duration{status:200}': ['p(99)<900'],
      checks: ['rate>0.4'],
    },
  });
  e.validateThresholds();
  return e;
}

export async function metricsBench(): Promise<Section> {
  const samples = batch(SAMPLES);
  engine().addSamples(samples.slice(0, 10_000)); // warm-up: JIT, not measured
  let fed = engine(); // the engine this round's addSamples fed, which its evaluation then judges
  const t = await alternate({
    add: () => {
      fed = engine();
      const t0 = performance.now();
      fed.addSamples(samples);
      return Promise.resolve(SAMPLES / ((performance.now() - t0) / 1000));
    },
    evaluate: () => {
      const t0 = performance.now();
      fed.evaluate(60_000, true);
      return Promise.resolve(performance.now() - t0);
    },
  });
  const perSec = (v: number) => `${fmt(v / 1e6, 2)}M samples/s`;
  return {
    id: 'metrics',
    title: 'Metrics engine',
    at: new Date().toISOString(),
    rows: [
      {
        measure: `addSamples, ${SAMPLES.toLocaleString('en-US')} samples into a fresh engine`,
        value: spreadText(t.add, perSec),
        goal: '≥ 1M samples/s',
        met: median(t.add) >= GOAL_PER_SEC,
      },
      {
        measure: `final threshold evaluation over those ${SAMPLES.toLocaleString('en-US')} samples`,
        value: spreadText(t.evaluate, (v) => `${fmt(v, 0)} ms`),
      },
    ],
    notes: [
      `Each round: a fresh engine with 3 thresholds (one on a tag sub-metric) takes the same ${SAMPLES.toLocaleString('en-US')} samples of six built-in metrics in one addSamples call, then evaluates its thresholds as at the end of a test (trends sorted for their percentiles). In process, no stack.`,
    ],
    reproduce: 'npm run build && node out/bench/metrics.js',
  };
}

if (isEntry(import.meta.url)) await standalone(metricsBench);
