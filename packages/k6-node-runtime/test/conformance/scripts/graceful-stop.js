// An iteration still running after duration + gracefulStop is interrupted: no iterations /
// iteration_duration sample for it (k6 graceful-stop doc).
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const started = new Counter('started');
export const options = { scenarios: { c: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '0s' } } };
export default function () {
  started.add(1);
  sleep(5);
}
