// Enough VUs: constant-arrival-rate starts rate×duration iterations, none dropped.
export { handleSummary } from './_summary.js';
export const options = {
  scenarios: {
    open: {
      executor: 'constant-arrival-rate',
      rate: 50,
      timeUnit: '1s',
      duration: '1s',
      preAllocatedVUs: 2,
      maxVUs: 5,
    },
  },
};
export default function () {}
