// The VU pool (main side): VU workers initialized before the test, lent to scenarios, and
// respawned after an interruption (a terminated worker cannot be resumed).
import { VuWorker, type SpawnEnv } from '../vu/host.js';
import { CTRL_CELLS, C_BUSY, G_INTERRUPTED, G_VUS_INIT } from '../vu/control.js';
import { stripedIndex, type Stripe } from './execution-segment.js';

export class InitError extends Error {
  override name = 'InitError';
  readonly exitCode = 107;
}

/** exec.test.abort() called in a VU's init code. */
export class AbortedInInit extends Error {
  override name = 'AbortedInInit';
  readonly exitCode = 108;
}

export class PoolVu {
  w: VuWorker | undefined;
  readonly ctrlSab = new SharedArrayBuffer(4 * CTRL_CELLS);
  readonly ctrl = new Int32Array(this.ctrlSab);
  held = false;
  constructor(readonly id: number) {}
}

export class VuPool {
  private readonly vus: PoolVu[] = [];
  private setupJson: string | undefined;
  private readonly global: Int32Array;
  closed = false;

  /** `vuStripe`: which VU numbers of the whole test this instance's VUs are (k6 GetUniqueVUIdentifiers) */
  constructor(
    private readonly env: SpawnEnv,
    private readonly vuStripe: Stripe,
  ) {
    this.global = new Int32Array(env.global);
  }

  get size(): number {
    return this.vus.length;
  }

  private async start(v: PoolVu): Promise<void> {
    // Fresh worker, fresh counters: batches of a terminated worker are never acknowledged.
    v.ctrl.fill(0);
    const w = new VuWorker(this.env, 'vu', v.id, {
      ctrl: v.ctrlSab,
      vuIdInTest: stripedIndex(this.vuStripe, v.id - 1) + 1,
    });
    v.w = w;
    const m = await w.next(['ready', 'abort']);
    if (m.type === 'abort') {
      await w.terminate();
      v.w = undefined;
      throw new AbortedInInit(m.reason);
    }
    if (m.type !== 'ready') {
      await w.terminate();
      v.w = undefined;
      throw new InitError(m.type === 'initError' || m.type === 'error' ? m.message : `VU ${v.id} failed to start`);
    }
    w.post({ type: 'setupData', json: this.setupJson });
  }

  /** Initializes `n` more VUs (ids continue from the current size), in parallel. */
  async grow(n: number, held = false): Promise<PoolVu[]> {
    const added: PoolVu[] = [];
    for (let i = 0; i < n; i++) {
      const v = new PoolVu(this.vus.length + 1);
      v.held = held; // reserved before any await: concurrent acquire() calls must not share a VU
      this.vus.push(v);
      added.push(v);
    }
    // Bounded parallelism: on 2 cores, starting everything at once only adds contention.
    const queue = [...added];
    const workers = Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let v = queue.shift(); v; v = queue.shift()) await this.start(v);
    });
    await Promise.all(workers);
    Atomics.store(this.global, G_VUS_INIT, this.vus.length);
    return added;
  }

  setSetupData(json: string | undefined): void {
    this.setupJson = json;
    for (const v of this.vus) v.w?.post({ type: 'setupData', json });
  }

  /** Takes `n` free VUs (initializing more if the plan under-counted). */
  async acquire(n: number): Promise<PoolVu[]> {
    const free = this.vus.filter((v) => !v.held).slice(0, n);
    for (const v of free) v.held = true; // synchronously, before any await
    if (free.length < n) free.push(...(await this.grow(n - free.length, true)));
    await Promise.all(free.map((v) => this.ensure(v)));
    return free;
  }

  release(vs: PoolVu[]): void {
    for (const v of vs) v.held = false;
  }

  /** A VU whose worker was interrupted gets a fresh one (init code runs again, as in a new k6 VU). */
  async ensure(v: PoolVu): Promise<void> {
    if (v.w?.alive()) return;
    if (this.closed) throw new Error('test is stopping');
    await this.start(v);
  }

  /** Interrupts whatever the VU is running (k6: context cancelled at gracefulStop). */
  async interrupt(v: PoolVu): Promise<void> {
    if (!v.w?.alive()) return;
    if (Atomics.load(v.ctrl, C_BUSY) === 1) Atomics.add(this.global, G_INTERRUPTED, 1);
    const w = v.w;
    v.w = undefined;
    await w.terminate();
    Atomics.store(v.ctrl, C_BUSY, 0);
  }

  all(): PoolVu[] {
    return this.vus;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.vus.flatMap((v) => (v.w ? [v.w.terminate()] : [])));
  }
}
