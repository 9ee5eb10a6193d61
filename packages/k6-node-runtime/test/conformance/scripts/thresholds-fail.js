import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const c = new Counter('things');
export const options = { iterations: 3, thresholds: { things: ['count<2'] } };
export default function () {
  c.add(1);
}
