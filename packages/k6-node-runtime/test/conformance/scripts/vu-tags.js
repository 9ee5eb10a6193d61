// Tag precedence: options.tags < scenario tags < exec.vu.metrics.tags < group < call tags.
import exec from 'k6/execution';
import { group } from 'k6';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const c = new Counter('tagged');
export const options = {
  tags: { layer: 'test', t: 'test' },
  scenarios: {
    s: { executor: 'per-vu-iterations', vus: 1, iterations: 1, tags: { layer: 'scenario', s: 'scenario' } },
  },
  thresholds: {
    'tagged{layer:test}': ['count==0'],
    'tagged{layer:scenario}': ['count==1'],
    'tagged{layer:vu}': ['count==1'],
    'tagged{layer:call}': ['count==1'],
    'tagged{t:test,s:scenario,v:vu}': ['count==2'],
    'tagged{group:::g}': ['count==1'],
  },
};
export default function () {
  c.add(1); // scenario layer
  exec.vu.metrics.tags.layer = 'vu';
  exec.vu.metrics.tags.v = 'vu';
  group('g', () => c.add(1)); // vu layer, group ::g
  c.add(1, { layer: 'call' });
}
