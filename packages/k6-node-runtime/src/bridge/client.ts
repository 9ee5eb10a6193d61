// VU side of the synchronous bridge: callSync() posts a request on the VU's private port and
// blocks this thread (Atomics.wait) until the I/O worker has posted the reply, then takes it with
// receiveMessageOnPort. Measured design: shared/notes/sync-bridge.md ("worker-port").
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BridgeReply, BridgeEndpoint } from './protocol.js';
import { IO_DEAD, IO_IDLE } from './protocol.js';

let port: MessagePort | undefined;
let flag: Int32Array;
let ioState: Int32Array;
let nextId = 1;
let beforeBlock: (() => void) | undefined;
let requestIo: (() => void) | undefined;
/** Optional per-call limit; 0 = none (docker pulls and long queries are legitimate). */
const timeoutMs = Number(process.env.CDC_CHAOS_BRIDGE_TIMEOUT_MS ?? 0) || 0;

/** Called once by the VU worker bootstrap. */
/** `requestIo` asks main to start the I/O worker, which a run starts only when a VU first needs it. */
export function attachBridge(ep: BridgeEndpoint, hooks?: { beforeBlock?: () => void; requestIo?: () => void }): void {
  port = ep.port;
  flag = new Int32Array(ep.flag);
  ioState = new Int32Array(ep.ioState);
  beforeBlock = hooks?.beforeBlock;
  requestIo = hooks?.requestIo;
}

interface BridgeError extends Error {
  code?: string;
}

/**
 * Runs I/O operation `op` in the I/O worker and returns its result synchronously, as k6's Go
 * extensions do. A handler rejection is rethrown here as an Error with the same name/message/code.
 */
export function callSync<T = unknown>(op: string, ...args: unknown[]): T {
  if (!port) {
    // Pitfall 10 of the note: a sync call on a thread without a bridge (main, I/O worker) would deadlock.
    throw new Error(`callSync('${op}') is only available inside a VU worker`);
  }
  beforeBlock?.(); // flush pending metric samples: this VU may block for a long time
  const id = nextId++;
  const started = timeoutMs > 0 ? Date.now() : 0;
  port.postMessage({ id, op, args }); // queued on the port until the I/O worker attaches it
  if (Atomics.load(ioState, 0) === IO_IDLE) requestIo?.();
  // Bounded by the I/O worker's liveness (checked every second) and the optional timeout.
  for (;;) {
    const seen = Atomics.load(flag, 0);
    const got = receiveMessageOnPort(port);
    if (got) {
      const reply = got.message as BridgeReply;
      if (reply.id !== id) continue; // stale reply of an earlier call: discard (ids only grow)
      if (reply.ok) return reply.value as T;
      const e: BridgeError = new Error(reply.error.message);
      e.name = reply.error.name;
      if (reply.error.code !== undefined) e.code = reply.error.code;
      Error.captureStackTrace(e, callSync); // the user's stack, not the bridge's
      throw e;
    }
    if (Atomics.load(ioState, 0) === IO_DEAD) {
      const e: BridgeError = new Error(`I/O worker is not running: '${op}' cannot complete`);
      e.code = 'EIODEAD';
      Error.captureStackTrace(e, callSync);
      throw e;
    }
    if (timeoutMs > 0 && Date.now() - started > timeoutMs) {
      const e: BridgeError = new Error(`bridge call '${op}' timed out after ${timeoutMs} ms`);
      e.code = 'ETIMEDOUT';
      Error.captureStackTrace(e, callSync);
      throw e;
    }
    // Waits only while the counter still reads `seen`: a reply posted after our receive attempt
    // has already bumped it, so no wake-up is lost. No spin first: on a loaded 2-core box a
    // spinning VU takes the core the I/O worker and PostgreSQL need (docs/runtime.md, Performance).
    Atomics.wait(flag, 0, seen, 1000);
  }
}
