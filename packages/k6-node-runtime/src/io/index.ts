// Every extension's I/O handlers, merged for the I/O worker (src/bridge/io-worker.ts).
import type { IoHandler } from './types.js';
import { handlers as sql } from './sql.js';
import { handlers as mongo } from './mongo.js';
import { handlers as docker } from './docker.js';
import { handlers as http } from './http.js';

/** sobek turns an extension's Go error into a thrown JS Error named "GoError" (k6 logs "GoError: ..."). */
function asGoErrors(table: Record<string, IoHandler>): Record<string, IoHandler> {
  return Object.fromEntries(
    Object.entries(table).map(([op, h]) => [
      op,
      async (args, ctx) => {
        try {
          return await h(args, ctx);
        } catch (e) {
          if (e instanceof Error) e.name = 'GoError';
          throw e;
        }
      },
    ]),
  );
}

export const handlers: Record<string, IoHandler> = asGoErrors({ ...sql, ...mongo, ...docker, ...http });
