// Main-thread side of the bridge: starts the I/O worker, hands each VU worker a private
// MessageChannel + reply counter, and wakes every blocked VU if the I/O worker dies.
import { Worker, MessageChannel } from 'node:worker_threads';
import type { BridgeEndpoint, IoControl } from './protocol.js';
import { IO_ALIVE, IO_DEAD } from './protocol.js';

export class IoHost {
  private worker: Worker | undefined;
  private readonly ioState = new SharedArrayBuffer(4);
  private readonly flags = new Map<number, Int32Array>();
  private readonly detachWaiters = new Map<number, () => void>();
  private nextKey = 1;
  private stopping = false;
  ops: string[] = [];

  constructor(private readonly onDeath: (err: Error) => void = () => {}) {}

  async start(): Promise<void> {
    const w = new Worker(new URL('./io-worker.js', import.meta.url), { stdout: false, stderr: false });
    this.worker = w;
    await new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.on('message', (m: { type: string; key?: number; ops?: string[] }) => {
        if (m.type === 'ready') {
          this.ops = m.ops ?? [];
          Atomics.store(new Int32Array(this.ioState), 0, IO_ALIVE);
          w.off('error', reject);
          resolve();
        } else if (m.type === 'detached' && m.key !== undefined) {
          this.detachWaiters.get(m.key)?.();
          this.detachWaiters.delete(m.key);
        }
      });
    });
    w.on('error', (e) => this.died(e));
    w.on('exit', (code) => this.died(new Error(`I/O worker exited with code ${code}`)));
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
    if (this.worker && !this.isDead()) {
      this.worker.postMessage({ type: 'attach', key, vu, port: port2, flag } satisfies IoControl, [port2]);
    }
    return { key, endpoint: { port: port1, flag, ioState: this.ioState } };
  }

  isDead(): boolean {
    return Atomics.load(new Int32Array(this.ioState), 0) === IO_DEAD;
  }

  /** The VU worker ended: close its handles (pools, clients) in the I/O worker. */
  release(key: number): Promise<void> {
    this.flags.delete(key);
    if (!this.worker || this.isDead()) return Promise.resolve();
    return new Promise((resolve) => {
      this.detachWaiters.set(key, resolve);
      this.worker!.postMessage({ type: 'detach', key } satisfies IoControl);
    });
  }

  async stop(): Promise<void> {
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
