// Shared-memory control cells between main and a VU worker, and the VU → main signals
// (exec.test.abort / exec.test.fail). Layouts are fixed here so both sides agree.
import { postToMain } from './state.js';

/** Per-VU Int32Array cells. */
export const C_STOP = 0; // 1: start no new iteration (scenario ended / gracefulStop)
export const C_ACTIVE = 1; // ramping-vus: 1 active, 0 parked (wait on this cell)
export const C_BUSY = 2; // 1 while an iteration runs
export const C_STARTED = 3; // iterations started in the current loop
export const C_PENDING = 4; // sample batches posted but not yet absorbed by main (back-pressure)
export const CTRL_CELLS = 5;
/** A VU waits once this many of its batches are unprocessed: main's ingestion bounds the run, not memory. */
export const MAX_PENDING_BATCHES = 4;

/** Instance-wide Int32Array cells (exec.instance). */
export const G_COMPLETED = 0;
export const G_INTERRUPTED = 1;
export const G_VUS_ACTIVE = 2;
export const G_VUS_INIT = 3;
export const G_ABORTED = 4;
export const GLOBAL_CELLS = 5;

/** Thrown by exec.test.abort(): ends the iteration; the loop stops and main aborts the test. */
export class TestAbortError extends Error {
  override name = 'TestAbortError';
  readonly isTestAbort = true;
}

export function isTestAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { isTestAbort?: boolean }).isTestAbort === true;
}

let ctrl: Int32Array | undefined;
let global: Int32Array | undefined;
let testStart = 0;

export function attachControl(o: { ctrl?: SharedArrayBuffer; global?: SharedArrayBuffer; testStart?: number }): void {
  if (o.ctrl) ctrl = new Int32Array(o.ctrl);
  if (o.global) global = new Int32Array(o.global);
  if (o.testStart) testStart = o.testStart;
}
export function ctrlCells(): Int32Array | undefined {
  return ctrl;
}
export function globalCells(): Int32Array | undefined {
  return global;
}
export function testStartTime(): number {
  return testStart;
}

export function abortTest(reason?: string): never {
  const msg = reason === undefined ? 'test aborted' : `test aborted: ${reason}`;
  postToMain({ type: 'abort', reason: msg });
  if (global) Atomics.store(global, G_ABORTED, 1);
  throw new TestAbortError(msg);
}

export function markFailed(reason?: string): void {
  postToMain({ type: 'markFailed', reason: reason ?? '' });
}
