import type { Writable } from 'node:stream';
import type { MetricsEngine } from '../metrics/engine.js';
import type { Sample } from '../metrics/types.js';

/** A `-o/--out` destination. addSamples only buffers; I/O happens on the output's own timer and in stop(). */
export interface Output {
  readonly description: string;
  start(): void | Promise<void>;
  addSamples(samples: Sample[]): void;
  /** flushes what is buffered, then closes (prometheus-rw: last push, then stale markers when enabled) */
  stop(): Promise<void>;
}

export interface OutputContext {
  /** metric declarations (types, contains, thresholds, sub-metrics): pass the run's engine */
  engine?: MetricsEngine;
  /** where `-o json` (no file or "-") writes; default process.stdout */
  stdout?: Writable;
  /** base for relative file names; default process.cwd() */
  cwd?: string;
  /** logger for output errors (k6 logs them and carries on); default writes to stderr */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => void;
}

export const defaultLog = (level: string, msg: string): void => {
  if (level === 'debug') return;
  process.stderr.write(`${level === 'error' ? 'ERRO' : level === 'warn' ? 'WARN' : 'INFO'}[0000] ${msg}\n`);
};
