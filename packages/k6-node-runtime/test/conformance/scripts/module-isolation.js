// Each VU has its own module instances: module-level state is never shared between VUs.
import exec from 'k6/execution';
import { check } from 'k6';
export { handleSummary } from './_summary.js';
let counter = 0;
const lib = { calls: 0 };
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } };
export default function () {
  counter++;
  lib.calls++;
  check(null, { 'module state is per VU': () => counter === exec.vu.iterationInScenario + 1 && lib.calls === counter });
}
