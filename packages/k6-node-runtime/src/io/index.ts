// Every extension's I/O handlers for the I/O worker (src/bridge/io-worker.ts). An extension's module is
// loaded at its first operation: the drivers (mongodb, dockerode) take ~0.6 s of CPU to load, and a
// script needs one or two of them, or none.
import type { IoHandler } from './types.js';

type HandlerTable = Record<string, IoHandler>;

/** Operation prefix ('sql' of 'sql.query') → the module whose `handlers` serve it. */
const EXTENSIONS: Readonly<Record<string, () => Promise<{ handlers: HandlerTable }>>> = {
  mongo: () => import('./mongo.js'),
  docker: () => import('./docker.js'),
  http: () => import('./http.js'),
};

/** sobek turns an extension's Go error into a thrown JS Error named "GoError" (k6 logs "GoError: ..."). */
function asGoErrors(table: HandlerTable): HandlerTable {
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

const loaded = new Map<string, Promise<HandlerTable>>();

/** The handler of `op` (`<extension>.<name>`), undefined when no extension has one. */
export async function handlerFor(op: string): Promise<IoHandler | undefined> {
  const ext = op.slice(0, op.indexOf('.'));
  if (!Object.hasOwn(EXTENSIONS, ext)) return undefined;
  let table = loaded.get(ext);
  if (!table) {
    table = EXTENSIONS[ext]().then((m) => asGoErrors(m.handlers));
    loaded.set(ext, table);
  }
  const handlers = await table;
  return Object.hasOwn(handlers, op) ? handlers[op] : undefined;
}
