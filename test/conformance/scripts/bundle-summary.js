// A real experiment bundle's handleSummary on this runtime without the stack: this run's summary data
// (no setup data, so no run records are read) through dist/chaos-mongodb.js's handleSummary; only its
// stdout is kept (its report files are the lead's concern, not this test's).
import { handleSummary as bundleSummary } from '../../../dist/chaos-mongodb.js';

export const options = { iterations: 1, thresholds: { iterations: ['count>0'] } };
export default function () {}
export function handleSummary(data) {
  return { stdout: bundleSummary(data).stdout };
}
