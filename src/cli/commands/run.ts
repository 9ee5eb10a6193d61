// `cdc-chaos run [flags] script.js`: k6 v1.8.1's `k6 run` command line (every flag, run-flags.ts),
// parsed with pflag's rules and checked in k6's order with k6's messages and exit codes
// (internal/cmd/root.go, runtime_options.go, options.go), then run by src/runtime/run.ts.
// What each flag does here: docs/runtime.md, "k6 run flags".
import type { Command } from 'commander';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTest, EXIT, type RunFlags } from '../../runtime/run.js';
import { parseStageFlag } from '../../runtime/executors/options.js';
import { parseSegment, parseSequence } from '../../runtime/executors/execution-segment.js';
import { LogWriter, parseLogOutput, UnsupportedLogOutput, type LogConfig } from '../../runtime/log.js';
import { defaultConfigPath } from '../../runtime/config-file.js';
import { goPathError } from '../../runtime/go-path-error.js';
import { DEFAULT_SYSTEM_TAGS } from '../../runtime/vu/state.js';
import { parseFlags, parseGoBool, FlagError, flagUsages, type Parsed } from '../pflag.js';
import { RUN_FLAGS, LOCAL_FLAGS, ROOT_FLAGS, DEFAULT_DNS } from '../run-flags.js';

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
const refused = (msg: string): CliError => new CliError(`${msg} is not supported by the cdc-chaos runtime (see docs/runtime.md)`, EXIT.INVALID_CONFIG);

const ALL_SYSTEM_TAGS = new Set([...DEFAULT_SYSTEM_TAGS, 'iter', 'vu', 'ocsp_status', 'ip']);
const SECRET_SOURCES = new Set(['file', 'mock', 'url', 'cloud']);

