// sleep() blocks only its own VU: while VU 1 sleeps through the whole test, VU 2 keeps iterating.
import { sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const vu2 = new Counter('vu2_iterations');
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '0s' } } };
export default function () {
  if (exec.vu.idInTest === 1) sleep(10);
  else {
    vu2.add(1);
    sleep(0.01);
  }
}
