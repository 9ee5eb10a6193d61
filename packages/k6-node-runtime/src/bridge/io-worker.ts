// The I/O worker: owns every driver (pg pools, mongo clients, dockerode, fetch) so that VU threads
// can block on Atomics while the real I/O runs asynchronously here. One MessagePort per VU.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { IoContext, IoHandler } from '../io/types.js';
import { IO_ALIVE, IO_IDLE, type BridgeRequest, type BridgeReply, type IoControl } from './protocol.js';
import { serializeError } from './serialize-error.js';
import { builtinHandlers } from './builtin-handlers.js';
import { isRawDocs } from '../io/bson-values.js';

type HandlerLookup = (op: string) => Promise<IoHandler | undefined>;

async function extensionHandlers(): Promise<HandlerLookup> {
  const url = new URL('../io/index.js', import.meta.url);
  try {
    return ((await import(url.href)) as { handlerFor: HandlerLookup }).handlerFor;
  } catch (e) {
    // Only a missing index is tolerated (extension handlers not built): anything else is a bug.
    const err = e as { code?: string; url?: string; message?: string };
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('io/index.js'))
      return async () => undefined;
    throw e;
  }
}

interface Attached {
  ctx: IoContext;
  port: MessagePort;
  flag: Int32Array;
  closers: Array<() => void | Promise<void>>;
  closed: boolean;
}

const extensionHandler = await extensionHandlers();
const attached = new Map<number, Attached>();

function attach(msg: Extract<IoControl, { type: 'attach' }>): void {
  const closers: Attached['closers'] = [];
  const ctx: IoContext = {
    vu: msg.vu,
    resources: new Map(),
    onClose: (fn) => void closers.push(fn),
  };
  const a: Attached = { ctx, port: msg.port, flag: new Int32Array(msg.flag), closers, closed: false };
  attached.set(msg.key, a);
  msg.port.on('message', (req: BridgeRequest) => void serve(a, req));
}

async function serve(a: Attached, req: BridgeRequest): Promise<void> {
  let reply: BridgeReply;
  try {
    const h = Object.hasOwn(builtinHandlers, req.op) ? builtinHandlers[req.op] : await extensionHandler(req.op);
    if (!h) throw Object.assign(new Error(`unknown I/O operation '${req.op}'`), { code: 'EUNKNOWNOP' });
    reply = { id: req.id, ok: true, value: await h(req.args, a.ctx) };
  } catch (e) {
    reply = { id: req.id, ok: false, error: serializeError(e) };
  }
  if (a.closed) return; // the VU was terminated mid-call: nobody is listening (note pitfall 6)
  try {
    // Raw documents move to the VU (their buffer is the reply's own): no copy of the largest replies.
    a.port.postMessage(reply, reply.ok && isRawDocs(reply.value) ? [reply.value.rawBson] : []);
  } catch (e) {
    // e.g. a handler returned a function or a class instance that cannot be cloned
    a.port.postMessage({ id: req.id, ok: false, error: serializeError(e) } satisfies BridgeReply);
  }
  // Post first, then bump + notify: the VU's receiveMessageOnPort then always finds the reply.
  Atomics.add(a.flag, 0, 1);
  Atomics.notify(a.flag, 0);
}

async function detach(key: number): Promise<void> {
  const a = attached.get(key);
  if (!a) return;
  attached.delete(key);
  a.closed = true;
  a.port.close(); // an open port with a listener would keep this worker alive (pitfall 9)
  for (const fn of a.closers.reverse()) {
    try {
      await fn();
    } catch (e) {
      process.stderr.write(`cdc-chaos: I/O cleanup for VU ${a.ctx.vu} failed: ${serializeError(e).message}\n`);
    }
  }
  parentPort!.postMessage({ type: 'detached', key });
}

parentPort!.on('message', (msg: IoControl | { type: 'shutdown' }) => {
  if (msg.type === 'attach') attach(msg);
  else if (msg.type === 'detach') void detach(msg.key);
  else if (msg.type === 'shutdown') {
    void (async () => {
      for (const key of [...attached.keys()]) await detach(key);
      parentPort!.postMessage({ type: 'shutdown-done' });
    })();
  }
});
// Set here, before any reply: a VU that got a reply never finds the worker 'not started' again.
Atomics.compareExchange(new Int32Array((workerData as { ioState: SharedArrayBuffer }).ioState), 0, IO_IDLE, IO_ALIVE);
parentPort!.postMessage({ type: 'ready' });