export function register(program: Command): void {
  program
    .command('run')
    .description('Run a test: the command line of `k6 run` v1.8.1 (`cdc-chaos run -h`; docs/runtime.md)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument('[flags and script...]')
    .action(async (args: string[]) => {
      // Exit explicitly: a script's open handles must not keep the process alive after the summary.
      process.exit(await runCommand(args));
    });
}

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

/** Typed reads of the given flags, and of the K6_* variable a flag defaults to. */
class FlagReader {
  constructor(
    readonly parsed: Parsed,
    readonly env: NodeJS.ProcessEnv,
  ) {}
  has(name: string): boolean {
    return this.parsed.set.has(name);
  }
  str(name: string): string | undefined {
    return this.parsed.set.get(name) as string | undefined;
  }
  bool(name: string): boolean | undefined {
    return this.parsed.set.get(name) as boolean | undefined;
  }
  num(name: string): number | undefined {
    return this.parsed.set.get(name) as number | undefined;
  }
  list(name: string): string[] {
    return (this.parsed.set.get(name) as string[] | undefined) ?? [];
  }
  /** The flag's value if it was given, else the environment variable's. */
  strOr(name: string, envVar: string): string | undefined {
    return this.has(name) ? this.str(name) : this.env[envVar];
  }
  boolOr(name: string, envVar: string): boolean | undefined {
    return this.has(name) ? this.bool(name) : this.envBool(envVar);
  }
  envBool(envVar: string): boolean | undefined {
    const v = this.env[envVar];
    if (v === undefined) return undefined;
    try {
      return parseGoBool(v);
    } catch (e) {
      throw bad(`env var '${envVar}' is not a valid boolean value: ${(e as Error).message}`);
    }
  }
}

interface LogSetup {
  logFormat: LogConfig['format'];
  logOut: Pick<LogConfig, 'output' | 'minLevel'>;
  noColor: boolean;
  verbose: boolean;
}

/** What k6's getRuntimeOptions and the summary flags decide. */
interface RuntimeChoices {
  compat: string;
  includeSystemEnv: boolean;
  noThresholds: boolean | undefined;
  noSummary: boolean | undefined;
  summaryMode: string;
  summaryExport: string | undefined;
  newSummary: boolean | undefined;
  traces: string;
  scriptEnv: Record<string, string>;
}

/** What k6's getOptions takes from the command line. */
interface OptionChoices {
  options: Record<string, unknown>;
  stages: RunFlags['stages'];
  trendStats: string[] | undefined;
  tags: Record<string, string>;
  consoleOutput: string | undefined;
}

/**
 * The checks of k6's run path, in its order; `useLog` receives the log setup once it is known.
 * Returns undefined after printing the help.
 */
function resolveFlags(argv: string[], env: NodeJS.ProcessEnv, noColorEnv: boolean, useLog: (c: LogConfig) => void): RunFlags | undefined {
  const p = parseFlags(argv, RUN_FLAGS);
  for (const n of p.notices) process.stdout.write(`${n}\n`); // cobra prints flag notices to its stdout
  if (p.help) {
    process.stdout.write(helpText());
    return undefined;
  }
  if (p.args.length !== 1) throw bad(`accepts 1 arg(s), received ${p.args.length}: arg should either be "-", if reading script from stdin, or a path to a script file`);
  const script = p.args[0];
  const r = new FlagReader(p, env);
  // 1. loggers (k6 persistentPreRunE → setupLoggers), then secret sources
  const log = setupLog(r, noColorEnv, useLog);
  checkSecretSources(r);
  // 2. runtime options (k6 getRuntimeOptions)
  const rt = runtimeChoices(r, script);
  // 3. option flags (k6 getOptions)
  const opts = optionChoices(r);
  // 4. what k6 accepts but this runtime cannot do
  refuseUnsupported(r, rt);
  warnDeprecated(rt, log);
  return runFlags(r, script, log, rt, opts);
}

function setupLog(r: FlagReader, noColorEnv: boolean, useLog: (c: LogConfig) => void): LogSetup {
  const noColor = r.has('no-color') ? r.bool('no-color')! : noColorEnv;
  const verbose = r.bool('verbose') === true;
  const logFormatRaw = r.str('log-format') ?? r.env.K6_LOG_FORMAT ?? '';
  const logFormat: LogConfig['format'] = logFormatRaw === 'json' ? 'json' : logFormatRaw === 'raw' ? 'raw' : 'text';
  let logOut: LogSetup['logOut'];
  try {
    logOut = parseLogOutput(r.str('log-output') ?? r.env.K6_LOG_OUTPUT ?? 'stderr');
  } catch (e) {
    throw e instanceof UnsupportedLogOutput ? new CliError(e.message, EXIT.INVALID_CONFIG) : bad((e as Error).message);
  }
  const stderrTTY = Boolean(process.stderr.isTTY);
  useLog({ format: logFormat, ...logOut, tty: logOut.output === 'stderr' && logFormat === 'text' && stderrTTY && !noColor, start: Date.now(), verbose });
  return { logFormat, logOut, noColor, verbose };
}

function checkSecretSources(r: FlagReader): void {
  const secretSources = r.has('secret-source') ? r.list('secret-source') : r.env.K6_SECRET_SOURCE !== undefined ? [r.env.K6_SECRET_SOURCE] : [];
  for (const line of secretSources) {
    const eq = line.indexOf('=');
    const type = eq === -1 ? line : line.slice(0, eq);
    if (eq === -1 && line.trim() === '') throw bad(`couldn't parse secret source configuration ${JSON.stringify(line)}`);
    if (!SECRET_SOURCES.has(type)) throw bad(`no secret source for type ${JSON.stringify(type)} for configuration ${JSON.stringify(line)}`);
    if (type.trim() === 'cloud') throw new CliError("the 'cloud' secret source can only be used with 'k6 cloud run --local-execution'", EXIT.INVALID_CONFIG);
  }
}

function runtimeChoices(r: FlagReader, script: string): RuntimeChoices {
  const compat = r.strOr('compatibility-mode', 'K6_COMPATIBILITY_MODE') ?? 'extended';
  if (!['extended', 'base', 'experimental_enhanced'].includes(compat)) throw bad(`invalid compatibility mode "${compat}". Use: "extended", "base", "experimental_enhanced"`);
  const includeSystemEnv = r.has('include-system-env-vars') ? r.bool('include-system-env-vars')! : (r.envBool('K6_INCLUDE_SYSTEM_ENV_VARS') ?? true);
  const noThresholds = r.boolOr('no-thresholds', 'K6_NO_THRESHOLDS');
  const noSummary = r.boolOr('no-summary', 'K6_NO_SUMMARY');
  const summaryMode = r.strOr('summary-mode', 'K6_SUMMARY_MODE') || 'compact';
  if (!['compact', 'full', 'legacy', 'disabled'].includes(summaryMode)) throw bad('invalid summary mode');
  const summaryExport = r.strOr('summary-export', 'K6_SUMMARY_EXPORT') || undefined;
  const newSummary = r.boolOr('new-machine-readable-summary', 'K6_NEW_MACHINE_READABLE_SUMMARY');
  const traces = r.strOr('traces-output', 'K6_TRACES_OUTPUT') ?? 'none';
  const scriptEnv = parseEnvFlags(r.list('env'));
  checkTestType(r.strOr('type', 'K6_TYPE') ?? '', script);
  return { compat, includeSystemEnv, noThresholds, noSummary, summaryMode, summaryExport, newSummary, traces, scriptEnv };
}

/** `-e NAME=VALUE` (a bare NAME means an empty value). */
function parseEnvFlags(kvs: string[]): Record<string, string> {
  const scriptEnv: Record<string, string> = {};
  for (const kv of kvs) {
    const eq = kv.indexOf('=');
    const k = eq === -1 ? kv : kv.slice(0, eq);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) throw bad(`invalid environment variable name '${k}'`);
    scriptEnv[k] = eq === -1 ? '' : kv.slice(eq + 1);
  }
  return scriptEnv;
}

