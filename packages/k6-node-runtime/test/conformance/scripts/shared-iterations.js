import exec from 'k6/execution';
export { handleSummary } from './_summary.js';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 17 } } };
export default function () {
  console.log(`RESULT ${JSON.stringify({ i: exec.scenario.iterationInTest, vu: exec.vu.idInTest })}`);
}
