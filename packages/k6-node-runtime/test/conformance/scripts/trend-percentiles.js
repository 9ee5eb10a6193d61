// Trend stats as k6 computes them: sorted values, p(N) by linear interpolation at N/100·(count−1).
import { Trend } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const t = new Trend('values');
export const options = {
  iterations: 1,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99.9)', 'count'],
  thresholds: { values: ['p(90)==9.1', 'med==5.5', 'avg==5.5'] },
};
export default function () {
  for (const v of [10, 3, 1, 7, 2, 9, 4, 8, 6, 5]) t.add(v);
}
