// Execution segments (segments.test.ts): the scenarios of case __ENV.CASE; every iteration
// reports what k6/execution says about it.
import exec from 'k6/execution';
import { sleep } from 'k6';
export { handleSummary } from './_summary.js';

const CASES = {
  pvu: { p: { executor: 'per-vu-iterations', vus: 10, iterations: 2 } },
  shared: { s: { executor: 'shared-iterations', vus: 5, iterations: 50 } },
  car: {
    c: {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '950ms',
      duration: '1s',
      preAllocatedVUs: 5,
      maxVUs: 5,
    },
  },
  rar: {
    r: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '950ms',
      preAllocatedVUs: 4,
      maxVUs: 5,
      stages: [
        { duration: '1s', target: 20 },
        { duration: '1s', target: 0 },
      ],
    },
  },
  rvus: {
    v: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '600ms', target: 6 },
        { duration: '600ms', target: 6 },
      ],
      gracefulRampDown: '0s',
    },
  },
  zero: {
    zero: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 0, maxVUs: 0 },
    all: { executor: 'shared-iterations', vus: 3, iterations: 3 },
  },
  one: {
    one: { executor: 'per-vu-iterations', vus: 1, iterations: 1 },
    all: { executor: 'shared-iterations', vus: 3, iterations: 3 },
  },
};
export const options = { scenarios: CASES[__ENV.CASE] };

export default function () {
  const o = exec.test.options;
  console.log(
    `RESULT ${JSON.stringify({
      scenario: exec.scenario.name,
      iterInTest: exec.scenario.iterationInTest,
      iterInInstance: exec.scenario.iterationInInstance,
      vu: exec.vu.idInInstance,
      vuInTest: exec.vu.idInTest,
      vusInitialized: exec.instance.vusInitialized,
      segment: o.executionSegment,
      sequence: o.executionSegmentSequence,
    })}`,
  );
  if (__ENV.CASE === 'rvus') sleep(0.2);
}
