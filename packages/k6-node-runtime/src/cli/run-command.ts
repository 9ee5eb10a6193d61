// `run [flags] script.js`: k6 v1.8.1's `k6 run` command line (every flag, run-flags.ts),
// parsed with pflag's rules and checked in k6's order with k6's messages and exit codes
// (internal/cmd/root.go, runtime_options.go, options.go), then run by ../run.ts.
// What each flag does here: docs/runtime.md, "k6 run flags".
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTest, EXIT, type RunFlags } from '../run.js';
import { parseStageFlag } from '../executors/options.js';
import { dnsConfig, envConfigValue, nullBool } from '../executors/option-sources.js';
import { parseSegment, parseSequence } from '../executors/execution-segment.js';
import { LogWriter, parseLogOutput, UnsupportedLogOutput, type LogConfig } from '../log.js';
import { defaultConfigPath } from '../config-file.js';
import { goPathError } from '../go-path-error.js';
import { ALL_SYSTEM_TAGS } from '../vu/state.js';
import { parseFlags, parseGoBool, FlagError, flagUsages, type FlagValue, type Parsed } from './pflag.js';
import { RUN_FLAGS, LOCAL_FLAGS, ROOT_FLAGS } from './run-flags.js';

/** k6 exits -1 (255) for a bad command line or flag value: those errors carry no exit code. */
export const EXIT_BAD_FLAGS = 255;

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}
const bad = (msg: string): CliError => new CliError(msg, EXIT_BAD_FLAGS);
/** A flag value k6 accepts but this runtime cannot honour. */
const refused = (msg: string): CliError =>
  new CliError(`${msg} is not supported by the cdc-chaos runtime (see docs/runtime.md)`, EXIT.INVALID_CONFIG);

const SECRET_SOURCES = new Set(['file', 'mock', 'url', 'cloud']);

function helpText(): string {
  return `Start a test. This also exposes a REST API to interact with it. Various k6 subcommands offer
a commandline interface for interacting with it.

Usage:
  cdc-chaos run [flags]

Examples:
  # Run a single VU, once.
  cdc-chaos run script.js

  # Run 5 VUs, splitting 10 iterations between them.
  cdc-chaos run -u 5 -i 10 script.js

  # Ramp VUs from 0 to 100 over 10s, stay there for 60s, then 10s down to 0.
  cdc-chaos run -u 0 -s 10s:100 -s 60s:100 -s 10s:0 script.js

Flags:
${flagUsages(LOCAL_FLAGS)}

Global Flags:
${flagUsages(ROOT_FLAGS)}

What each flag does in the cdc-chaos runtime: docs/runtime.md, "k6 run flags".
`;
}

/** Runs `k6 run <argv>`; resolves with the exit code. */
export async function runCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const noColorEnv = (env.K6_NO_COLOR ?? '') !== '' || env.NO_COLOR !== undefined;
  const stderrTTY = Boolean(process.stderr.isTTY);
  // Until the flags say otherwise, errors go where k6's default logger writes them.
  let log: LogConfig = { format: 'text', output: 'stderr', tty: stderrTTY && !noColorEnv, start: Date.now() };
  try {
    const flags = resolveFlags(argv, env, noColorEnv, (c) => (log = c));
    if (!flags) return 0; // -h/--help
    return await runTest(flags);
  } catch (e) {
    if (!(e instanceof FlagError || e instanceof CliError)) throw e;
    new LogWriter(log).write('error', e.message);
    return e instanceof CliError ? e.code : EXIT_BAD_FLAGS;
  }
}

