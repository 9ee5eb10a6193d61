// Runs this instance's share of one scenario (instance-plan.ts) on VUs from the pool: the six k6
// executors, gracefulStop, gracefulRampDown, dropped_iterations and arrival-rate VU allocation
// (k6 lib/executor/*.go).
import { scenarioVUs, arrivalOffsets, type ScenarioPlan } from './instance-plan.js';
import type { VuPool, PoolVu } from './pool.js';
import { vusAt, stagesTotal } from './schedule.js';
import { C_STOP, C_ACTIVE, C_BUSY, C_STARTED } from '../vu/control.js';
import type { ScenarioRun, LoopKind } from '../vu/protocol.js';
import { setLongTimeout } from '../long-timer.js';

export interface ScenarioProgress {
  name: string;
  executor: string;
  state: 'waiting' | 'running' | 'stopping' | 'done';
  startedAt: number;
  /** set when the scenario is done: freezes its elapsed time on the progress display */
  endedAt?: number;
  /** planned length without gracefulStop (0 = by iterations) */
  plannedMs: number;
  totalIterations: number;
  activeVUs: number;
  maxVUs: number;
  dropped: number;
  counter?: Int32Array;
}

export interface ExecContext {
  pool: VuPool;
  signal: AbortSignal;
  /** main-side samples (dropped_iterations) */
  emit(metric: string, value: number, tags: Record<string, string>): void;
  testTags: Record<string, string>;
  /** options.systemTags (k6 default set when unset): decides scenario/group tags on main's samples */
  systemTags: ReadonlySet<string>;
  warn(msg: string): void;
  /** a scenario just got its VUs (lets main sample `vus` right away, not only every second) */
  started(): void;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setLongTimeout(done, ms);
    function done(): void {
      t.clear();
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when `p` settles or `ms` pass; returns whether `p` finished. */
async function within(p: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<boolean> {
  let finished = false;
  const tracked = p.then(() => {
    finished = true;
  });
  const ac = new AbortController();
  const onAbort = (): void => ac.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  await Promise.race([tracked, wait(ms, ac.signal)]);
  ac.abort();
  signal?.removeEventListener('abort', onAbort);
  return finished;
}

function runInfo(c: ScenarioPlan, counter: SharedArrayBuffer, startTime: number): ScenarioRun {
  const total =
    c.executor === 'per-vu-iterations'
      ? c.vus * c.iterations
      : c.executor === 'shared-iterations'
        ? c.iterations
        : undefined;
  const plannedMs = c.durationMs || (c.stages.length ? stagesTotal(c.stages) : 0);
  return {
    name: c.name,
    executor: c.executor,
    exec: c.exec,
    env: c.env,
    tags: c.tags,
    startTime,
    counter,
    durationMs: plannedMs || undefined,
    totalIterations: total,
    stripe: c.iterationStripe,
  };
}

export function newProgress(c: ScenarioPlan): ScenarioProgress {
  return {
    name: c.name,
    executor: c.executor,
    state: 'waiting',
    startedAt: 0,
    plannedMs: c.durationMs || (c.stages.length ? stagesTotal(c.stages) : 0),
    totalIterations:
      c.executor === 'per-vu-iterations' ? c.vus * c.iterations : c.executor === 'shared-iterations' ? c.iterations : 0,
    activeVUs: 0,
    maxVUs: c.executor.endsWith('arrival-rate') ? c.maxVUs : scenarioVUs(c),
    dropped: 0,
  };
}

export async function runScenario(ctx: ExecContext, c: ScenarioPlan, prog: ScenarioProgress): Promise<void> {
  await wait(c.startTimeMs, ctx.signal);
  if (ctx.signal.aborted) return;
  if (c.executor.endsWith('arrival-rate')) return runArrivalRate(ctx, c, prog);
  return runLoops(ctx, c, prog);
}

function dropTags(ctx: ExecContext, c: ScenarioPlan): Record<string, string> {
  const t: Record<string, string> = { ...ctx.testTags, ...c.tags };
  if (ctx.systemTags.has('scenario')) t.scenario = c.name;
  if (ctx.systemTags.has('group')) t.group = '';
  return t;
}

async function runLoops(ctx: ExecContext, c: ScenarioPlan, prog: ScenarioProgress): Promise<void> {
  const vus = await ctx.pool.acquire(scenarioVUs(c));
  const counterSab = new SharedArrayBuffer(4);
  const counter = new Int32Array(counterSab);
  const start = Date.now();
  const info = runInfo(c, counterSab, start);
  const kind: LoopKind =
    c.executor === 'shared-iterations'
      ? 'shared'
      : c.executor === 'per-vu-iterations'
        ? 'perVu'
        : c.executor === 'constant-vus'
          ? 'duration'
          : 'ramping';
  Object.assign(prog, { state: 'running', startedAt: start, counter });
  const loops = new Map<PoolVu, Promise<unknown>>();
  const startLoop = (v: PoolVu, active: boolean): void => {
    Atomics.store(v.ctrl, C_STOP, 0);
    Atomics.store(v.ctrl, C_ACTIVE, active ? 1 : 0);
    Atomics.store(v.ctrl, C_STARTED, 0);
    v.w!.post({ type: 'loop', kind, scenario: info, iterations: c.iterations });
    loops.set(v, v.w!.next(['loopDone']));
  };
  const ramping = kind === 'ramping';
  let active = ramping ? Math.min(c.startVUs, vus.length) : vus.length;
  vus.forEach((v, i) => startLoop(v, i < active));
  prog.activeVUs = active;
  ctx.started();
  const allDone = (): Promise<unknown> => Promise.all([...loops.values()]);
  const endMs = kind === 'duration' ? c.durationMs : ramping ? stagesTotal(c.stages) : c.maxDurationMs;

  if (ramping) {
    // Ramp controller: activate/park VUs as the target moves; surplus VUs finish their iteration
    // within gracefulRampDown, then are interrupted.
    const parkedAt = new Map<PoolVu, { t: number; started: number }>();
    for (let t = 0; t < endMs && !ctx.signal.aborted; t = Date.now() - start) {
      const target = Math.min(vus.length, vusAt(c.vuSteps, t));
      for (let i = 0; i < vus.length; i++) {
        const v = vus[i];
        const want = i < target;
        if (want && Atomics.load(v.ctrl, C_ACTIVE) === 0) {
          parkedAt.delete(v);
          if (!v.w?.alive()) {
            await ctx.pool.ensure(v);
            startLoop(v, true);
          } else {
            Atomics.store(v.ctrl, C_ACTIVE, 1);
            Atomics.notify(v.ctrl, C_ACTIVE);
          }
        } else if (!want && Atomics.load(v.ctrl, C_ACTIVE) === 1) {
          Atomics.store(v.ctrl, C_ACTIVE, 0);
          parkedAt.set(v, { t: Date.now(), started: Atomics.load(v.ctrl, C_STARTED) });
        }
      }
      for (const [v, p] of parkedAt) {
        if (Date.now() - p.t >= c.gracefulRampDownMs) {
          parkedAt.delete(v);
          if (Atomics.load(v.ctrl, C_BUSY) === 1 && Atomics.load(v.ctrl, C_STARTED) === p.started)
            await ctx.pool.interrupt(v);
        }
      }
      active = target;
      prog.activeVUs = active;
      await wait(Math.min(50, endMs - t), ctx.signal);
    }
  } else {
    await within(allDone(), endMs, ctx.signal);
  }

  // End of the scenario: no new iterations; running ones get gracefulStop, then are interrupted.
  prog.state = 'stopping';
  for (const v of vus) {
    Atomics.store(v.ctrl, C_STOP, 1);
    Atomics.notify(v.ctrl, C_ACTIVE);
  }
  if (!ctx.signal.aborted) await within(allDone(), c.gracefulStopMs, ctx.signal);
  for (const v of vus) if (v.w?.alive() && Atomics.load(v.ctrl, C_BUSY) === 1) await ctx.pool.interrupt(v);
  await allDone();

  // Unstarted iterations of iteration-based executors are dropped (k6 emits dropped_iterations).
  if (!ctx.signal.aborted) {
    let dropped = 0;
    if (kind === 'shared') dropped = Math.max(0, c.iterations - Math.min(Atomics.load(counter, 0), c.iterations));
    if (kind === 'perVu') for (const v of vus) dropped += Math.max(0, c.iterations - Atomics.load(v.ctrl, C_STARTED));
    if (dropped > 0) {
      ctx.emit('dropped_iterations', dropped, dropTags(ctx, c));
      prog.dropped += dropped;
    }
  }
  prog.activeVUs = 0;
  prog.state = 'done';
  prog.endedAt = Date.now();
  ctx.pool.release(vus);
}

async function runArrivalRate(ctx: ExecContext, c: ScenarioPlan, prog: ScenarioProgress): Promise<void> {
  const endMs = c.executor === 'constant-arrival-rate' ? c.durationMs : stagesTotal(c.stages);
  const counterSab = new SharedArrayBuffer(4);
  const counter = new Int32Array(counterSab);
  const pre = await ctx.pool.acquire(c.preAllocatedVUs);
  const start = Date.now();
  const info = runInfo(c, counterSab, start);
  Object.assign(prog, { state: 'running', startedAt: start, counter });
  const free: PoolVu[] = [];
  const owned: PoolVu[] = [];
  const inflight = new Set<Promise<unknown>>();
  const adopt = (v: PoolVu): void => {
    Atomics.store(v.ctrl, C_STOP, 0);
    v.w!.post({ type: 'enter', scenario: info });
    owned.push(v);
    free.push(v);
  };
  pre.forEach(adopt);
  prog.activeVUs = owned.length;
  ctx.started();
  let allocating = 0;
  // k6 numbers the iterations VUs run (a dropped one takes no number)
  let launched = 0;
  let stopping = false;
  const allocations = new Set<Promise<void>>();

  const launch = (v: PoolVu): void => {
    Atomics.store(v.ctrl, C_BUSY, 1); // main's view until the VU reports; avoids double booking
    v.w!.post({ type: 'iter', inInstance: launched++ });
    const p = v.w!.next(['iterDone']).then((m) => {
      inflight.delete(p);
      if (m.type === 'iterDone' && !stopping) free.push(v);
    });
    inflight.add(p);
  };

  // Bounded: the offsets end before endMs; abort ends it too.
  const offsets = arrivalOffsets(c);
  let next = offsets.next();
  for (;;) {
    const t = Date.now() - start;
    for (; !next.done && next.value <= t; next = offsets.next()) {
      Atomics.add(counter, 0, 1);
      const v = free.pop();
      if (v && v.w?.alive()) {
        launch(v);
      } else {
        // No idle VU: the iteration is dropped; allocate another VU in the background if allowed.
        ctx.emit('dropped_iterations', 1, dropTags(ctx, c));
        prog.dropped++;
        if (owned.length + allocating < c.maxVUs) {
          allocating++;
          const a = ctx.pool
            .acquire(1)
            .then(([nv]) => {
              if (stopping) ctx.pool.release([nv]);
              else {
                adopt(nv);
                prog.activeVUs = owned.length;
              }
            })
            .catch((e: Error) => ctx.warn(`could not initialize a VU for scenario ${c.name}: ${e.message}`))
            .finally(() => {
              allocating--;
              allocations.delete(a);
            });
          allocations.add(a);
        }
      }
    }
    if (next.done || ctx.signal.aborted) break;
    await wait(next.value - t, ctx.signal);
  }
  // k6: constant-arrival-rate starts nothing more but lasts its duration; ramping-arrival-rate
  // ends with its last start. Running iterations may go on until endMs + gracefulStop either way.
  if (c.executor === 'constant-arrival-rate') await wait(endMs - (Date.now() - start), ctx.signal);
  stopping = true;
  prog.state = 'stopping';
  if (!ctx.signal.aborted)
    await within(Promise.all([...inflight]), start + endMs + c.gracefulStopMs - Date.now(), ctx.signal);
  for (const v of owned) if (v.w?.alive() && Atomics.load(v.ctrl, C_BUSY) === 1) await ctx.pool.interrupt(v);
  await Promise.all([...inflight]);
  await Promise.all([...allocations]);
  prog.activeVUs = 0;
  prog.state = 'done';
  prog.endedAt = Date.now();
  ctx.pool.release(owned);
}
