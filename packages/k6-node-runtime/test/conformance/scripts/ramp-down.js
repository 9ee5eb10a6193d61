// gracefulRampDown: a VU removed by the ramp finishes its iteration only within gracefulRampDown;
// the long iteration is interrupted (no iterations sample), the short ones complete.
import { sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const started = new Counter('long_started');
export const options = {
  scenarios: {
    r: {
      executor: 'ramping-vus',
      startVUs: 2,
      stages: [
        { duration: '1s', target: 2 },
        { duration: '0s', target: 1 },
        { duration: '2s', target: 1 },
      ],
      gracefulRampDown: '0s',
      gracefulStop: '0s',
    },
  },
};
export default function () {
  if (exec.vu.idInTest === 2) {
    started.add(1);
    sleep(30);
  } else sleep(0.1);
}
