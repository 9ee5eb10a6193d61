// k6 provides `console` as a global (log/info/warn/error/debug); @types/k6 does not declare it and
// the k6 type world has no DOM lib.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
