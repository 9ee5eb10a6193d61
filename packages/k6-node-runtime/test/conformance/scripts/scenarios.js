// Two scenarios: exec, env, tags, startTime; tags reach samples (sub-metric thresholds see them).
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const hits = new Counter('hits');
export const options = {
  tags: { testwide: 'yes' },
  scenarios: {
    first: {
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 2,
      exec: 'one',
      env: { WHO: 'first' },
      tags: { kind: 'a' },
    },
    second: {
      executor: 'shared-iterations',
      vus: 1,
      iterations: 3,
      exec: 'two',
      startTime: '500ms',
      env: { WHO: 'second' },
      tags: { kind: 'b' },
    },
  },
  thresholds: {
    'hits{kind:a}': ['count==2'],
    'hits{kind:b}': ['count==3'],
    'hits{testwide:yes}': ['count==5'],
    'iterations{scenario:second}': ['count==3'],
  },
};
export function one() {
  hits.add(1);
  console.log(
    `RESULT ${JSON.stringify({ fn: 'one', who: __ENV.WHO, scenario: exec.scenario.name, executor: exec.scenario.executor })}`,
  );
}
export function two() {
  hits.add(1);
  console.log(
    `RESULT ${JSON.stringify({ fn: 'two', who: __ENV.WHO, scenario: exec.scenario.name, executor: exec.scenario.executor })}`,
  );
}
