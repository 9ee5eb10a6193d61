// This VU's interrupt cell: main sets it just before terminating the worker (gracefulStop, abort), so a
// native call blocked in C (k6/x/sql's libpq addon), which V8's termination cannot reach, cancels and returns.
import { workerData } from 'node:worker_threads';

const sab = (workerData as { interrupt?: SharedArrayBuffer } | null)?.interrupt;
export const interruptCell: Int32Array | undefined = sab ? new Int32Array(sab) : undefined;
