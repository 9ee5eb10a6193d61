// Main-side wrapper of one VU worker (any mode): spawns it with its bridge endpoint, routes
// its messages (samples → metrics hub, declares, abort/fail/phase signals), and terminates it.
import { Worker } from 'node:worker_threads';
import type { IoHost } from '../bridge/host.js';
import type { LogConfig } from '../log.js';
import { SampleDecoder, type SampleBatchMessage, type DecodedSample } from './sample-batch.js';
import type { VuWorkerData, WorkerMode, MainToVu, VuToMain } from './protocol.js';
import { C_PENDING } from './control.js';

export interface SpawnEnv {
  bundleUrl: string;
  scriptPath: string;
  env: Record<string, string>;
  log: LogConfig;
  io: IoHost;
  global: SharedArrayBuffer;
  testStart: () => number;
  options: Record<string, unknown> | null;
  testTags: Record<string, string>;
  throwErrors: boolean;
  compatibilityMode: 'extended' | 'base';
  minIterationDurationMs: number;
  onSamples(s: DecodedSample[]): void;
  onDeclare(name: string, type: string, contains: string): void;
  onAbort(reason: string): void;
  onMarkFailed(reason: string): void;
  onPhase(text: string): void;
  /** a formatted log line forwarded by a VU (LogConfig.viaMain) */
  onLog(line: string): void;
}

const workerUrl = new URL('./worker.js', import.meta.url);

export class VuWorker {
  readonly worker: Worker;
  private readonly decoder = new SampleDecoder();
  private readonly key: number;
  private listeners: Array<(m: VuToMain) => boolean> = [];
  private exitCode: number | undefined;
  readonly exited: Promise<number>;
  private released = false;
  private readonly pending: Int32Array | undefined;
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly env: SpawnEnv,
    readonly mode: WorkerMode,
    readonly vu: number,
    extra: Partial<VuWorkerData> = {},
  ) {
    const { key, endpoint } = env.io.connect(vu);
    this.key = key;
    const data: VuWorkerData = {
      mode,
      vu,
      bundleUrl: env.bundleUrl,
      scriptPath: env.scriptPath,
      env: env.env,
      endpoint,
      global: env.global,
      testStart: env.testStart(),
      log: env.log,
      options: mode === 'options' ? null : env.options,
      testTags: env.testTags,
      throwErrors: env.throwErrors,
      compatibilityMode: env.compatibilityMode,
      minIterationDurationMs: env.minIterationDurationMs,
      interrupt: this.interrupt.buffer,
      ...extra,
    };
    this.pending = extra.ctrl ? new Int32Array(extra.ctrl) : undefined;
    this.worker = new Worker(workerUrl, { workerData: data, transferList: [endpoint.port] });
    this.worker.on('message', (m: VuToMain) => this.route(m));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.exitCode = code;
        void this.release();
        // Anyone still waiting for a reply learns the worker is gone.
        const ls = this.listeners;
        this.listeners = [];
        for (const l of ls) l({ type: 'error', message: `VU ${vu} worker exited (code ${code})` });
        resolve(code);
      });
    });
    this.worker.on('error', (e) => {
      // An uncaught error escaping the worker (not an iteration exception: those are caught).
      const ls = this.listeners;
      this.listeners = [];
      for (const l of ls) l({ type: 'error', message: e.stack ?? String(e) });
    });
  }

  private route(m: VuToMain): void {
    switch (m.type) {
      case 'samples':
        this.env.onSamples(this.decoder.decode(m as unknown as SampleBatchMessage));
        if (this.pending) {
          Atomics.sub(this.pending, C_PENDING, 1);
          Atomics.notify(this.pending, C_PENDING);
        }
        return;
      case 'declare':
        this.env.onDeclare(m.name, m.metricType, m.contains);
        return;
      case 'abort':
        this.env.onAbort(m.reason);
        break; // also delivered to listeners (a once-worker ends with it)
      case 'markFailed':
        this.env.onMarkFailed(m.reason);
        return;
      case 'phase':
        this.env.onPhase(m.text);
        return;
      case 'log':
        this.env.onLog(m.line);
        return;
      case 'needIo':
        void this.env.io.start().catch(() => {}); // a failed start is reported by the IoHost's onDeath
        return;
    }
    // One message satisfies one waiter (two waiters must never share an iterDone).
    const i = this.listeners.findIndex((l) => l(m));
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Next message of one of `types` (or an 'error' if the worker dies first). */
  next(types: Array<VuToMain['type']>): Promise<VuToMain> {
    if (this.exitCode !== undefined)
      return Promise.resolve({ type: 'error', message: `VU ${this.vu} worker exited (code ${this.exitCode})` });
    return new Promise((resolve) => {
      this.listeners.push((m) => {
        if (types.includes(m.type) || m.type === 'error' || m.type === 'initError') {
          resolve(m);
          return true;
        }
        return false;
      });
    });
  }

  post(m: MainToVu): void {
    this.worker.postMessage(m);
  }

  alive(): boolean {
    return this.exitCode === undefined;
  }

  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.env.io.release(this.key);
  }

  /** Hard stop: interrupts a running iteration (Atomics.wait included) within a few ms. */
  async terminate(): Promise<void> {
    Atomics.store(this.interrupt, 0, 1); // a native call blocked in C sees this, V8's termination cannot reach it
    if (this.exitCode === undefined) await this.worker.terminate();
    await this.exited;
  }
}
