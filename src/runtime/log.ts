// k6-style log lines (logrus): on a TTY `INFO[0003] msg   source=console`, otherwise logfmt
// `time="..." level=info msg="..." source=console`, or JSON with --log-format json.
// Written with fs.writeSync so a VU's lines keep their order and never wait for main.
import { openSync, writeSync } from 'node:fs';

export type Level = 'debug' | 'info' | 'warning' | 'error';
export interface LogConfig {
  format: 'text' | 'json';
  /** 'stderr' | 'stdout' | 'none' | 'file=PATH' (k6 --log-output) */
  output: string;
  /** colour/short form only when writing text to a terminal */
  tty: boolean;
  /** epoch ms the `INFO[0003]` counter starts from */
  start: number;
  /** debug lines are shown only with --verbose */
  verbose?: boolean;
  /** TTY progress is on: VU lines go through main so they print above the redrawn progress block */
  viaMain?: boolean;
}

const SHORT: Record<Level, string> = { debug: 'DEBU', info: 'INFO', warning: 'WARN', error: 'ERRO' };
const COLOR: Record<Level, number> = { debug: 37, info: 36, warning: 33, error: 31 };

function quoteIfNeeded(v: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(v) ? v : JSON.stringify(v);
}

export function formatLog(cfg: LogConfig, level: Level, msg: string, fields: Record<string, string> = {}, now = Date.now()): string {
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
    else if (out.startsWith('file=')) this.fd = openSync(out.slice(5), 'a'); // k6 appends to the log file
    else this.fd = 2;
  }
  write(level: Level, msg: string, fields?: Record<string, string>): void {
    if (this.fd === undefined) return;
    if (level === 'debug' && !this.cfg.verbose) return;
    const line = formatLog(this.cfg, level, msg, fields);
    if (this.forward) return this.forward(line);
    try {
      writeSync(this.fd, line);
    } catch {
      // EAGAIN on a non-blocking pipe: drop rather than crash the VU
    }
  }
}

/** Validates a --log-output value (k6 accepts more; these are the ones implemented). */
export function checkLogOutput(v: string): string | undefined {
  if (v === 'stderr' || v === 'stdout' || v === 'none') return undefined;
  if (v.startsWith('file=') && v.length > 5) return undefined;
  return `unsupported --log-output '${v}': use stderr, stdout, none or file=PATH`;
}
