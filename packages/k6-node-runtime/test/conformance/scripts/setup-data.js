// setup() data is JSON-encoded once; each VU decodes it once and reuses (and may mutate) it.
import exec from 'k6/execution';
export { handleSummary } from './_summary.js';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 3 } } };
export function setup() {
  return { seen: [], when: new Date(0) };
}
export default function (data) {
  data.seen.push(exec.vu.idInTest);
  console.log(`RESULT ${JSON.stringify({ vu: exec.vu.idInTest, seen: data.seen, when: data.when })}`);
}
export function teardown(data) {
  console.log(`RESULT ${JSON.stringify({ teardown: data.seen })}`);
}
