// An IoContext as the I/O worker builds one (packages/k6-node-runtime/src/bridge/io-worker.ts), so the handlers
// can be driven directly against the real services; close() runs the VU's cleanup like a detach.
import type { IoContext, IoHandler } from 'k6-node-runtime/io/types.js';

export interface TestVu extends IoContext {
  call<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export function testVu(handlers: Record<string, IoHandler>, vu = 1): TestVu {
  const closers: Array<() => void | Promise<void>> = [];
  const ctx: TestVu = {
    vu,
    resources: new Map(),
    onClose: (fn) => void closers.push(fn),
    call: async <T>(op: string, ...args: unknown[]) => {
      const h = handlers[op];
      if (!h) throw new Error(`no handler ${op}`);
      // Results cross the bridge by structured clone: check they survive it.
      return structuredClone(await h(args, ctx)) as T;
    },
    close: async () => {
      for (const fn of closers.splice(0).reverse()) await fn();
    },
  };
  return ctx;
}
