// constant-arrival-rate with too few VUs: unstarted iterations become dropped_iterations.
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';
export const options = {
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration: '2s',
      preAllocatedVUs: 1,
      maxVUs: 1,
      tags: { model: 'open' },
    },
  },
  thresholds: { 'dropped_iterations{model:open}': ['count>0'] },
};
export default function () {
  sleep(0.5);
}