function checkTestType(type: string, script: string): void {
  if (type === 'archive') throw refused('--type archive (k6 archives)');
  if (type !== '' && type !== 'js') throw bad(`could not initialize '${script}': unknown or unspecified test type '${type}' for '${pathToFileURL(resolve(script)).href}'`);
}

/** Flags copied into the options object unchanged (flag → option key). */
const OPTION_FLAGS: ReadonlyArray<[string, string]> = [
  ['max-redirects', 'maxRedirects'], ['batch', 'batch'], ['batch-per-host', 'batchPerHost'], ['user-agent', 'userAgent'],
  ['http-debug', 'httpDebug'], ['insecure-skip-tls-verify', 'insecureSkipTLSVerify'], ['no-connection-reuse', 'noConnectionReuse'],
  ['no-vu-connection-reuse', 'noVUConnectionReuse'], ['min-iteration-duration', 'minIterationDuration'], ['throw', 'throw'],
  ['discard-response-bodies', 'discardResponseBodies'], ['no-setup', 'noSetup'], ['no-teardown', 'noTeardown'],
];

// k6 parses them here (getOptions); a bad value has no exit code of its own
const SEGMENT_FLAGS = [['execution-segment', 'executionSegment', parseSegment], ['execution-segment-sequence', 'executionSegmentSequence', parseSequence]] as const;

function optionChoices(r: FlagReader): OptionChoices {
  const options: Record<string, unknown> = {};
  for (const [flag, key] of OPTION_FLAGS) if (r.has(flag)) options[key] = r.parsed.set.get(flag);
  let stages: RunFlags['stages'];
  try {
    if (r.has('stage')) stages = parseStageFlag(r.list('stage'));
  } catch (e) {
    throw bad((e as Error).message);
  }
  for (const [flag, key, parse] of SEGMENT_FLAGS) {
    if (!r.has(flag)) continue;
    try {
      parse(r.str(flag)!);
    } catch (e) {
      throw bad((e as Error).message);
    }
    options[key] = r.str(flag);
  }
  if (r.has('system-tags')) options.systemTags = r.list('system-tags').filter((t) => ALL_SYSTEM_TAGS.has(t)); // k6 drops unknown names
  if (r.list('blacklist-ip').length > 0) throw refused('--blacklist-ip');
  if (r.list('block-hostnames').length > 0) throw refused('--block-hostnames');
  if (r.str('local-ips')) throw refused('--local-ips');
  const trendStats = r.has('summary-trend-stats') ? r.list('summary-trend-stats') : undefined;
  for (const stat of trendStats ?? []) checkTrendStat(stat);
  const timeUnit = r.str('summary-time-unit') ?? '';
  if (timeUnit !== '') {
    if (!['s', 'ms', 'us'].includes(timeUnit)) throw bad(`invalid summary time unit '${timeUnit}', use 's', 'ms' or 'us'`);
    options.summaryTimeUnit = timeUnit;
  }
  const tags = parseTagFlags(r.list('tag'));
  const consoleOutput = openConsoleOutput(r.str('console-output'));
  if (r.has('dns')) options.dns = parseDns(r.str('dns')!);
  return { options, stages, trendStats, tags, consoleOutput };
}

