import exec from 'k6/execution';
let initErr = 'no error';
try {
  exec.vu.idInTest;
} catch (e) {
  initErr = e.message;
}
export const options = { vus: 2, iterations: 4 };
export function setup() {
  let scenarioErr = 'no error';
  try {
    exec.scenario.name;
  } catch (e) {
    scenarioErr = e.message;
  }
  console.log(`RESULT ${JSON.stringify({ setupVU: __VU, scenarioErr })}`);
}
export default function () {
  console.log(
    `RESULT ${JSON.stringify({
      initErr,
      vu: __VU,
      idInTest: exec.vu.idInTest,
      iter: __ITER,
      env: __ENV.MY_VAR,
      scenario: exec.scenario.name,
      executor: exec.scenario.executor,
      opts: exec.test.options.scenarios.default.executor,
      started: exec.scenario.startTime > 0,
    })}`,
  );
}
