// Every extension's I/O handlers, merged for the I/O worker (src/runtime/bridge/io-worker.ts).
import type { IoHandler } from './types.js';
import { handlers as sql } from './sql.js';
import { handlers as mongo } from './mongo.js';
import { handlers as docker } from './docker.js';
import { handlers as http } from './http.js';

export const handlers: Record<string, IoHandler> = { ...sql, ...mongo, ...docker, ...http };
