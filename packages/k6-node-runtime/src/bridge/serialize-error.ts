// Errors cross the bridge as plain objects: structured clone of an Error drops custom fields
// such as `code` (note pitfall 1), so copy what the VU needs.
import type { SerializedError } from '../io/types.js';

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const err = e as { name?: unknown; message?: unknown; code?: unknown };
    const out: SerializedError = {
      name: typeof err.name === 'string' ? err.name : 'Error',
      message: String(err.message ?? ''),
    };
    if (err.code !== undefined && err.code !== null) out.code = String(err.code);
    return out;
  }
  return { name: 'Error', message: String(e) };
}
