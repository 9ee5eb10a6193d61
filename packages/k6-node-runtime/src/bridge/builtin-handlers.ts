// Bridge-level operations that need no driver: used by tests and the benchmark to measure and
// check the bridge itself, independently of the extension handlers.
import type { IoHandler } from '../io/types.js';

export const builtinHandlers: Record<string, IoHandler> = {
  'bridge.echo': async (args) => args[0],
  'bridge.fail': async (args) => {
    const [name, message, code] = args as [string, string, string | undefined];
    throw Object.assign(new Error(message), { name, code });
  },
  'bridge.delay': async (args) => {
    await new Promise((r) => setTimeout(r, Number(args[0])));
    return args[1];
  },
  // Lets a test see that the per-VU context really is per VU and that cleanup runs.
  'bridge.resource': async (args, ctx) => {
    const key = String(args[0]);
    if (!ctx.resources.has(key)) ctx.resources.set(key, { vu: ctx.vu, created: Date.now() });
    return ctx.resources.get(key);
  },
};