/** Typed reads of the parsed flags (pflag's Changed set) and of k6's environment variables. */
class FlagReader {
  constructor(
    private readonly p: Parsed,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  has(name: string): boolean {
    return this.p.set.has(name);
  }
  value(name: string): FlagValue | undefined {
    return this.p.set.get(name);
  }
  str(name: string): string | undefined {
    return this.p.set.get(name) as string | undefined;
  }
  bool(name: string): boolean | undefined {
    return this.p.set.get(name) as boolean | undefined;
  }
  list(name: string): string[] {
    return (this.p.set.get(name) as string[] | undefined) ?? [];
  }
  /** The flag when given, else the environment variable. */
  strOrEnv(name: string, envName: string): string | undefined {
    return this.has(name) ? this.str(name) : this.env[envName];
  }
  envBool(name: string): boolean | undefined {
    const v = this.env[name];
    if (v === undefined) return undefined;
    try {
      return parseGoBool(v);
    } catch (e) {
      throw bad(`env var '${name}' is not a valid boolean value: ${(e as Error).message}`);
    }
  }
  /** The bool flag when given, else the environment variable's Go bool. */
  boolOrEnv(name: string, envName: string): boolean | undefined {
    return this.has(name) ? this.bool(name)! : this.envBool(envName);
  }
}

interface LogFlags {
  noColor: boolean;
  verbose: boolean;
  quiet: boolean;
  logFormat: LogConfig['format'];
  logOut: Pick<LogConfig, 'output' | 'minLevel'>;
}

/**
 * The checks of k6's run path, in its order; `useLog` receives the log setup once it is known.
 * Returns undefined after printing the help.
 */
function resolveFlags(
  argv: string[],
  env: NodeJS.ProcessEnv,
  noColorEnv: boolean,
  useLog: (c: LogConfig) => void,
): RunFlags | undefined {
  const p = parseFlags(argv, RUN_FLAGS);
  for (const n of p.notices) process.stdout.write(`${n}\n`); // cobra prints flag notices to its stdout
  if (p.help) {
    process.stdout.write(helpText());
    return undefined;
  }
  if (p.args.length !== 1)
    throw bad(
      `accepts 1 arg(s), received ${p.args.length}: arg should either be "-", if reading script from stdin, or a path to a script file`,
    );
  const script = p.args[0];
  const f = new FlagReader(p, env);
  // 1. loggers (k6 persistentPreRunE → setupLoggers), then secret sources
  const log = logFlags(f, noColorEnv);
  useLog({
    format: log.logFormat,
    ...log.logOut,
    tty: log.logOut.output === 'stderr' && log.logFormat === 'text' && Boolean(process.stderr.isTTY) && !log.noColor,
    start: Date.now(),
    verbose: log.verbose,
  });
  checkSecretSources(f);
  // 2. runtime options (k6 getRuntimeOptions)
  const rt = runtimeFlags(f, script);
  // 3. option flags (k6 getOptions)
  const opt = optionFlags(f);
  // 4. what k6 accepts but this runtime cannot do
  refuseUnsupported(f, rt, log);
  const out = f.list('out');
  if (out.length === 0 && env.K6_OUT) out.push(...env.K6_OUT.split(',').filter(Boolean));
  return {
    script,
    env: rt.scriptEnv,
    includeSystemEnv: rt.includeSystemEnv,
    vus: f.value('vus') as number | undefined,
    duration: f.str('duration'),
    iterations: f.value('iterations') as number | undefined,
    stages: opt.stages,
    quiet: log.quiet,
    out,
    summaryExport: rt.summaryExport,
    summaryTrendStats: opt.trendStats,
    summaryMode: rt.noSummary ? 'disabled' : (rt.summaryMode as RunFlags['summaryMode']),
    tags: opt.tags,
    noThresholds: rt.noThresholds === true,
    noSetup: f.bool('no-setup') === true,
    noTeardown: f.bool('no-teardown') === true,
    logOutput: log.logOut.output,
    logLevel: log.logOut.minLevel,
    logFormat: log.logFormat,
    verbose: log.verbose,
    noColor: log.noColor,
    options: rt.noThresholds === false ? { ...opt.options, noThresholds: false } : opt.options,
    configFile: {
      path: f.strOrEnv('config', 'K6_CONFIG') ?? defaultConfigPath(env),
      explicit: f.has('config') || env.K6_CONFIG !== undefined,
    },
    consoleOutput: opt.consoleOutput,
    linger: lingerFlag(f),
    compatibilityMode: rt.compat === 'base' ? 'base' : 'extended',
  };
}

function logFlags(f: FlagReader, noColorEnv: boolean): LogFlags {
  const noColor = f.has('no-color') ? f.bool('no-color')! : noColorEnv;
  const logFormatRaw = f.str('log-format') ?? f.env.K6_LOG_FORMAT ?? '';
  const logFormat: LogConfig['format'] = logFormatRaw === 'json' ? 'json' : logFormatRaw === 'raw' ? 'raw' : 'text';
  try {
    const logOut = parseLogOutput(f.str('log-output') ?? f.env.K6_LOG_OUTPUT ?? 'stderr');
    return { noColor, verbose: f.bool('verbose') === true, quiet: f.bool('quiet') === true, logFormat, logOut };
  } catch (e) {
    throw e instanceof UnsupportedLogOutput ? new CliError(e.message, EXIT.INVALID_CONFIG) : bad((e as Error).message);
  }
}

function checkSecretSources(f: FlagReader): void {
  const secretSources = f.has('secret-source')
    ? f.list('secret-source')
    : f.env.K6_SECRET_SOURCE !== undefined
      ? [f.env.K6_SECRET_SOURCE]
      : [];
  for (const line of secretSources) {
    const eq = line.indexOf('=');
    const type = eq === -1 ? line : line.slice(0, eq);
    if (eq === -1 && line.trim() === '')
      throw bad(`couldn't parse secret source configuration ${JSON.stringify(line)}`);
    if (!SECRET_SOURCES.has(type))
      throw bad(`no secret source for type ${JSON.stringify(type)} for configuration ${JSON.stringify(line)}`);
    if (type.trim() === 'cloud')
      throw new CliError(
        "the 'cloud' secret source can only be used with 'k6 cloud run --local-execution'",
        EXIT.INVALID_CONFIG,
      );
  }
}

/** k6 getRuntimeOptions, plus the summary and trace settings read with them. */
function runtimeFlags(f: FlagReader, script: string) {
  const compat = f.strOrEnv('compatibility-mode', 'K6_COMPATIBILITY_MODE') ?? 'extended';
  if (!['extended', 'base', 'experimental_enhanced'].includes(compat))
    throw bad(`invalid compatibility mode "${compat}". Use: "extended", "base", "experimental_enhanced"`);
  const includeSystemEnv = f.boolOrEnv('include-system-env-vars', 'K6_INCLUDE_SYSTEM_ENV_VARS') ?? true;
  const noThresholds = f.boolOrEnv('no-thresholds', 'K6_NO_THRESHOLDS');
  const noSummary = f.boolOrEnv('no-summary', 'K6_NO_SUMMARY');
  const summaryMode = f.strOrEnv('summary-mode', 'K6_SUMMARY_MODE') || 'compact';
  if (!['compact', 'full', 'legacy', 'disabled'].includes(summaryMode)) throw bad('invalid summary mode');
  const summaryExport = f.strOrEnv('summary-export', 'K6_SUMMARY_EXPORT') || undefined;
  const newSummary = f.has('new-machine-readable-summary')
    ? f.bool('new-machine-readable-summary')
    : f.envBool('K6_NEW_MACHINE_READABLE_SUMMARY');
  const traces = f.strOrEnv('traces-output', 'K6_TRACES_OUTPUT') ?? 'none';
  const scriptEnv: Record<string, string> = {};
  for (const kv of f.list('env')) {
    const eq = kv.indexOf('=');
    const k = eq === -1 ? kv : kv.slice(0, eq);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) throw bad(`invalid environment variable name '${k}'`);
    scriptEnv[k] = eq === -1 ? '' : kv.slice(eq + 1);
  }
  const type = f.strOrEnv('type', 'K6_TYPE') ?? '';
  if (type === 'archive') throw refused('--type archive (k6 archives)');
  if (type !== '' && type !== 'js')
    throw bad(
      `could not initialize '${script}': unknown or unspecified test type '${type}' for '${pathToFileURL(resolve(script)).href}'`,
    );
  return {
    compat,
    includeSystemEnv,
    noThresholds,
    noSummary,
    summaryMode,
    summaryExport,
    newSummary,
    traces,
    scriptEnv,
  };
}

