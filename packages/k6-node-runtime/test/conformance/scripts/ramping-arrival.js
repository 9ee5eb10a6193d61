export { handleSummary } from './_summary.js';
export const options = {
  scenarios: {
    r: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: 2,
      maxVUs: 4,
      stages: [{ duration: '2s', target: 20 }],
    },
  },
};
export default function () {}
