// Main-thread side of the bridge: starts the I/O worker (on first need), hands each VU worker a private
// MessageChannel + reply counter, and wakes every blocked VU if the I/O worker dies.
import { Worker, MessageChannel } from 'node:worker_threads';
import type { BridgeEndpoint, IoControl } from './protocol.js';
import { IO_DEAD } from './protocol.js';

export class IoHost {
  private worker: Worker | undefined;
  private starting: Promise<void> | undefined;
  private readonly ioState = new SharedArrayBuffer(4);
  private readonly flags = new Map<number, Int32Array>();
  /** Endpoints handed out before the worker started: attached when it starts. */
  private readonly unattached = new Map<number, Extract<IoControl, { type: 'attach' }>>();
  private readonly detachWaiters = new Map<number, () => void>();
  private nextKey = 1;
  private stopping = false;

  constructor(private readonly onDeath: (err: Error) => void = () => {}) {}

  /**
   * Starts the I/O worker once (later calls share the first start). A run calls it at a VU's first bridge
   * call (vu/host.ts), so a script without extensions never pays its start-up and memory.
   */
  start(): Promise<void> {
    this.starting ??= this.spawn();
    return this.starting;
  }

  private async spawn(): Promise<void> {
    const w = new Worker(new URL('./io-worker.js', import.meta.url), {
      stdout: false,
      stderr: false,
      workerData: { ioState: this.ioState },
    });
    this.worker = w;
    for (const m of this.unattached.values()) w.postMessage(m, [m.port]);
    this.unattached.clear();
    // Dying before 'ready' also rejects the start (a rejection after it is a no-op).
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: { type: string; key?: number }) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'detached' && m.key !== undefined) {
          this.detachWaiters.get(m.key)?.();
          this.detachWaiters.delete(m.key);
        }
      });
      w.on('error', (e) => {
        this.died(e);
        reject(e);
      });
      w.on('exit', (code) => {
        const e = new Error(`I/O worker exited with code ${code}`);
        this.died(e);
        reject(e);
      });
    });
  }

  private died(e: Error): void {
    const state = new Int32Array(this.ioState);
    if (Atomics.load(state, 0) === IO_DEAD) return;
    Atomics.store(state, 0, IO_DEAD);
    // Wake every VU blocked in callSync so it throws instead of hanging (pitfall 7).
    for (const f of this.flags.values()) {
      Atomics.add(f, 0, 1);
      Atomics.notify(f, 0);
    }
    for (const w of this.detachWaiters.values()) w();
    this.detachWaiters.clear();
    if (!this.stopping) this.onDeath(e);
  }

  /** A new endpoint for one VU worker instance. Pass `endpoint` in workerData with `endpoint.port` transferred. */
  connect(vu: number): { key: number; endpoint: BridgeEndpoint } {
    const key = this.nextKey++;
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    this.flags.set(key, new Int32Array(flag));
    const attach = { type: 'attach', key, vu, port: port2, flag } satisfies IoControl;
    if (!this.worker) this.unattached.set(key, attach);
    else if (!this.isDead()) this.worker.postMessage(attach, [port2]);
    return { key, endpoint: { port: port1, flag, ioState: this.ioState } };
  }

  isDead(): boolean {
    return Atomics.load(new Int32Array(this.ioState), 0) === IO_DEAD;
  }

  /** The VU worker ended: close its handles (pools, clients) in the I/O worker. */
  release(key: number): Promise<void> {
    this.flags.delete(key);
    const unattached = this.unattached.get(key);
    if (unattached) {
      unattached.port.close();
      this.unattached.delete(key);
    }
    if (!this.worker || this.isDead()) return Promise.resolve();
    return new Promise((resolve) => {
      this.detachWaiters.set(key, resolve);
      this.worker!.postMessage({ type: 'detach', key } satisfies IoControl);
    });
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => {}); // a failed start was reported by died()
    const w = this.worker;
    if (!w || this.isDead()) return;
    this.stopping = true;
    // Give handlers a bounded chance to close pools, then terminate regardless.
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      w.on('message', (m: { type: string }) => {
        if (m.type === 'shutdown-done') {
          clearTimeout(t);
          resolve();
        }
      });
      w.postMessage({ type: 'shutdown' });
    });
    await w.terminate();
  }
}