const OPTION_FLAGS: Array<[string, string]> = [
  ['max-redirects', 'maxRedirects'],
  ['batch', 'batch'],
  ['batch-per-host', 'batchPerHost'],
  ['user-agent', 'userAgent'],
  ['http-debug', 'httpDebug'],
  ['insecure-skip-tls-verify', 'insecureSkipTLSVerify'],
  ['no-connection-reuse', 'noConnectionReuse'],
  ['no-vu-connection-reuse', 'noVUConnectionReuse'],
  ['min-iteration-duration', 'minIterationDuration'],
  ['throw', 'throw'],
  ['discard-response-bodies', 'discardResponseBodies'],
  ['no-setup', 'noSetup'],
  ['no-teardown', 'noTeardown'],
  ['paused', 'paused'],
  ['rps', 'rps'],
];
const SEGMENT_FLAGS = [
  ['execution-segment', 'executionSegment', parseSegment],
  ['execution-segment-sequence', 'executionSegmentSequence', parseSequence],
] as const;

/** k6 getOptions: the option values the flags set, checked as k6 parses them. */
function optionFlags(f: FlagReader) {
  const options: Record<string, unknown> = {};
  for (const [flag, key] of OPTION_FLAGS) if (f.has(flag)) options[key] = f.value(flag);
  let stages: RunFlags['stages'];
  try {
    if (f.has('stage')) stages = parseStageFlag(f.list('stage'));
  } catch (e) {
    throw bad((e as Error).message);
  }
  // k6 parses them here (getOptions); a bad value has no exit code of its own
  for (const [flag, key, parse] of SEGMENT_FLAGS) {
    if (!f.has(flag)) continue;
    try {
      parse(f.str(flag)!);
    } catch (e) {
      throw bad((e as Error).message);
    }
    options[key] = f.str(flag);
  }
  if (f.has('system-tags')) options.systemTags = f.list('system-tags').filter((t) => ALL_SYSTEM_TAGS.has(t)); // k6 drops unknown names
  if (f.list('blacklist-ip').length > 0) throw refused('--blacklist-ip');
  if (f.list('block-hostnames').length > 0) throw refused('--block-hostnames');
  if (f.str('local-ips')) throw refused('--local-ips');
  const trendStats = f.has('summary-trend-stats') ? f.list('summary-trend-stats') : undefined;
  for (const stat of trendStats ?? []) checkTrendStat(stat);
  const timeUnit = f.str('summary-time-unit') ?? '';
  if (timeUnit !== '') {
    if (!['s', 'ms', 'us'].includes(timeUnit))
      throw bad(`invalid summary time unit '${timeUnit}', use 's', 'ms' or 'us'`);
    options.summaryTimeUnit = timeUnit;
  }
  const tags = tagFlags(f.list('tag'));
  const consoleOutputText = f.strOrEnv('console-output', 'K6_CONSOLE_OUTPUT');
  const consoleOutput = consoleOutputFlag(consoleOutputText);
  // the text as given (k6 shows it in exec.test.options); consoleOutput above is the file console.* writes to
  if (consoleOutput) options.consoleOutput = consoleOutputText;
  if (f.has('dns')) {
    try {
      options.dns = dnsConfig(f.str('dns')!);
    } catch (e) {
      throw bad((e as Error).message);
    }
  }
  return { options, stages, trendStats, tags, consoleOutput };
}

