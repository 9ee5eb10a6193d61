// `cdc-chaos run`: the k6 run lifecycle — bundle, read options (init in its own VU), init VUs,
// setup, scenarios (thresholds every 2 s, vus every 1 s), teardown, handleSummary, exit code.
import { loadScript, ScriptError, type LoadedBundle } from './loader.js';
import { IoHost } from './bridge/host.js';
import { VuWorker, type SpawnEnv } from './vu/host.js';
import type { VuToMain, VuWorkerData } from './vu/protocol.js';
import { DEFAULT_SYSTEM_TAGS } from './vu/state.js';
import { GLOBAL_CELLS, G_COMPLETED, G_INTERRUPTED, G_VUS_ACTIVE, G_ABORTED } from './vu/control.js';
import { MetricsEngine, ConfigError, THRESHOLDS_EVAL_INTERVAL_MS, type Sample } from './metrics/engine.js';
import type { MetricType, Contains } from './metrics/types.js';
import { renderTextSummary } from './summary/text.js';
import { legacyExport } from './summary/export.js';
import { renderLegacyTextSummary } from './summary/legacy-text.js';
import { createOutputs, type Output } from './outputs/index.js';
import { consolidate, durationMs, type Consolidated } from './executors/options.js';
import { planScenario, plannedVUs, type ScenarioPlan } from './executors/instance-plan.js';
import { envOptions, cliOptions } from './executors/option-sources.js';
import { VuPool, InitError, AbortedInInit } from './executors/pool.js';
import { runScenario, newProgress, type ScenarioProgress } from './executors/run-scenario.js';
import { LogWriter, type LogConfig, type Level } from './log.js';
import { readConfigFile, type FileConfig } from './config-file.js';
import { setLongTimeout, type LongTimer } from './long-timer.js';
import { ProgressDisplay } from './progress.js';
import { writeSummaryResult, SUMMARY_FAILED } from './summary-result.js';
import { decideApiVersion, dockerHost, engineApi, type EngineApi } from './io/docker-api.js';

export const EXIT = {
  OK: 0,
  THRESHOLDS: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  INVALID_CONFIG: 104,
  EXTERNAL_ABORT: 105,
  SCRIPT_EXCEPTION: 107,
  SCRIPT_ABORTED: 108,
  MARKED_FAILED: 110,
} as const;

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

class RunFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** Runs the test; resolves with the process exit code (never calls process.exit itself). */
export async function runTest(flags: RunFlags): Promise<number> {
  const stderrTTY = Boolean(process.stderr.isTTY);
  const stdoutTTY = Boolean(process.stdout.isTTY);
  let testStart = Date.now();
  const logCfg: LogConfig = {
    format: flags.logFormat,
    output: flags.logOutput,
    tty: flags.logOutput === 'stderr' && flags.logFormat === 'text' && stderrTTY && !flags.noColor,
    start: testStart,
    verbose: flags.verbose,
    viaMain: flags.logOutput === 'stderr' && stderrTTY && !flags.quiet,
    minLevel: flags.logLevel,
    consoleOutput: flags.consoleOutput,
  };
  const logger = new LogWriter(logCfg);
  if (logCfg.viaMain) logger.forward = (line) => (progress ? progress.log(line) : process.stderr.write(line));
  const sysEnv: Record<string, string> = {};
  if (flags.includeSystemEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) sysEnv[k] = v;
  const scriptEnv = { ...sysEnv, ...flags.env };

  let bundle: LoadedBundle | undefined;
  const io = new IoHost((e) => logger.write('error', `I/O worker died: ${e.message}`));
  let pool: VuPool | undefined;
  let outputs: Output[] = [];
  let progress: ProgressDisplay | undefined;
  const timers: NodeJS.Timeout[] = [];
  const abortCtl = new AbortController();
  let abortCode: number | undefined;
  let abortReason = '';
  let markedFailed = false;
  let phase = '';
  const global = new SharedArrayBuffer(4 * GLOBAL_CELLS);
  const g = new Int32Array(global);

  // Metrics: engine is created once options are known; earlier samples/declarations wait here.
  let engine: MetricsEngine | undefined;
  const pendingDeclares: Array<[string, MetricType, Contains]> = [];
  const pendingSamples: Sample[] = [];
  const addSamples = (s: Sample[]): void => {
    if (!engine) {
      pendingSamples.push(...s);
      return;
    }
    engine.addSamples(s);
    for (const o of outputs) o.addSamples(s);
  };
  const declare = (name: string, type: MetricType, contains: Contains): void => {
    if (!engine) pendingDeclares.push([name, type, contains]);
    else engine.declare(name, type, contains);
  };

  const abort = (code: number, reason: string): void => {
    if (abortCode !== undefined) return;
    abortCode = code;
    abortReason = reason;
    Atomics.store(g, G_ABORTED, 1);
    abortCtl.abort();
    if (pool) for (const v of pool.all()) void pool.interrupt(v);
  };

  const signalSeen = new AbortController(); // ends --linger's wait
  const onSignal = (sig: string): void => {
    signalSeen.abort();
    if (abortCode === EXIT.EXTERNAL_ABORT) {
      logger.write('error', `Aborting cdc-chaos in response to a second ${sig} signal`);
      bundle?.dispose(); // the temp bundle dir; everything else dies with the process
      process.exit(EXIT.EXTERNAL_ABORT);
    }
    logger.write('warning', `Stopping cdc-chaos in response to signal ${sig}... (press Ctrl-C again to stop immediately)`);
    abort(EXIT.EXTERNAL_ABORT, `test run aborted by signal ${sig}`);
  };
  const sigint = () => onSignal('SIGINT');
  const sigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);

  let consolidated: Consolidated | undefined;
  const spawnEnv = (): SpawnEnv => ({
    bundleUrl: bundle!.url,
    scriptPath: bundle!.scriptPath,
    env: scriptEnv,
    log: logCfg,
    io,
    global,
    testStart: () => testStart,
    options: consolidated?.options ?? null,
    testTags: { ...((consolidated?.options.tags as Record<string, string>) ?? {}), ...flags.tags },
    throwErrors: consolidated?.options.throw === true,
    compatibilityMode: flags.compatibilityMode ?? 'extended',
    minIterationDurationMs: consolidated?.options.minIterationDuration !== undefined ? durationMs(consolidated.options.minIterationDuration, 'minIterationDuration') : 0,
    onSamples: (s) => addSamples(s),
    onDeclare: (n, t, c) => {
      try {
        declare(n, t as MetricType, c as Contains);
      } catch (e) {
        logger.write('error', (e as Error).message);
      }
    },
    onAbort: (reason) => abort(EXIT.SCRIPT_ABORTED, reason),
    onMarkFailed: (reason) => {
      markedFailed = true;
      logger.write('error', `test marked as failed${reason ? `: ${reason}` : ''}`);
    },
    onLog: (line) => (progress ? progress.log(line) : process.stderr.write(line)),
    onPhase: (text) => {
      phase = text;
      if (progress) progress.phase = text;
    },
  });

  /** One short-lived worker (options/setup/teardown/summary) with a time limit. */
  async function once(mode: VuWorkerData['mode'], extra: Partial<VuWorkerData>, timeoutMs: number, interruptible = false): Promise<VuToMain | 'timeout' | 'aborted'> {
    const w = new VuWorker(spawnEnv(), mode, 0, extra);
    let t: LongTimer | undefined;
    const timeout = new Promise<'timeout'>((r) => (t = setLongTimeout(() => r('timeout'), timeoutMs)));
    // A signal during setup stops it (k6 cancels the run context); teardown/summary run to the end.
    const aborted = new Promise<'aborted'>((r) => {
      if (interruptible) abortCtl.signal.addEventListener('abort', () => r('aborted'), { once: true });
    });
    const r = await Promise.race([w.next(['options', 'result', 'abort']), timeout, aborted]);
    t?.clear();
    await w.terminate();
    return r;
  }

  /** Before the I/O worker starts (it reads DOCKER_API_VERSION): a version the engine refuses is one line, not every Docker call failing. */
  async function pinDockerApiVersion(): Promise<void> {
    let engine: EngineApi;
    try {
      engine = await engineApi();
    } catch {
      return; // no engine answers: the script's own Docker calls report it, as under k6
    }
    const d = decideApiVersion(process.env.DOCKER_API_VERSION, engine, dockerHost());
    if ('error' in d) throw new RunFailure(d.error, EXIT.INVALID_CONFIG);
    if (d.notice) logger.write('warning', d.notice);
    process.env.DOCKER_API_VERSION = d.version;
  }

  let setupJson: string | undefined;
  let setupDone = false;
  let exportsCache: Record<string, string> = {}; // the script's exports, from the options worker
  let fileConf: FileConfig = { options: {} };
  try {
    // 1. bundle + I/O worker + options
    bundle = await loadScript(flags.script);
    if ([...bundle.modules].some((m) => m.startsWith('k6/x/docker'))) await pinDockerApiVersion();
    await io.start();
    const optMsg = await once('options', {}, 60_000, true);
    if (optMsg === 'aborted') throw new RunFailure(abortReason, abortCode!);
    if (optMsg === 'timeout') throw new RunFailure('reading options: the init code did not finish within 60s', EXIT.SCRIPT_EXCEPTION);
    if (optMsg.type === 'abort') throw new RunFailure(optMsg.reason, EXIT.SCRIPT_ABORTED);
    if (optMsg.type !== 'options') throw new RunFailure(optMsg.type === 'initError' || optMsg.type === 'error' ? optMsg.message : 'init failed', EXIT.SCRIPT_EXCEPTION);
    const exportsMap = optMsg.exports;
    exportsCache = exportsMap;
    const scriptOptions = (optMsg.options ?? {}) as Record<string, unknown>;
    if (typeof scriptOptions !== 'object' || Array.isArray(scriptOptions)) throw new ConfigError('exported options must be an object');

    // 2. consolidate options (104 on errors); the config file is the tier below the script's
    if (flags.configFile) fileConf = readConfigFile(flags.configFile.path, flags.configFile.explicit);
    consolidated = consolidate({ script: { ...fileConf.options, ...scriptOptions }, env: envOptions(process.env), cli: cliOptions(flags) });
    for (const w of consolidated.warnings) logger.write('warning', w);
    const opts = consolidated.options;
    for (const s of consolidated.scenarios) {
      if (exportsMap[s.exec] !== 'function') {
        throw new ConfigError(
          s.exec === 'default'
            ? `scenario "${s.name}": no exported default function (and no exec set) in the script`
            : `scenario "${s.name}": executor's exec function '${s.exec}' is not exported by the script`,
        );
      }
    }
    engine = new MetricsEngine({
      thresholds: (opts.thresholds as Record<string, unknown[]>) ?? {},
      summaryTrendStats: opts.summaryTrendStats as string[] | undefined,
      noThresholds: opts.noThresholds === true,
      summaryMode: flags.summaryMode === 'full' ? 'full' : 'compact',
      expectedResponseSubmetric: !Array.isArray(opts.systemTags) || (opts.systemTags as string[]).includes('expected_response'),
      onUnknownMetric: (name) => logger.write('warning', `samples of undeclared metric '${name}' are ignored`),
    });
    for (const [n, t, c] of pendingDeclares) engine.declare(n, t, c);
    engine.validateThresholds();
    outputs = createOutputs(flags.out.length > 0 ? flags.out : (fileConf.out ?? []), process.env, { engine });
    for (const o of outputs) await o.start();
    if (pendingSamples.length) addSamples(pendingSamples.splice(0));

    // 3. this instance's share of each scenario (all of it without --execution-segment); VUs
    // initialized before the test clock (k6 inits all planned VUs up front)
    const plans: ScenarioPlan[] = [];
    for (const s of consolidated.scenarios) {
      const plan = planScenario(s, consolidated.tuple);
      if (plan) plans.push(plan);
      else logger.write('debug', `Executor '${s.name}' is disabled for segment ${(opts.executionSegment as string | undefined) ?? '0:1'} due to lack of work!`);
    }
    pool = new VuPool(spawnEnv(), consolidated.tuple.stripe());
    const planned = plannedVUs(plans);
    await pool.grow(planned);
    if (abortCode !== undefined) throw new RunFailure(abortReason, abortCode);

    testStart = Date.now();
    logCfg.start = testStart;
    const sysTags = { ...((opts.tags as Record<string, string>) ?? {}), ...flags.tags };
    const emitMain = (metric: string, value: number, tags: Record<string, string>): void => addSamples([{ metric, value, tags, time: Date.now() }]);

    // 4. setup
    const hasSetup = exportsMap.setup === 'function' && opts.noSetup !== true;
    if (hasSetup) {
      const limit = durationMs(opts.setupTimeout ?? '60s', 'setupTimeout');
      const r = await once('setup', {}, limit, true);
      if (r === 'aborted') throw new RunFailure(abortReason, abortCode!);
      if (r === 'timeout') throw new RunFailure(`setup() execution timed out after ${limit / 1000} seconds`, EXIT.SETUP_TIMEOUT);
      if (r.type === 'abort') throw new RunFailure(r.reason, EXIT.SCRIPT_ABORTED);
      if (r.type !== 'result') throw new RunFailure(`setup() failed: ${r.type === 'error' || r.type === 'initError' ? r.message : r.type}`, EXIT.SCRIPT_EXCEPTION);
      setupJson = r.value as string | undefined;
    }
    setupDone = true;
    pool.setSetupData(setupJson);

    // 5. scenarios
    const progs: ScenarioProgress[] = plans.map(newProgress);
    const counters = () => ({
      completed: Atomics.load(g, G_COMPLETED),
      interrupted: Atomics.load(g, G_INTERRUPTED),
      vus: progs.reduce((a, p) => a + p.activeVUs, 0),
      vusMax: pool!.size,
    });
    if (!flags.quiet) {
      progress = new ProgressDisplay(process.stderr, stderrTTY, () => testStart, progs, counters);
      progress.phase = phase;
      progress.start();
    }
    const emitVus = (): void => {
      const c = counters();
      Atomics.store(g, G_VUS_ACTIVE, c.vus);
      emitMain('vus', c.vus, sysTags);
      emitMain('vus_max', c.vusMax, sysTags);
    };
    timers.push(setInterval(emitVus, 1000));
    timers.push(
      setInterval(() => {
        const r = engine!.evaluate(Date.now() - testStart, false);
        if (r.abort) {
          logger.write('error', r.abortReason ?? `thresholds on metrics '${r.failed.join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`);
          abort(EXIT.THRESHOLDS, 'thresholds crossed');
        }
      }, THRESHOLDS_EVAL_INTERVAL_MS),
    );
    const ctx = {
      pool,
      signal: abortCtl.signal,
      emit: emitMain,
      testTags: sysTags,
      systemTags: new Set(Array.isArray(opts.systemTags) ? (opts.systemTags as unknown[]).map(String) : DEFAULT_SYSTEM_TAGS),
      warn: (m: string) => logger.write('warning', m),
      started: emitVus,
    };
    // Once aborted, VUs are terminated under the executors' feet: their errors are the abort's echo.
    await Promise.all(
      plans.map((s, i) =>
        runScenario(ctx, s, progs[i]).catch((e: unknown) => {
          if (!abortCtl.signal.aborted) throw e;
        }),
      ),
    );
    for (const t of timers) clearInterval(t);
    progress?.stop();
    progress = undefined;
    await pool.close();
  } catch (e) {
    for (const t of timers) clearInterval(t);
    progress?.stop();
    await pool?.close();
    const own = exitCodeOf(e);
    if (own === undefined && abortCode === undefined) throw e;
    // An abort (signal, exec.test.abort) that interrupted VU start-up explains the error it caused.
    const code = abortCode ?? own!;
    const msg = e instanceof Error ? e.message : String(e);
    const hint = e instanceof ScriptError && e.hint ? { hint: e.hint } : undefined;
    if (code !== EXIT.EXTERNAL_ABORT) logger.write('error', code === abortCode && abortReason ? abortReason : msg, hint);
    // Failures before or in setup end the run here: k6 skips teardown when setup throws.
    if (!setupDone || code === EXIT.INVALID_CONFIG || code === EXIT.SCRIPT_EXCEPTION) {
      await finish();
      return code;
    }
    abortCode ??= code;
  }

  async function finish(): Promise<void> {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
    for (const o of outputs) await o.stop().catch((e: Error) => logger.write('error', `output: ${e.message}`));
    await io.stop();
    bundle?.dispose();
  }

  // 6. teardown — also after exec.test.abort(), abortOnFail and a first signal
  let exitCode: number = abortCode ?? EXIT.OK;
  if (abortCode === EXIT.SCRIPT_ABORTED) logger.write('error', abortReason || 'test aborted');
  const opts = consolidated!.options;
  const exportsHaveTeardown = await hasExport('teardown');
  if (exportsHaveTeardown && opts.noTeardown !== true) {
    const limit = durationMs(opts.teardownTimeout ?? '60s', 'teardownTimeout');
    const r = await once('teardown', { setupJson }, limit);
    if (r === 'timeout' || r === 'aborted') {
      logger.write('error', `teardown() execution timed out after ${limit / 1000} seconds`);
      exitCode = abortCode ?? EXIT.TEARDOWN_TIMEOUT;
    } else if (r.type === 'abort') {
      exitCode = abortCode ?? EXIT.SCRIPT_ABORTED;
    } else if (r.type === 'error' || r.type === 'initError') {
      logger.write('error', `teardown() failed: ${r.message}`);
      exitCode = abortCode ?? EXIT.SCRIPT_EXCEPTION;
    }
  }

  // k6 --linger: after teardown, before the summary, wait for Ctrl+C (unless one already came)
  if ((flags.linger ?? fileConf.linger) === true && !signalSeen.signal.aborted) {
    if (!flags.quiet) process.stdout.write('The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...');
    await new Promise((r) => signalSeen.signal.addEventListener('abort', r, { once: true }));
  }

  // 7. thresholds, summary
  const elapsed = Date.now() - testStart;
  const final = engine!.evaluate(elapsed, true);
  const thresholdsFailed = opts.noThresholds !== true && final.failed.length > 0;
  const data = engine!.summaryData(
    { testRunDurationMs: elapsed, isStdOutTTY: stdoutTTY, isStdErrTTY: stderrTTY },
    setupJson === undefined ? undefined : JSON.parse(setupJson),
    { ...opts, noColor: flags.noColor },
  );
  await summarize(data);
  if (thresholdsFailed) logger.write('error', `thresholds on metrics '${final.failed.join("', '")}' have been crossed`);
  if (exitCode === EXIT.OK && thresholdsFailed) exitCode = EXIT.THRESHOLDS;
  if (exitCode === EXIT.OK && markedFailed) exitCode = EXIT.MARKED_FAILED;
  await finish();
  return exitCode;

  async function hasExport(name: string): Promise<boolean> {
    return exportsCache[name] === 'function';
  }

  async function summarize(summaryData: unknown): Promise<void> {
    // k6 options reference: --no-summary (summary-mode disabled) "disables end-of-test summary
    // generation, including calls to handleSummary() and --summary-export".
    if (flags.summaryMode === 'disabled') return;
    // k6 (internal/js/summary-wrapper.js): the handleSummary result, or the default text summary when it is
    // falsy, plus --summary-export's JSON under its path, all written by one writer.
    let out: Record<string, unknown> | undefined;
    if (exportsCache.handleSummary === 'function') {
      const limit = durationMs(opts.handleSummaryTimeout ?? '120s', 'handleSummaryTimeout');
      const r = await once('summary', { summaryData: structuredClone(summaryData) }, limit);
      if (r === 'timeout' || r === 'aborted') logger.write('error', `handleSummary() execution timed out after ${limit / 1000} seconds`);
      else if (r.type === 'result') {
        if (r.value && typeof r.value !== 'object') {
          logger.write('error', 'handleSummary() must return an object');
          return; // k6 then has no map to write: neither the default summary nor the export
        }
        if (r.value) out = { ...(r.value as Record<string, unknown>) };
      } else if (r.type === 'error' || r.type === 'initError') {
        logger.write('error', SUMMARY_FAILED, { error: firstLine(r.message) });
      }
    }
    const enableColors = stdoutTTY && !flags.noColor;
    out ??= {
      stdout:
        flags.summaryMode === 'legacy'
          ? renderLegacyTextSummary(summaryData, { enableColors })
          : renderTextSummary(summaryData, { enableColors, mode: flags.summaryMode === 'full' ? 'full' : 'compact' }),
    };
    if (flags.summaryExport) out[flags.summaryExport] = legacyExport(summaryData);
    const err = writeSummaryResult(out);
    if (err) logger.write('error', SUMMARY_FAILED, { error: err });
  }
}

function exitCodeOf(e: unknown): number | undefined {
  if (e instanceof RunFailure) return e.exitCode;
  if (e instanceof ConfigError) return EXIT.INVALID_CONFIG;
  if (e instanceof ScriptError || e instanceof InitError) return EXIT.SCRIPT_EXCEPTION;
  if (e instanceof AbortedInInit) return EXIT.SCRIPT_ABORTED;
  const code = (e as { exitCode?: unknown })?.exitCode;
  return typeof code === 'number' ? code : undefined;
}
