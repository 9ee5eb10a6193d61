// `cdc-chaos run [flags] script.js` — k6 run's flags that the harness uses (src/runtime/run.ts).
import { Command, Option, InvalidArgumentError } from 'commander';
import { runTest, type RunFlags } from '../../runtime/run.js';
import { parseStageFlag } from '../../runtime/executors/options.js';
import { checkLogOutput } from '../../runtime/log.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function kv(list: string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new InvalidArgumentError(`${what} must be KEY=VALUE, got '${item}'`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function intArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`'${v}' is not an integer`);
  return n;
}

interface Raw {
  env?: string[];
  vus?: number;
  duration?: string;
  iterations?: number;
  stage?: string[];
  quiet?: boolean;
  out?: string[];
  summaryExport?: string;
  summaryTrendStats?: string;
  summaryMode: string;
  summary: boolean;
  tag?: string[];
  thresholds: boolean;
  setup: boolean;
  teardown: boolean;
  logOutput: string;
  logFormat: string;
  includeSystemEnvVars: boolean;
  verbose?: boolean;
  color: boolean;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a k6 script (k6 run compatible subset; see docs/runtime.md)')
    .argument('<script>', 'k6 script (ES module) — e.g. dist/chaos-mongodb.js')
    .option('-e, --env <KEY=VALUE>', 'add/override an environment variable in __ENV (repeatable)', collect)
    .option('-u, --vus <n>', 'number of virtual users', intArg)
    .option('-d, --duration <duration>', 'test duration, e.g. 30s, 1m30s')
    .option('-i, --iterations <n>', 'total iterations shared by the VUs', intArg)
    .option('-s, --stage <DURATION:TARGET>', 'ramping stage, e.g. 30s:10 (repeatable or comma separated)', collect)
    .option('-q, --quiet', 'disable the progress display')
    .option('-o, --out <output>', 'metrics output: json=FILE or experimental-prometheus-rw (repeatable)', collect)
    .option('--summary-export <file>', 'write the end-of-test summary (legacy JSON) to a file')
    .option('--summary-trend-stats <stats>', 'trend stats in the summary, e.g. avg,p(95),p(99.9)')
    .addOption(new Option('--summary-mode <mode>', 'end-of-test summary').choices(['compact', 'full', 'disabled']).default('compact'))
    .option('--no-summary', 'do not print the end-of-test summary (same as --summary-mode=disabled)')
    .option('--tag <NAME=VALUE>', 'test-wide tag added to every sample (repeatable)', collect)
    .option('--no-thresholds', "don't run thresholds")
    .option('--no-setup', "don't run setup()")
    .option('--no-teardown', "don't run teardown()")
    .option('--log-output <output>', 'where logs go: stderr, stdout, none, file=PATH', 'stderr')
    .addOption(new Option('--log-format <format>', 'log format').choices(['text', 'json']).default('text'))
    .option('--include-system-env-vars', 'pass the real environment variables to __ENV (default)', true)
    .option('--no-include-system-env-vars', "don't pass the real environment variables to __ENV")
    .option('-v, --verbose', 'show debug logs')
    .option('--no-color', 'disable colored output')
    .action(async (script: string, raw: Raw, cmd: Command) => {
      // k6: K6_* environment variables fill flags that were not given on the command line.
      const fromEnv = (opt: string, env: string, apply: (v: string) => void): void => {
        const v = process.env[env];
        if (v !== undefined && v !== '' && cmd.getOptionValueSource(opt) !== 'cli') apply(v);
      };
      const truthy = (v: string) => v === 'true' || v === '1';
      fromEnv('summaryMode', 'K6_SUMMARY_MODE', (v) => (raw.summaryMode = v));
      fromEnv('summary', 'K6_NO_SUMMARY', (v) => (raw.summary = !truthy(v)));
      fromEnv('logOutput', 'K6_LOG_OUTPUT', (v) => (raw.logOutput = v));
      fromEnv('logFormat', 'K6_LOG_FORMAT', (v) => (raw.logFormat = v));
      fromEnv('includeSystemEnvVars', 'K6_INCLUDE_SYSTEM_ENV_VARS', (v) => (raw.includeSystemEnvVars = truthy(v)));
      fromEnv('color', 'K6_NO_COLOR', (v) => (raw.color = !truthy(v)));
      if (!['compact', 'full', 'disabled'].includes(raw.summaryMode) || !['text', 'json'].includes(raw.logFormat)) {
        process.stderr.write(`invalid K6_SUMMARY_MODE or K6_LOG_FORMAT value\n`);
        process.exitCode = 104;
        return;
      }
      const logErr = checkLogOutput(raw.logOutput);
      if (logErr) {
        process.stderr.write(`${logErr}\n`);
        process.exitCode = 104;
        return;
      }
      let flags: RunFlags;
      try {
        const out = [...(raw.out ?? [])];
        if (out.length === 0 && process.env.K6_OUT) out.push(...process.env.K6_OUT.split(',').filter(Boolean));
        flags = {
          script,
          env: kv(raw.env, '--env'),
          includeSystemEnv: raw.includeSystemEnvVars,
          vus: raw.vus,
          duration: raw.duration,
          iterations: raw.iterations,
          stages: raw.stage ? parseStageFlag(raw.stage) : undefined,
          quiet: raw.quiet === true,
          out,
          summaryExport: raw.summaryExport ?? process.env.K6_SUMMARY_EXPORT,
          summaryTrendStats: raw.summaryTrendStats?.split(',').map((s) => s.trim()).filter(Boolean),
          summaryMode: !raw.summary ? 'disabled' : (raw.summaryMode as RunFlags['summaryMode']),
          tags: kv(raw.tag, '--tag'),
          noThresholds: !raw.thresholds,
          noSetup: !raw.setup,
          noTeardown: !raw.teardown,
          logOutput: raw.logOutput,
          logFormat: raw.logFormat as 'text' | 'json',
          verbose: raw.verbose === true,
          noColor: raw.color === false || process.env.NO_COLOR !== undefined,
        };
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        process.exitCode = 104;
        return;
      }
      const code = await runTest(flags);
      // Exit explicitly: a script's open handles must not keep the process alive after the summary.
      process.exit(code);
    });
}
