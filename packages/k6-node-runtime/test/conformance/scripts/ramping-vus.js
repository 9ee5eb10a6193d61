import { sleep } from 'k6';
import exec from 'k6/execution';
export { handleSummary } from './_summary.js';
export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '1s', target: 3 },
        { duration: '1s', target: 3 },
        { duration: '1s', target: 0 },
      ],
      gracefulRampDown: '0s',
    },
  },
};
export default function () {
  console.log(`RESULT ${JSON.stringify({ vu: exec.vu.idInTest })}`);
  sleep(0.1);
}
