// Runs until interrupted; announces itself so the test knows when to send the signal.
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';
export const options = { vus: 2, duration: '60s' };
let announced = false;
export default function () {
  if (!announced && __VU === 1) {
    announced = true;
    console.log('RESULT "running"');
  }
  sleep(0.05);
}
export function teardown() {
  console.log('RESULT "teardown ran"');
}
