// Live progress lines (src/progress.ts): k6-like "running (...)" line, one bar per scenario, phase.
import { describe, it, expect } from 'vitest';
import { renderProgress } from '../../src/progress.js';
import type { ScenarioProgress } from '../../src/executors/run-scenario.js';

const base = (p: Partial<ScenarioProgress>): ScenarioProgress => ({
  name: 'load',
  executor: 'constant-vus',
  state: 'running',
  startedAt: 1000,
  plannedMs: 10_000,
  totalIterations: 0,
  activeVUs: 5,
  maxVUs: 5,
  dropped: 0,
  ...p,
});

describe('renderProgress', () => {
  it('shows totals, a bar per scenario (names padded to at least 7, like "default") and the phase', () => {
    const counter = new Int32Array(1);
    counter[0] = 3;
    const lines = renderProgress(
      6000,
      1000,
      [
        base({}),
        base({ name: 'chaos', executor: 'shared-iterations', plannedMs: 0, totalIterations: 6, counter, activeVUs: 1 }),
        base({ name: 'later', state: 'waiting', startedAt: 0 }),
        base({ name: 'open', executor: 'constant-arrival-rate', state: 'done', endedAt: 11_000, dropped: 2 }),
      ],
      { completed: 42, interrupted: 1, vus: 6, vusMax: 8 },
      'fault: kill cdc-mongodb',
      10,
    );
    expect(lines).toEqual([
      'running (0m05.0s), 6/8 VUs, 42 complete and 1 interrupted iterations',
      'load    [====>-----] 5/5 VUs  05.0s/10.0s',
      'chaos   [====>-----] 1 VUs  05.0s  3/6 shared iters',
      'later   [----------] waiting',
      'open    ✓ [==========] 5/5 VUs  10.0s/10.0s  2 dropped',
      'phase: fault: kill cdc-mongodb',
    ]);
  });
});
