// Run with -d 600h: a duration past Node's 32-bit timer limit (2^31-1 ms) must still be honoured,
// so the test runs until the script aborts it (k6 exit 108), not for a clamped 1 ms.
import exec from 'k6/execution';
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';

export default function () {
  sleep(0.2);
  if (exec.scenario.iterationInTest >= 2) exec.test.abort('three iterations done');
}
