// Arrival-rate VU allocation: with too few pre-allocated VUs, more are initialized up to maxVUs.
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';
export const options = {
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: 10,
      timeUnit: '1s',
      duration: '3s',
      preAllocatedVUs: 1,
      maxVUs: 4,
    },
  },
};
export default function () {
  sleep(0.3);
}
