import exec from 'k6/execution';
export { handleSummary } from './_summary.js';
export const options = { scenarios: { p: { executor: 'per-vu-iterations', vus: 4, iterations: 5 } } };
export default function () {
  console.log(`RESULT ${JSON.stringify({ vu: exec.vu.idInTest, iter: exec.vu.iterationInScenario, __ITER })}`);
}
