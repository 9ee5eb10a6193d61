// Throughput of MetricsEngine.addSamples (goal: ≥ 1M samples/s for simple cases) and of the prometheus-rw
// collect step. Run: npm run build && node out/bench/metrics.js
import { MetricsEngine } from 'k6-node-runtime/metrics/engine.js';
import type { Sample } from 'k6-node-runtime/metrics/types.js';

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

const engine = new MetricsEngine({
  thresholds: {
    http_req_duration: ['p(95)<500'],
    'http_req_duration{status:200}': ['p(99)<900'],
    checks: ['rate>0.4'],
  },
});
engine.validateThresholds();
const samples = batch(1_000_000);
engine.addSamples(samples.slice(0, 10_000)); // warm-up
const rounds = 5;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) engine.addSamples(samples);
const dt = performance.now() - t0;
const perSec = (rounds * samples.length) / (dt / 1000);
const e0 = performance.now();
engine.evaluate(60_000, true);
const evalMs = performance.now() - e0;
console.log(
  `addSamples: ${(perSec / 1e6).toFixed(2)}M samples/s (${rounds}×${samples.length} in ${dt.toFixed(0)} ms, 1 threshold sub-metric + expected_response)`,
);
console.log(
  `final evaluate over ${(rounds * samples.length).toLocaleString()} samples: ${evalMs.toFixed(0)} ms (trend sorts)`,
);
