// console.* inside a VU → k6-style log lines. A message starting with PHASE_PREFIX also updates
// the phase shown on the live progress line (docs/runtime.md, "Progress and phase hook").
import { format } from 'node:util';
import { LogWriter, type Level, type LogConfig } from '../log.js';
import { postToMain } from './state.js';

export const PHASE_PREFIX = 'cdc-chaos:phase ';
let writer: LogWriter | undefined;
let consoleWriter: LogWriter | undefined;
let baseFields: Record<string, string> = {};

export function setupConsole(cfg: LogConfig): void {
  writer = new LogWriter(cfg);
  if (cfg.viaMain) writer.forward = (line) => postToMain({ type: 'log', line });
  if (cfg.consoleOutput)
    consoleWriter = new LogWriter({
      ...cfg,
      output: `file=${cfg.consoleOutput}`,
      tty: false,
      viaMain: false,
      minLevel: undefined,
    });
}
export function setLogFields(f: Record<string, string>): void {
  baseFields = f;
}

function render(args: unknown[]): string {
  // k6 prints objects as JSON, other values as strings, joined by spaces.
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack && a.stack.startsWith(`${a.name}`) ? `${a.name}: ${a.message}` : String(a);
      if (a !== null && typeof a === 'object') {
        try {
          return JSON.stringify(a);
        } catch {
          return format('%o', a);
        }
      }
      return String(a);
    })
    .join(' ');
}

export function log(level: Level, msg: string, fields?: Record<string, string>, to = writer): void {
  if (msg.startsWith(PHASE_PREFIX)) postToMain({ type: 'phase', text: msg.slice(PHASE_PREFIX.length).trim() });
  to?.write(level, msg, { ...baseFields, ...fields });
}

export function installConsole(g: { console: unknown }): void {
  const mk =
    (level: Level) =>
    (...args: unknown[]) =>
      log(level, render(args), { source: 'console' }, consoleWriter ?? writer);
  g.console = {
    log: mk('info'),
    info: mk('info'),
    warn: mk('warning'),
    error: mk('error'),
    debug: mk('debug'),
    trace: mk('debug'),
  };
}
