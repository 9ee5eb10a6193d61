// An empty Rate has no `rate` value: its threshold passes (k6 thresholds doc / metrics/thresholds.go).
import { Rate, Counter, Trend } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const never = new Rate('never_added');
const count = new Counter('never_counted');
export const options = { iterations: 1, thresholds: { never_added: ['rate>0.99'], never_counted: ['count==0'], iterations: ['count==1'] } };
export default function () {}
