// `k6/execution` — k6 internal/js/modules/k6/execution/execution.go. Each of vu, scenario,
// instance and test is built on access (k6's accessor properties), so reading `exec.vu` in the
// init context already throws; their properties are getters evaluated on access.
import {
  getPhase,
  vu as vuId,
  vuInTest,
  iterations,
  currentScenario,
  testOptions,
  vuTagsView,
  vuMetadataView,
} from '../vu/state.js';
import { userTagValue, userMetadataValue } from '../vu/user-tags.js';
import {
  abortTest,
  markFailed,
  globalCells,
  testStartTime,
  G_COMPLETED,
  G_INTERRUPTED,
  G_VUS_ACTIVE,
  G_VUS_INIT,
} from '../vu/control.js';
import { goError } from './go-error.js';
import { optionsObject } from '../executors/options-object.js';

const inInit = (): boolean => getPhase() === 'init';
const nullish = (v: unknown): v is null | undefined => v === undefined || v === null;

function getters(props: Record<string, () => unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, get] of Object.entries(props))
    Object.defineProperty(o, k, { enumerable: true, configurable: false, get });
  return o;
}

type View = ReturnType<typeof vuTagsView>;

/** k6's dynamic object over the VU's tags/metadata: a refused value is a TypeError, as in k6. */
function dynamicObject(view: View, check: (k: string, v: unknown) => string): Record<string, string> {
  return new Proxy(Object.create(null) as Record<string, string>, {
    get: (_t, k) => (typeof k === 'string' ? view.get(k) : undefined),
    has: (_t, k) => typeof k === 'string' && view.get(k) !== undefined,
    set: (_t, k, v) => {
      if (typeof k !== 'string') return false;
      let s: string;
      try {
        s = check(k, v);
      } catch (e) {
        throw new TypeError((e as Error).message);
      }
      view.set(k, s);
      return true;
    },
    deleteProperty: (_t, k) => {
      if (typeof k === 'string') view.delete(k);
      return true;
    },
    ownKeys: () => view.keys(),
    getOwnPropertyDescriptor: (_t, k) => {
      const v = typeof k === 'string' ? view.get(k) : undefined;
      return v === undefined ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
    },
  });
}

function vuInfo(): Record<string, unknown> {
  if (inInit()) throw goError('getting VU information in the init context is not supported');
  const tags = dynamicObject(vuTagsView(), userTagValue);
  const o = getters({
    idInInstance: () => vuId(),
    idInTest: () => vuInTest(),
    iterationInInstance: () => iterations().inInstance,
    iterationInScenario: () => iterations().inScenario,
  });
  o.tags = tags; // kept by k6 for backwards compatibility; same object as metrics.tags
  o.metrics = getters({ tags: () => tags, metadata: () => dynamicObject(vuMetadataView(), userMetadataValue) });
  return o;
}

const outsideVU = 'getting scenario information outside of the VU context is not supported';
function scenarioState() {
  const s = currentScenario();
  if (!s) throw goError(outsideVU);
  return s;
}

function scenarioInfo(): Record<string, unknown> {
  if (inInit()) throw goError(outsideVU);
  return getters({
    name: () => scenarioState().name,
    executor: () => scenarioState().executor,
    startTime: () => scenarioState().startTime,
    progress: () => scenarioState().progress(),
    iterationInInstance: () => scenarioState().iterationInInstance,
    iterationInTest: () => scenarioState().iterationInTest,
  });
}

const g = (cell: number): number => {
  const c = globalCells();
  return c ? Atomics.load(c, cell) : 0;
};

function instanceInfo(): Record<string, unknown> {
  if (inInit()) throw goError('getting instance information in the init context is not supported');
  return getters({
    iterationsCompleted: () => g(G_COMPLETED),
    iterationsInterrupted: () => g(G_INTERRUPTED),
    vusActive: () => g(G_VUS_ACTIVE),
    vusInitialized: () => g(G_VUS_INIT),
    currentTestRunDuration: () => {
      const t = testStartTime();
      return t ? Date.now() - t : 0;
    },
  });
}

/** k6 common.FreezeObject: every nested object and array too. */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function testInfo(): Record<string, unknown> {
  let options: unknown; // built on first read, then kept for this exec.test object only, as k6 does
  return getters({
    abort: () => (msg?: unknown) => abortTest(nullish(msg) ? undefined : String(msg)),
    fail: () => (msg?: unknown) => {
      if (inInit()) throw goError('execution.test.fail() called outside of VU context');
      markFailed(nullish(msg) ? undefined : String(msg));
    },
    options: () => {
      if (inInit()) throw goError('getting test options in the init context is not supported');
      return (options ??= deepFreeze(optionsObject(testOptions() ?? {})));
    },
  });
}

const exec = Object.defineProperties(
  {},
  {
    instance: { enumerable: true, get: instanceInfo },
    scenario: { enumerable: true, get: scenarioInfo },
    test: { enumerable: true, get: testInfo },
    vu: { enumerable: true, get: vuInfo },
  },
);

/**
 * Named imports: ESM bindings cannot be getters, so each forwards every use to a freshly built
 * object (k6 resolves a named import of this module through the default object on each access).
 */
function forward(build: () => Record<string, unknown>): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get: (_t, k) => Reflect.get(build(), k),
      set: (_t, k, v) => Reflect.set(build(), k, v),
      has: (_t, k) => Reflect.has(build(), k),
      ownKeys: () => Reflect.ownKeys(build()),
      getOwnPropertyDescriptor: (_t, k) => {
        const d = Reflect.getOwnPropertyDescriptor(build(), k);
        return d && { ...d, configurable: true };
      },
    },
  );
}

export const vu = forward(vuInfo);
export const scenario = forward(scenarioInfo);
export const instance = forward(instanceInfo);
export const test = forward(testInfo);
export default exec;