/** `--tag NAME=VALUE`: both parts must be non-empty. */
function parseTagFlags(list: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of list) {
    const eq = t.indexOf('=');
    const why = t === '' ? 'invalid tag, empty string' : eq === 0 ? 'invalid tag, empty name' : eq === -1 || eq === t.length - 1 ? 'invalid tag, empty value' : undefined;
    if (why) throw bad(`error parsing tag '${t}': ${why}`);
    tags[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return tags;
}

/** k6 opens (creates) the --console-output file before the test starts. */
function openConsoleOutput(flag: string | undefined): string | undefined {
  if (!flag) return undefined;
  const path = resolve(flag);
  try {
    closeSync(openSync(path, 'a'));
  } catch (e) {
    throw bad(goPathError('open', flag, e));
  }
  return path;
}

function refuseUnsupported(r: FlagReader, rt: RuntimeChoices): void {
  if (r.bool('paused')) throw refused('--paused (resuming needs the k6 REST API)');
  if ((r.num('rps') ?? 0) > 0) throw refused('--rps');
  if (rt.newSummary) throw refused('--new-machine-readable-summary');
  if (rt.traces !== 'none') throw refused(`--traces-output '${rt.traces}'`);
}

function warnDeprecated(rt: RuntimeChoices, log: LogSetup): void {
  const warn = (msg: string): void => new LogWriter({ format: log.logFormat, ...log.logOut, tty: false, start: Date.now() }).write('warning', msg);
  if (rt.compat === 'experimental_enhanced') {
    warn('CompatibilityMode "experimental_enhanced" is deprecated. Types are stripped by default for `.ts` files. Please move to using "base" instead as "experimental_enhanced" will be removed in the future');
  }
  // k6 v1.8.1 internal/cmd/run.go
  if (rt.summaryMode === 'legacy' && !rt.noSummary) {
    warn('The "legacy" summary mode has been deprecated, and will be removed by k6 v2.0. Please, migrate to either "compact" or "full" as soon as possible.');
  }
}

/** --linger, else K6_LINGER (whose bad value k6's envconfig reports in its own words). */
function lingerChoice(r: FlagReader): boolean | undefined {
  if (r.has('linger')) return r.bool('linger');
  const v = r.env.K6_LINGER;
  if (v === undefined) return undefined;
  try {
    return parseGoBool(v);
  } catch (e) {
    throw new CliError(`envconfig.Process: assigning K6_LINGER to Linger: converting '${v}' to type bool. details: ${(e as Error).message}`, EXIT.INVALID_CONFIG);
  }
}

function runFlags(r: FlagReader, script: string, log: LogSetup, rt: RuntimeChoices, opts: OptionChoices): RunFlags {
  const out = r.list('out');
  if (out.length === 0 && r.env.K6_OUT) out.push(...r.env.K6_OUT.split(',').filter(Boolean));
  return {
    script,
    env: rt.scriptEnv,
    includeSystemEnv: rt.includeSystemEnv,
    vus: r.num('vus'),
    duration: r.str('duration'),
    iterations: r.num('iterations'),
    stages: opts.stages,
    quiet: r.bool('quiet') === true,
    out,
    summaryExport: rt.summaryExport,
    summaryTrendStats: opts.trendStats,
    summaryMode: rt.noSummary ? 'disabled' : (rt.summaryMode as RunFlags['summaryMode']),
    tags: opts.tags,
    noThresholds: rt.noThresholds === true,
    noSetup: r.bool('no-setup') === true,
    noTeardown: r.bool('no-teardown') === true,
    logOutput: log.logOut.output,
    logLevel: log.logOut.minLevel,
    logFormat: log.logFormat,
    verbose: log.verbose,
    noColor: log.noColor,
    options: rt.noThresholds === false ? { ...opts.options, noThresholds: false } : opts.options,
    configFile: { path: r.strOr('config', 'K6_CONFIG') ?? defaultConfigPath(r.env), explicit: r.has('config') || r.env.K6_CONFIG !== undefined },
    consoleOutput: opts.consoleOutput,
    linger: lingerChoice(r),
    compatibilityMode: rt.compat === 'base' ? 'base' : 'extended',
  };
}

/** k6 metrics.GetResolversForTrendColumns' check of one --summary-trend-stats entry. */
function checkTrendStat(stat: string): void {
  if (['avg', 'min', 'med', 'max', 'count'].includes(stat)) return;
  if (!stat.startsWith('p(') || !stat.endsWith(')')) throw bad(`invalid trend stat '${stat}', unknown format`);
  const inner = stat.slice(2, -1);
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(inner) ? Number(inner) : NaN;
  if (!(n >= 0 && n <= 100)) throw bad(`invalid percentile trend stat value '${stat}', provide a number between 0 and 100`);
}

/** k6 types.DNSConfig.UnmarshalText: `ttl=...,select=...,policy=...` → the dns option object. */
function parseDns(text: string): { ttl: string; select: string; policy: string } {
  const dns = { ttl: '5m', select: 'random', policy: 'preferIPv4' };
  if (text === DEFAULT_DNS) return dns;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const k = eq === -1 ? part : part.slice(0, eq);
    const v = eq === -1 ? '' : part.slice(eq + 1);
    if (v === '') throw bad(`no value for key ${part}`);
    if (k === 'policy') {
      if (!['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'].includes(v)) throw bad(`${v} does not belong to DNSPolicy values`);
      dns.policy = v;
    } else if (k === 'select') {
      if (!['first', 'roundRobin', 'random'].includes(v)) throw bad(`${v} does not belong to DNSSelect values`);
      dns.select = v;
    } else if (k === 'ttl') dns.ttl = v;
    else throw bad(`unknown DNS configuration field: ${k}`);
  }
  return dns;
}
