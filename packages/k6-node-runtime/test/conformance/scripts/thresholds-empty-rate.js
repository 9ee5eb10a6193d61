// An empty Rate has no `rate` value: its threshold passes (k6 thresholds doc / metrics/thresholds.go).
import { Rate, Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
new Rate('never_added');
new Counter('never_counted');
export const options = {
  iterations: 1,
  thresholds: { never_added: ['rate>0.99'], never_counted: ['count==0'], iterations: ['count==1'] },
};
export default function () {}
