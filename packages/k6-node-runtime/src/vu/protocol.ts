// Messages between main and a VU worker (the bridge has its own, see bridge/protocol.ts).
import type { BridgeEndpoint } from '../bridge/protocol.js';
import type { LogConfig } from '../log.js';
import type { Stripe } from '../executors/execution-segment.js';

export type WorkerMode = 'options' | 'vu' | 'setup' | 'teardown' | 'summary';

export interface VuWorkerData {
  mode: WorkerMode;
  vu: number;
  /** exec.vu.idInTest: the VU's number in the whole (segmented) test */
  vuIdInTest?: number;
  bundleUrl: string;
  scriptPath: string;
  env: Record<string, string>;
  endpoint: BridgeEndpoint;
  ctrl?: SharedArrayBuffer;
  /** Int32Array(1) set by main before it terminates this worker (vu/interrupt.ts) */
  interrupt?: SharedArrayBuffer;
  global?: SharedArrayBuffer;
  testStart?: number;
  log: LogConfig;
  /** consolidated options (exec.test.options) — absent in 'options' mode */
  options?: Record<string, unknown> | null;
  testTags?: Record<string, string>;
  throwErrors?: boolean;
  /** k6 --compatibility-mode: "base" has no `global` alias */
  compatibilityMode?: 'extended' | 'base';
  minIterationDurationMs?: number;
  /** setup() data as JSON (undefined = setup returned undefined) */
  setupJson?: string;
  /** handleSummary(data) argument */
  summaryData?: unknown;
}

/** What a VU needs to know about the scenario it runs (main → VU). */
export interface ScenarioRun {
  name: string;
  executor: string;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  startTime: number; // epoch ms
  /** Int32Array(1): next iteration index in the scenario (Atomics.add) */
  counter: SharedArrayBuffer;
  /** for exec.scenario.progress */
  durationMs?: number;
  totalIterations?: number;
  /** this instance's iteration numbers → the test-wide ones (execution segment) */
  stripe: Stripe;
}

export type LoopKind = 'shared' | 'perVu' | 'duration' | 'ramping';

export type MainToVu =
  | { type: 'setupData'; json: string | undefined }
  | { type: 'loop'; kind: LoopKind; scenario: ScenarioRun; iterations?: number }
  | { type: 'enter'; scenario: ScenarioRun } // arrival-rate: then one 'iter' per iteration
  | { type: 'iter'; inInstance: number };

export type VuToMain =
  | { type: 'ready' }
  | { type: 'initError'; message: string }
  | { type: 'options'; options: unknown; exports: Record<string, string> }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string }
  | { type: 'loopDone' }
  | { type: 'iterDone' }
  | { type: 'abort'; reason: string }
  | { type: 'markFailed'; reason: string }
  | { type: 'phase'; text: string }
  | { type: 'log'; line: string }
  /** the VU's first bridge call found the I/O worker not started */
  | { type: 'needIo' }
  | { type: 'declare'; name: string; metricType: string; contains: string }
  | { type: 'samples' };
