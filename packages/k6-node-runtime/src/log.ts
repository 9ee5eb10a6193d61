// k6-style log lines (logrus): on a TTY `INFO[0003] msg   source=console`, otherwise logfmt
// `time="..." level=info msg="..." source=console`, or JSON with --log-format json.
// Written with fs.writeSync so a VU's lines keep their order and never wait for main.
import { openSync, writeSync, existsSync, closeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { goPathError } from './go-path-error.js';

export type Level = 'debug' | 'info' | 'warning' | 'error';
export interface LogConfig {
  /** k6 --log-format: json, raw (the message alone) or text (anything else) */
  format: 'text' | 'json' | 'raw';
  /** 'stderr' | 'stdout' | 'none' | 'file=PATH' (k6 --log-output) */
  output: string;
  /** least severe level written (k6 `file=PATH,level=L`); --verbose still decides on debug */
  minLevel?: Level;
  /** colour/short form only when writing text to a terminal */
  tty: boolean;
  /** epoch ms the `INFO[0003]` counter starts from */
  start: number;
  /** debug lines are shown only with --verbose */
  verbose?: boolean;
  /** TTY progress is on: VU lines go through main so they print above the redrawn progress block */
  viaMain?: boolean;
  /** k6 --console-output: console.* lines are appended to this file instead */
  consoleOutput?: string;
}

const SEVERITY: Record<Level, number> = { error: 0, warning: 1, info: 2, debug: 3 };
const SHORT: Record<Level, string> = { debug: 'DEBU', info: 'INFO', warning: 'WARN', error: 'ERRO' };
const COLOR: Record<Level, number> = { debug: 37, info: 36, warning: 33, error: 31 };

function quoteIfNeeded(v: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(v) ? v : JSON.stringify(v);
}

export function formatLog(
  cfg: LogConfig,
  level: Level,
  msg: string,
  fields: Record<string, string> = {},
  now = Date.now(),
): string {
  if (cfg.format === 'raw') return `${msg}\n`;
  if (cfg.format === 'json') {
    return JSON.stringify({ level, msg, ...fields, time: new Date(now).toISOString() }) + '\n';
  }
  const keys = Object.keys(fields).sort();
  if (cfg.tty) {
    const secs = String(Math.max(0, Math.floor((now - cfg.start) / 1000))).padStart(4, '0');
    const head = `\x1b[${COLOR[level]}m${SHORT[level]}\x1b[0m[${secs}] `;
    const f = keys.map((k) => ` \x1b[${COLOR[level]}m${k}\x1b[0m=${quoteIfNeeded(fields[k])}`).join('');
    return `${head}${msg.padEnd(44)}${f}\n`;
  }
  const f = keys.map((k) => ` ${k}=${quoteIfNeeded(fields[k])}`).join('');
  return `time=${JSON.stringify(new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'))} level=${level} msg=${JSON.stringify(msg)}${f}\n`;
}

export class LogWriter {
  private fd: number | undefined;
  /** set → lines are handed to this function instead of written (see LogConfig.viaMain) */
  forward: ((line: string) => void) | undefined;
  constructor(readonly cfg: LogConfig) {
    const out = cfg.output;
    if (out === 'none') this.fd = undefined;
    else if (out === 'stdout') this.fd = 1;
    else if (out.startsWith('file='))
      this.fd = openSync(out.slice(5), 'a'); // k6 appends to the log file
    else this.fd = 2;
  }
  write(level: Level, msg: string, fields?: Record<string, string>): void {
    if (this.fd === undefined) return;
    if (level === 'debug' && !this.cfg.verbose) return;
    if (this.cfg.minLevel && SEVERITY[level] > SEVERITY[this.cfg.minLevel]) return;
    const line = formatLog(this.cfg, level, msg, fields);
    if (this.forward) return this.forward(line);
    try {
      writeSync(this.fd, line);
    } catch {
      // EAGAIN on a non-blocking pipe: drop rather than crash the VU
    }
  }
}

/** A --log-output value k6 accepts but this runtime cannot serve (loki): exit 104. */
export class UnsupportedLogOutput extends Error {}

/** logrus.ParseLevel names → the levels this logger has. */
const LOGRUS_LEVELS: Record<string, Level> = {
  panic: 'error',
  fatal: 'error',
  error: 'error',
  warn: 'warning',
  warning: 'warning',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
};

/**
 * k6's --log-output (internal/cmd/root.go setupLoggers, internal/log/file.go): stderr, stdout,
 * none or `file=PATH[,level=L]` (PATH relative to the working directory; its folder must exist).
 * Throws k6's message for a value k6 refuses, UnsupportedLogOutput for loki.
 */
export function parseLogOutput(line: string): Pick<LogConfig, 'output' | 'minLevel'> {
  if (line === 'stderr' || line === 'stdout' || line === 'none') return { output: line };
  if (line.startsWith('loki'))
    throw new UnsupportedLogOutput(
      `--log-output '${line}': Loki is not supported by the cdc-chaos runtime; use stderr, stdout, none or file=PATH`,
    );
  if (!line.startsWith('file')) throw new Error(`unsupported log output '${line}'`);
  if (line.split('=')[0] !== 'file')
    throw new Error(`logfile configuration should be in the form \`file=path-to-local-file\` but is \`${line}\``);
  let path = '';
  let minLevel: Level | undefined;
  for (const token of line.split(',')) {
    const eq = token.indexOf('=');
    const key = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? '' : token.slice(eq + 1);
    if (key === 'file') {
      if (value === '') throw new Error('filepath must not be empty');
      path = value;
    } else if (key === 'level') {
      minLevel = LOGRUS_LEVELS[value.toLowerCase()];
      if (!minLevel) throw new Error(`unknown log level ${value}`);
    } else throw new Error(`unknown logfile config key ${key}`);
  }
  const abs = resolve(path);
  if (!existsSync(dirname(abs))) throw new Error(`provided directory '${dirname(abs)}' does not exist`);
  try {
    closeSync(openSync(abs, 'a')); // k6 opens (creates) the log file before the test starts
  } catch (e) {
    throw new Error(`failed to open logfile ${abs}: ${goPathError('open', abs, e)}`);
  }
  return { output: `file=${abs}`, minLevel };
}
