// `k6/execution` — k6 internal/js/modules/k6/execution/execution.go. Properties are getters
// evaluated on access; most throw in the init context.
import {
  getPhase,
  vu as vuId,
  iterations,
  currentScenario,
  testOptions,
  vuMetricsTags,
  vuMetricsMetadata,
} from '../vu/state.js';
import { abortTest, markFailed, globalCells, testStartTime, G_COMPLETED, G_INTERRUPTED, G_VUS_ACTIVE, G_VUS_INIT } from '../vu/control.js';

const notInInit = (what: string): void => {
  if (getPhase() === 'init') throw new Error(`getting ${what} information in the init context is not supported`);
};

const vuObj = Object.create(null) as Record<string, unknown>;
Object.defineProperties(vuObj, {
  idInInstance: { enumerable: true, get: () => (notInInit('VU'), vuId()) },
  idInTest: { enumerable: true, get: () => (notInInit('VU'), vuId()) },
  iterationInInstance: { enumerable: true, get: () => (notInInit('VU'), iterations().inInstance) },
  iterationInScenario: { enumerable: true, get: () => (notInInit('VU'), iterations().inScenario) },
  tags: { enumerable: true, get: () => (notInInit('VU'), vuMetricsTags()) },
  metrics: {
    enumerable: true,
    get: () => {
      notInInit('VU');
      return { tags: vuMetricsTags(), metadata: vuMetricsMetadata() };
    },
  },
});

function scenarioOrThrow() {
  const p = getPhase();
  if (p === 'init') throw new Error('getting scenario information in the init context is not supported');
  const s = currentScenario();
  if (!s) throw new Error('getting scenario information outside of the VU context is not supported');
  return s;
}

const scenarioObj = Object.create(null) as Record<string, unknown>;
Object.defineProperties(scenarioObj, {
  name: { enumerable: true, get: () => scenarioOrThrow().name },
  executor: { enumerable: true, get: () => scenarioOrThrow().executor },
  startTime: { enumerable: true, get: () => scenarioOrThrow().startTime },
  progress: { enumerable: true, get: () => scenarioOrThrow().progress() },
  iterationInInstance: { enumerable: true, get: () => scenarioOrThrow().iterationInInstance },
  iterationInTest: { enumerable: true, get: () => scenarioOrThrow().iterationInTest },
});

const g = (cell: number): number => {
  const c = globalCells();
  return c ? Atomics.load(c, cell) : 0;
};
const instanceObj = Object.create(null) as Record<string, unknown>;
Object.defineProperties(instanceObj, {
  iterationsCompleted: { enumerable: true, get: () => (notInInit('instance'), g(G_COMPLETED)) },
  iterationsInterrupted: { enumerable: true, get: () => (notInInit('instance'), g(G_INTERRUPTED)) },
  vusActive: { enumerable: true, get: () => (notInInit('instance'), g(G_VUS_ACTIVE)) },
  vusInitialized: { enumerable: true, get: () => (notInInit('instance'), g(G_VUS_INIT)) },
  currentTestRunDuration: {
    enumerable: true,
    get: () => {
      notInInit('instance');
      const t = testStartTime();
      return t ? Date.now() - t : 0;
    },
  },
});

const testObj = Object.create(null) as Record<string, unknown>;
Object.defineProperties(testObj, {
  abort: { enumerable: true, value: (reason?: string) => abortTest(reason === undefined ? undefined : String(reason)) },
  fail: {
    enumerable: true,
    value: (reason?: string) => {
      if (getPhase() === 'init') throw new Error('calling test.fail() in the init context is not supported');
      markFailed(reason === undefined ? undefined : String(reason));
    },
  },
  options: {
    enumerable: true,
    get: () => {
      if (getPhase() === 'init') throw new Error('getting test options in the init context is not supported');
      return testOptions();
    },
  },
});

export const vu = vuObj;
export const scenario = scenarioObj;
export const instance = instanceObj;
export const test = testObj;
export default { vu, scenario, instance, test };
