// Contract between the VU-side modules (src/modules) and the I/O worker (src/io).
// A VU calls callSync(op, ...args) (src/bridge/client.ts); the I/O worker looks `op` up in
// the merged handler table (src/io/index.ts) and awaits it.

export interface IoContext {
  /** VU id as k6 numbers it (1-based; 0 for setup/teardown/handleSummary/options VUs). */
  readonly vu: number;
  /** Per-VU handles (pools, clients), keyed by the handler's own ids; gone when the VU ends. */
  readonly resources: Map<string, unknown>;
  /** Registers cleanup to run when this VU ends (close pools, cancel queries). */
  onClose(fn: () => void | Promise<void>): void;
}

export type IoHandler = (args: unknown[], ctx: IoContext) => Promise<unknown>;

/** What crosses the bridge when a handler rejects; the VU rethrows it as an Error. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}