function tagFlags(list: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of list) {
    const eq = t.indexOf('=');
    const why =
      t === ''
        ? 'invalid tag, empty string'
        : eq === 0
          ? 'invalid tag, empty name'
          : eq === -1 || eq === t.length - 1
            ? 'invalid tag, empty value'
            : undefined;
    if (why) throw bad(`error parsing tag '${t}': ${why}`);
    tags[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return tags;
}

function consoleOutputFlag(given: string | undefined): string | undefined {
  if (!given) return undefined;
  const path = resolve(given);
  try {
    closeSync(openSync(path, 'a')); // k6 opens (creates) it before the test starts
  } catch (e) {
    throw bad(goPathError('open', given, e));
  }
  return path;
}

/** Flag values k6 accepts but this runtime cannot honour (exit 104), and k6's deprecation warnings. */
function refuseUnsupported(f: FlagReader, rt: ReturnType<typeof runtimeFlags>, log: LogFlags): void {
  if (f.bool('paused')) throw refused('--paused (resuming needs the k6 REST API)');
  if (((f.value('rps') as number | undefined) ?? 0) > 0) throw refused('--rps');
  if (rt.newSummary) throw refused('--new-machine-readable-summary');
  if (rt.traces !== 'none') throw refused(`--traces-output '${rt.traces}'`);
  const warn = (msg: string): void =>
    new LogWriter({ format: log.logFormat, ...log.logOut, tty: false, start: Date.now() }).write('warning', msg);
  if (rt.compat === 'experimental_enhanced') {
    warn(
      'CompatibilityMode "experimental_enhanced" is deprecated. Types are stripped by default for `.ts` files. Please move to using "base" instead as "experimental_enhanced" will be removed in the future',
    );
  }
  // k6 v1.8.1 internal/cmd/run.go
  if (rt.summaryMode === 'legacy' && !rt.noSummary) {
    warn(
      'The "legacy" summary mode has been deprecated, and will be removed by k6 v2.0. Please, migrate to either "compact" or "full" as soon as possible.',
    );
  }
}

/** --linger, else K6_LINGER (cmd.Config's null.Bool, read by envconfig); undefined: the config file decides. */
function lingerFlag(f: FlagReader): boolean | undefined {
  if (f.has('linger')) return f.bool('linger');
  const value = f.env.K6_LINGER;
  if (value === undefined) return undefined;
  return envConfigValue(
    'K6_LINGER',
    'Linger',
    'null.Bool',
    nullBool,
    value,
    (m) => new CliError(m, EXIT.INVALID_CONFIG),
  );
}

/** k6 metrics.GetResolversForTrendColumns' check of one --summary-trend-stats entry. */
function checkTrendStat(stat: string): void {
  if (['avg', 'min', 'med', 'max', 'count'].includes(stat)) return;
  if (!stat.startsWith('p(') || !stat.endsWith(')')) throw bad(`invalid trend stat '${stat}', unknown format`);
  const inner = stat.slice(2, -1);
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(inner) ? Number(inner) : NaN;
  if (!(n >= 0 && n <= 100))
    throw bad(`invalid percentile trend stat value '${stat}', provide a number between 0 and 100`);
}
