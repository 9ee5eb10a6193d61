import exec from 'k6/execution';
export const options = { vus: 2, iterations: 1000 };
export default function () {
  if (exec.scenario.iterationInTest === 5) exec.test.abort('enough');
}
export function teardown() {
  console.log('RESULT "teardown ran"');
}
