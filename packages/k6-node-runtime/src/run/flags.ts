// What `k6 run`'s command line (cli/run-command.ts) hands the run.
import type { LogConfig, Level } from '../log.js';

export interface RunFlags {
  script: string;
  env: Record<string, string>; // -e
  includeSystemEnv: boolean;
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: Array<{ duration: string; target: number }>;
  quiet: boolean;
  out: string[];
  summaryExport?: string;
  summaryTrendStats?: string[];
  summaryMode: 'compact' | 'full' | 'legacy' | 'disabled';
  tags: Record<string, string>;
  noThresholds: boolean;
  noSetup: boolean;
  noTeardown: boolean;
  logOutput: string;
  logFormat: LogConfig['format'];
  verbose: boolean;
  noColor: boolean;
  /** least severe level the log file gets (k6 --log-output file=PATH,level=L) */
  logLevel?: Level;
  /** further option values set by flags (k6 getOptions: throw, systemTags, userAgent, ...) */
  options?: Record<string, unknown>;
  /** k6's JSON config file; `explicit` = named by -c/K6_CONFIG (else the default path, if present) */
  configFile?: { path: string; explicit: boolean };
  /** --console-output: console.* lines go to this file */
  consoleOutput?: string;
  /** --linger / K6_LINGER (undefined: the config file decides) */
  linger?: boolean;
  /** --compatibility-mode: "base" has no `global` alias of globalThis */
  compatibilityMode?: 'extended' | 'base';
}
