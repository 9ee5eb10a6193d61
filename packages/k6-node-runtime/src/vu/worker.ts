// A VU worker: its own realm and module graph (k6: one JS runtime per VU). Runs the bundle's
// init code, then, by mode: reports options, runs setup/teardown/handleSummary once, or runs
// iterations on main's commands.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, isAbsolute } from 'node:path';
import { attachBridge } from '../bridge/client.js';
import * as state from './state.js';
import {
  attachControl,
  isTestAbort,
  ctrlCells,
  globalCells,
  C_STOP,
  C_ACTIVE,
  C_BUSY,
  C_STARTED,
  C_PENDING,
  MAX_PENDING_BATCHES,
  G_COMPLETED,
  G_ABORTED,
} from './control.js';
import { installTimerGlobals, drainTimers, pendingTimers } from './timers.js';
import { installConsole, setupConsole, log, setLogFields } from './console.js';
import type { VuWorkerData, MainToVu, ScenarioRun, LoopKind } from './protocol.js';
import { goError } from '../modules/go-error.js';
import { goString } from '../modules/go-convert.js';
import { stripedIndex } from '../executors/execution-segment.js';

process.setSourceMapsEnabled(true); // stacks point at the user's script, not the temp bundle
const wd = workerData as VuWorkerData;
const port = parentPort!;
const post = (m: unknown, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
const pendingCells = wd.ctrl ? new Int32Array(wd.ctrl) : undefined;
/** Sample batches count against C_PENDING; past the limit this VU waits for main (bounded backlog). */
const postState = (m: unknown, transfer?: ArrayBuffer[]): void => {
  port.postMessage(m, transfer);
  if (!pendingCells || (m as { type?: string }).type !== 'samples') return;
  let n = Atomics.add(pendingCells, C_PENDING, 1) + 1;
  // Each wait is bounded (100 ms); main decrements after absorbing a batch.
  while (n > MAX_PENDING_BATCHES) {
    Atomics.wait(pendingCells, C_PENDING, n, 100);
    n = Atomics.load(pendingCells, C_PENDING);
  }
};

// Before blocking on I/O, ship samples older than 50 ms (not every call: that would undo batching).
attachBridge(wd.endpoint, { beforeBlock: state.maybeFlushSamples, requestIo: () => post({ type: 'needIo' }) });
attachControl({ ctrl: wd.ctrl, global: wd.global, testStart: wd.testStart });
state.configure({
  sink: { post: postState },
  vu: wd.vu,
  vuIdInTest: wd.vuIdInTest,
  testTags: wd.testTags,
  throw: wd.throwErrors,
  options: wd.options ?? null,
});
setupConsole(wd.log);
installGlobals();

function installGlobals(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  installConsole(g as { console: unknown });
  installTimerGlobals(g);
  // k6's "extended" mode (the default) aliases globalThis as `global`, as Node does; "base" has none
  if (wd.compatibilityMode === 'base') delete g.global;
  g.__ENV = { ...wd.env };
  g.__VU = wd.vu;
  Object.defineProperty(g, '__ITER', { configurable: true, get: () => state.iterations().inInstance });
  g.open = openFile;
}

/** k6's open() (internal/js/bundle.go, initcontext.go): init only, file:// allowed, no directories. */
function openFile(path?: unknown, mode?: unknown): string | ArrayBuffer {
  if (!state.inInit()) {
    throw goError(
      'the "open" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information',
    );
  }
  const p = goString(path).replace(/^file:\/\//, '');
  if (goString(path) === '') throw goError("open() can't be used with an empty filename");
  const full = isAbsolute(p) ? p : resolve(dirname(wd.scriptPath), p);
  let buf: Buffer;
  try {
    if (statSync(full).isDirectory())
      throw goError(`open() can't be used with directories, path: ${JSON.stringify(full)}`);
    buf = readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw goError(`open ${full}: no such file or directory`);
    if (code === 'EACCES') throw goError(`open ${full}: permission denied`);
    throw e;
  }
  if (goString(mode) === 'b') return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return buf.toString('utf8');
}

/** Stack without this runtime's own frames: the user's code is what matters (k6 shows JS frames only). */
function trimStack(stack: string): string {
  // out/vu → the package's root; frames may point at out/ or (via source maps) at src/
  const rootPath = new URL('../../', import.meta.url).pathname;
  const ours = [`${rootPath}out/`, `${rootPath}src/`, 'node:internal'];
  return stack
    .split('\n')
    .filter((l) => !(l.trimStart().startsWith('at ') && ours.some((o) => l.includes(o) || l.includes(`file://${o}`))))
    .join('\n');
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.stack ? trimStack(e.stack) : `${e.name}: ${e.message}`;
  if (typeof e === 'object' && e !== null) {
    try {
      return JSON.stringify(e);
    } catch {
      /* fall through */
    }
  }
  return String(e);
}

process.on('unhandledRejection', (e) => {
  if (isTestAbort(e)) return;
  log('error', `Uncaught (in promise) ${errorText(e)}`, { source: 'stacktrace' });
});

type Mod = Record<string, unknown>;

/** What a script function returned: awaited only if it is a promise (or any thenable), as k6 does. */
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  Boolean(v) && typeof (v as { then?: unknown }).then === 'function';
let mod: Mod;

async function callLifecycle(fn: unknown, arg?: unknown): Promise<unknown> {
  let r = (fn as (a?: unknown) => unknown)(arg);
  if (isThenable(r)) r = await r;
  if (pendingTimers() > 0) await drainTimers();
  return r;
}

async function main(): Promise<void> {
  state.setPhase('init');
  try {
    mod = (await import(wd.bundleUrl)) as Mod;
    // A CommonJS script (exports.default = ..., exports.options = ...) arrives as one default
    // export holding module.exports: use that object as the module's exports.
    const keys = Object.keys(mod);
    if (keys.length === 1 && keys[0] === 'default' && mod.default && typeof mod.default === 'object')
      mod = mod.default as Mod;
  } catch (e) {
    if (isTestAbort(e)) return void post({ type: 'abort', reason: (e as Error).message });
    state.flushSamples();
    return void post({ type: 'initError', message: errorText(e) });
  }
  switch (wd.mode) {
    case 'options': {
      const exports: Record<string, string> = {};
      for (const k of Object.keys(mod)) exports[k] = typeof mod[k];
      let options: unknown = mod.options;
      try {
        options = options === undefined ? undefined : JSON.parse(JSON.stringify(options));
      } catch (e) {
        return void post({ type: 'initError', message: `options cannot be encoded as JSON: ${errorText(e)}` });
      }
      state.flushSamples();
      return void post({ type: 'options', options, exports });
    }
    case 'setup':
    case 'teardown':
    case 'summary':
      return runOnce();
    case 'vu':
      port.on('message', (m: MainToVu) => void onCommand(m));
      state.flushSamples();
      return void post({ type: 'ready' });
  }
}

async function runOnce(): Promise<void> {
  state.setPhase(wd.mode === 'summary' ? 'summary' : wd.mode === 'setup' ? 'setup' : 'teardown');
  setLogFields({});
  try {
    if (wd.mode === 'setup') {
      const r = await callLifecycle(mod.setup);
      let json: string | undefined;
      if (r !== undefined) {
        try {
          json = JSON.stringify(r);
        } catch (e) {
          throw new Error(`error marshaling setup() data to JSON: ${(e as Error).message}`);
        }
      }
      state.flushSamples();
      post({ type: 'result', value: json });
    } else if (wd.mode === 'teardown') {
      await callLifecycle(mod.teardown, wd.setupJson === undefined ? undefined : JSON.parse(wd.setupJson));
      state.flushSamples();
      post({ type: 'result', value: undefined });
    } else {
      const r = await callLifecycle(mod.handleSummary, wd.summaryData);
      post({ type: 'result', value: r });
    }
  } catch (e) {
    state.flushSamples();
    if (isTestAbort(e)) return void post({ type: 'abort', reason: (e as Error).message });
    post({ type: 'error', message: errorText(e) });
  }
}

// ---------------- iterations ----------------
let setupJson: string | undefined;
let setupData: unknown;
let setupDecoded = false;
let current: ScenarioRun | undefined;
let execFn: ((data: unknown) => unknown) | undefined;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function data(): unknown {
  // k6: each VU decodes setup() data once and reuses (and may mutate) that object.
  if (!setupDecoded) {
    setupData = setupJson === undefined ? undefined : JSON.parse(setupJson);
    setupDecoded = true;
  }
  return setupData;
}

function enter(s: ScenarioRun): void {
  current = s;
  const fn = mod[s.exec];
  if (typeof fn !== 'function') throw new Error(`function '${s.exec}' not found in exports`);
  execFn = fn as (d: unknown) => unknown;
  const env = (globalThis as unknown as { __ENV: Record<string, string> }).__ENV;
  for (const k of Object.keys(env)) delete env[k];
  Object.assign(env, wd.env, s.env);
  const counter = new Int32Array(s.counter);
  state.setScenario({
    name: s.name,
    executor: s.executor,
    startTime: s.startTime,
    tags: s.tags,
    iterationInTest: 0,
    iterationInInstance: 0,
    progress: () => {
      if (s.durationMs) return Math.min(1, Math.max(0, (Date.now() - s.startTime) / s.durationMs));
      if (s.totalIterations) return Math.min(1, Atomics.load(counter, 0) / s.totalIterations);
      return 0;
    },
  });
  state.setPhase('run');
  setLogFields({});
}

/** One iteration, the scenario's `inInstance`-th in this instance; returns false when the test was aborted from inside it. */
async function iteration(inInstance: number): Promise<boolean> {
  const ctrl = ctrlCells();
  if (ctrl) {
    Atomics.store(ctrl, C_BUSY, 1);
    Atomics.add(ctrl, C_STARTED, 1);
  }
  state.beginIteration(stripedIndex(current!.stripe, inInstance), inInstance);
  const start = performance.now();
  const startEpoch = Date.now();
  let aborted = false;
  try {
    const r = execFn!(data());
    if (isThenable(r)) await r;
    if (pendingTimers() > 0) await drainTimers();
  } catch (e) {
    if (isTestAbort(e)) aborted = true;
    else log('error', errorText(e), { executor: current!.executor, scenario: current!.name, source: 'stacktrace' });
  }
  if (aborted) {
    state.endIteration();
    state.flushSamples();
    return false;
  }
  const minMs = wd.minIterationDurationMs ?? 0;
  let took = performance.now() - start;
  if (minMs > took) {
    state.flushSamples();
    Atomics.wait(sleepCell, 0, 0, minMs - took);
    took = performance.now() - start;
  }
  state.endIteration();
  state.emit('iteration_duration', took, undefined, startEpoch + took);
  state.emit('iterations', 1, undefined, startEpoch + took);
  const g = globalCells();
  if (g) Atomics.add(g, G_COMPLETED, 1);
  if (ctrl) Atomics.store(ctrl, C_BUSY, 0);
  state.maybeFlushSamples();
  return true;
}

function stopped(ctrl: Int32Array): boolean {
  const g = globalCells();
  return Atomics.load(ctrl, C_STOP) === 1 || (g !== undefined && Atomics.load(g, G_ABORTED) === 1);
}

async function loop(kind: LoopKind, s: ScenarioRun, perVu?: number): Promise<void> {
  const ctrl = ctrlCells()!;
  const counter = new Int32Array(s.counter);
  Atomics.store(ctrl, C_STARTED, 0);
  let mine = 0;
  // Bounded by the scenario: main sets C_STOP at its end (and terminates this worker after gracefulStop).
  while (!stopped(ctrl)) {
    if (kind === 'ramping' && Atomics.load(ctrl, C_ACTIVE) === 0) {
      state.flushSamples();
      Atomics.wait(ctrl, C_ACTIVE, 0, 200);
      continue;
    }
    if (kind === 'perVu' && mine >= (perVu ?? 1)) break;
    const idx = Atomics.add(counter, 0, 1);
    if (kind === 'shared' && idx >= (s.totalIterations ?? 1)) break;
    mine++;
    if (!(await iteration(idx))) break;
  }
  state.flushSamples();
}

async function onCommand(m: MainToVu): Promise<void> {
  try {
    switch (m.type) {
      case 'setupData':
        setupJson = m.json;
        setupDecoded = false;
        return;
      case 'loop':
        enter(m.scenario);
        await loop(m.kind, m.scenario, m.iterations);
        return void post({ type: 'loopDone' });
      case 'enter':
        enter(m.scenario);
        return;
      case 'iter':
        await iteration(m.inInstance);
        state.flushSamples(); // main waits for iterDone: ship its samples with it
        return void post({ type: 'iterDone' });
    }
  } catch (e) {
    state.flushSamples();
    post({ type: 'error', message: errorText(e) });
  }
}

void main();
