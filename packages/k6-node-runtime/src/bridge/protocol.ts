// Wire format of the synchronous bridge between a VU worker and the I/O worker.
// Kept in one place so client (VU side), server (I/O worker) and host (main) agree.
import type { SerializedError } from '../io/types.js';

/** VU → I/O worker, over the VU's own MessagePort. */
export interface BridgeRequest {
  id: number;
  op: string;
  args: unknown[];
}

/** I/O worker → VU, posted on the same port BEFORE the flag is bumped (so receiveMessageOnPort sees it). */
export type BridgeReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** Everything a VU worker needs to talk to the I/O worker; passed in workerData (port in transferList). */
export interface BridgeEndpoint {
  port: import('node:worker_threads').MessagePort;
  /** Int32Array(1) over this SAB: a reply counter, bumped + notified by the I/O worker after each reply. */
  flag: SharedArrayBuffer;
  /** Int32Array(1) shared by every VU: IO_IDLE (not started, or starting), IO_ALIVE, IO_DEAD (set by main when it exits). */
  ioState: SharedArrayBuffer;
}

/** main → I/O worker control messages. */
export type IoControl =
  | {
      type: 'attach';
      key: number;
      vu: number;
      port: import('node:worker_threads').MessagePort;
      flag: SharedArrayBuffer;
    }
  | { type: 'detach'; key: number };

export const IO_IDLE = 0;
export const IO_ALIVE = 1;
export const IO_DEAD = 2;
