// abortOnFail: thresholds are evaluated every 2 s during the run; the test stops long before 60 s.
import { Counter } from 'k6/metrics';
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';
const errors = new Counter('errors');
export const options = {
  vus: 1,
  duration: '60s',
  thresholds: { errors: [{ threshold: 'count<1', abortOnFail: true }] },
};
export default function () {
  errors.add(1);
  sleep(0.1);
}
export function teardown() {
  console.log('RESULT "teardown ran"');
}
