// One JSON object per line on stdout, so `docker logs cdc-consumer` is greppable and machine-readable.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  min: Level,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const at =
    (level: Level) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[level] < RANK[min]) return;
      write(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const errorFields = (e: unknown): Record<string, unknown> =>
  e instanceof Error
    ? { error: e.message, errorName: e.name, ...('code' in e ? { code: e.code } : {}) }
    : { error: String(e) };
