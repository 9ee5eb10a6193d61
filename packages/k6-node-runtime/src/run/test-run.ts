// One `k6 run`, its lifecycle as k6's cmd/run.go drives it, one method per step: bundle + read options (init in its
// own VU), consolidate options, init the VUs, setup, scenarios (thresholds every 2 s, vus every 1 s), teardown,
// --linger, thresholds + summary, exit code.
import { loadScript, ScriptError, type LoadedBundle } from '../loader.js';
import { usesIoWorker } from '../modules/registry.js';
import { IoHost } from '../bridge/host.js';
import { VuWorker, type SpawnEnv } from '../vu/host.js';
import type { VuToMain, VuWorkerData } from '../vu/protocol.js';
import { DEFAULT_SYSTEM_TAGS } from '../vu/state.js';
import { GLOBAL_CELLS, G_COMPLETED, G_INTERRUPTED, G_VUS_ACTIVE, G_ABORTED } from '../vu/control.js';
import { MetricsEngine, ConfigError, THRESHOLDS_EVAL_INTERVAL_MS } from '../metrics/engine.js';
import type { MetricType, Contains } from '../metrics/types.js';
import type { Output } from '../outputs/index.js';
import { consolidate, durationMs, type Consolidated } from '../executors/options.js';
import { planScenario, plannedVUs, type ScenarioPlan } from '../executors/instance-plan.js';
import { envOptions, cliOptions } from '../executors/option-sources.js';
import { VuPool } from '../executors/pool.js';
import { runScenario, newProgress, type ExecContext, type ScenarioProgress } from '../executors/run-scenario.js';
import { LogWriter, type LogConfig } from '../log.js';
import { readConfigFile, type FileConfig } from '../config-file.js';
import { setLongTimeout, type LongTimer } from '../long-timer.js';
import { ProgressDisplay } from '../progress.js';
import { SUMMARY_FAILED } from '../summary-result.js';
import type { EngineApi } from '../io/docker-api.js';
import { EXIT, RunFailure, exitCodeOf } from './exit.js';
import type { RunFlags } from './flags.js';
import { MetricsFeed } from './metrics-feed.js';
import { writeEndOfTestSummary, type HandleSummaryResult } from './summary.js';

type Options = Consolidated['options'];
type OnceResult = VuToMain | 'timeout' | 'aborted';

const firstLine = (s: string): string => s.split('\n')[0];

export class TestRun {
  private readonly stderrTTY = Boolean(process.stderr.isTTY);
  private readonly stdoutTTY = Boolean(process.stdout.isTTY);
  private testStart = Date.now();
  private readonly logCfg: LogConfig;
  private readonly logger: LogWriter;
  private readonly scriptEnv: Record<string, string>;
  private readonly io: IoHost;
  private readonly feed = new MetricsFeed();
  /** VU-shared counters and the abort flag (vu/control.ts) */
  private readonly global = new SharedArrayBuffer(4 * GLOBAL_CELLS);
  private readonly g = new Int32Array(this.global);
  private readonly abortCtl = new AbortController();
  /** ends --linger's wait */
  private readonly signalSeen = new AbortController();
  private readonly timers: NodeJS.Timeout[] = [];
  private bundle: LoadedBundle | undefined;
  private pool: VuPool | undefined;
  private engine: MetricsEngine | undefined;
  private outputs: Output[] = [];
  private progress: ProgressDisplay | undefined;
  private consolidated: Consolidated | undefined;
  private fileConf: FileConfig = { options: {} };
  /** the script's exports (name → typeof), from the options worker */
  private exports: Record<string, string> = {};
  private abortCode: number | undefined;
  private abortReason = '';
  private markedFailed = false;
  private phase = '';
  private setupJson: string | undefined;
  private setupDone = false;
  private readonly sigint = (): void => this.onSignal('SIGINT');
  private readonly sigterm = (): void => this.onSignal('SIGTERM');

  constructor(private readonly flags: RunFlags) {
    this.logCfg = {
      format: flags.logFormat,
      output: flags.logOutput,
      tty: flags.logOutput === 'stderr' && flags.logFormat === 'text' && this.stderrTTY && !flags.noColor,
      start: this.testStart,
      verbose: flags.verbose,
      viaMain: flags.logOutput === 'stderr' && this.stderrTTY && !flags.quiet,
      minLevel: flags.logLevel,
      consoleOutput: flags.consoleOutput,
    };
    this.logger = new LogWriter(this.logCfg);
    if (this.logCfg.viaMain) this.logger.forward = (line) => this.writeLogLine(line);
    const sysEnv: Record<string, string> = {};
    if (flags.includeSystemEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) sysEnv[k] = v;
    this.scriptEnv = { ...sysEnv, ...flags.env };
    this.io = new IoHost((e) => this.logger.write('error', `I/O worker died: ${e.message}`));
  }

  /** Runs the test; resolves with the process exit code (never calls process.exit itself, but on a second signal). */
  async execute(): Promise<number> {
    process.on('SIGINT', this.sigint);
    process.on('SIGTERM', this.sigterm);
    try {
      this.configure(await this.readOptions());
      await this.startOutputs();
      const plans = await this.initVUs();
      await this.setup();
      await this.runScenarios(plans);
    } catch (e) {
      const code = await this.stopOnFailure(e);
      if (code !== undefined) return code;
    }
    let exitCode = await this.teardown();
    await this.linger();
    exitCode = await this.endOfTest(exitCode);
    await this.finish();
    return exitCode;
  }

  private get options(): Options {
    return this.consolidated!.options;
  }

  private writeLogLine(line: string): void {
    if (this.progress) this.progress.log(line);
    else process.stderr.write(line);
  }

  private abort(code: number, reason: string): void {
    if (this.abortCode !== undefined) return;
    this.abortCode = code;
    this.abortReason = reason;
    Atomics.store(this.g, G_ABORTED, 1);
    this.abortCtl.abort();
    if (this.pool) for (const v of this.pool.all()) void this.pool.interrupt(v);
  }

  private onSignal(sig: string): void {
    this.signalSeen.abort();
    if (this.abortCode === EXIT.EXTERNAL_ABORT) {
      this.logger.write('error', `Aborting cdc-chaos in response to a second ${sig} signal`);
      this.bundle?.dispose(); // the temp bundle dir; everything else dies with the process
      process.exit(EXIT.EXTERNAL_ABORT);
    }
    this.logger.write(
      'warning',
      `Stopping cdc-chaos in response to signal ${sig}... (press Ctrl-C again to stop immediately)`,
    );
    this.abort(EXIT.EXTERNAL_ABORT, `test run aborted by signal ${sig}`);
  }

  /** What a VU worker is spawned with: a snapshot of the options known so far. */
  private spawnEnv(): SpawnEnv {
    const opts = this.consolidated?.options;
    return {
      bundleUrl: this.bundle!.url,
      scriptPath: this.bundle!.scriptPath,
      env: this.scriptEnv,
      log: this.logCfg,
      io: this.io,
      global: this.global,
      testStart: () => this.testStart,
      options: opts ?? null,
      testTags: { ...((opts?.tags as Record<string, string>) ?? {}) },
      throwErrors: opts?.throw === true,
      compatibilityMode: this.flags.compatibilityMode ?? 'extended',
      minIterationDurationMs:
        opts?.minIterationDuration !== undefined ? durationMs(opts.minIterationDuration, 'minIterationDuration') : 0,
      onSamples: (s) => this.feed.addSamples(s),
      onDeclare: (n, t, c) => {
        try {
          this.feed.declare(n, t as MetricType, c as Contains);
        } catch (e) {
          this.logger.write('error', (e as Error).message);
        }
      },
      onAbort: (reason) => this.abort(EXIT.SCRIPT_ABORTED, reason),
      onMarkFailed: (reason) => {
        this.markedFailed = true;
        this.logger.write('error', `test marked as failed${reason ? `: ${reason}` : ''}`);
      },
      onLog: (line) => this.writeLogLine(line),
      onPhase: (text) => {
        this.phase = text;
        if (this.progress) this.progress.phase = text;
      },
    };
  }

  /** One short-lived worker (options/setup/teardown/summary) with a time limit. */
  private async once(
    mode: VuWorkerData['mode'],
    extra: Partial<VuWorkerData>,
    timeoutMs: number,
    interruptible = false,
  ): Promise<OnceResult> {
    const w = new VuWorker(this.spawnEnv(), mode, 0, extra);
    let t: LongTimer | undefined;
    const timeout = new Promise<'timeout'>((r) => (t = setLongTimeout(() => r('timeout'), timeoutMs)));
    // A signal during setup stops it (k6 cancels the run context); teardown/summary run to the end.
    const aborted = new Promise<'aborted'>((r) => {
      if (interruptible) this.abortCtl.signal.addEventListener('abort', () => r('aborted'), { once: true });
    });
    const r = await Promise.race([w.next(['options', 'result', 'abort']), timeout, aborted]);
    t?.clear();
    await w.terminate();
    return r;
  }

  /** Before the I/O worker starts (it reads DOCKER_API_VERSION): a version the engine refuses is one line, not every Docker call failing. */
  private async pinDockerApiVersion(): Promise<void> {
    // Loaded here: dockerode costs ~0.2 s of start-up that a script without k6/x/docker does not need.
    const { decideApiVersion, dockerHost, engineApi } = await import('../io/docker-api.js');
    let engine: EngineApi;
    try {
      engine = await engineApi();
    } catch {
      return; // no engine answers: the script's own Docker calls report it, as under k6
    }
    const d = decideApiVersion(process.env.DOCKER_API_VERSION, engine, dockerHost());
    if ('error' in d) throw new RunFailure(d.error, EXIT.INVALID_CONFIG);
    if (d.notice) this.logger.write('warning', d.notice);
    process.env.DOCKER_API_VERSION = d.version;
  }

  /** Step 1: bundle, the script's options (its init code run once in a VU of its own), the I/O worker if the script needs it. */
  private async readOptions(): Promise<Record<string, unknown>> {
    this.bundle = await loadScript(this.flags.script);
    if ([...this.bundle.modules].some((m) => m.startsWith('k6/x/docker'))) await this.pinDockerApiVersion();
    // Started now, alongside the options VU, so no iteration pays for it; a VU's first bridge call would start it anyway.
    if ([...this.bundle.modules].some(usesIoWorker)) void this.io.start().catch(() => {}); // onDeath reports a failure
    const msg = await this.once('options', {}, 60_000, true);
    if (msg === 'aborted') throw new RunFailure(this.abortReason, this.abortCode!);
    if (msg === 'timeout')
      throw new RunFailure('reading options: the init code did not finish within 60s', EXIT.SCRIPT_EXCEPTION);
    if (msg.type === 'abort') throw new RunFailure(msg.reason, EXIT.SCRIPT_ABORTED);
    if (msg.type !== 'options')
      throw new RunFailure(
        msg.type === 'initError' || msg.type === 'error' ? msg.message : 'init failed',
        EXIT.SCRIPT_EXCEPTION,
      );
    this.exports = msg.exports;
    const scriptOptions = (msg.options ?? {}) as Record<string, unknown>;
    if (typeof scriptOptions !== 'object' || Array.isArray(scriptOptions))
      throw new ConfigError('exported options must be an object');
    return scriptOptions;
  }

  /** Step 2: consolidate the options (104 on errors; the config file is the tier below the script's), then the metrics engine. */
  private configure(scriptOptions: Record<string, unknown>): void {
    if (this.flags.configFile)
      this.fileConf = readConfigFile(this.flags.configFile.path, this.flags.configFile.explicit);
    const consolidated = consolidate({
      script: { ...this.fileConf.options, ...scriptOptions },
      env: envOptions(process.env),
      cli: cliOptions(this.flags),
    });
    this.consolidated = consolidated;
    for (const w of consolidated.warnings) this.logger.write('warning', w);
    for (const s of consolidated.scenarios) {
      if (this.exports[s.exec] === 'function') continue;
      throw new ConfigError(
        s.exec === 'default'
          ? `scenario "${s.name}": no exported default function (and no exec set) in the script`
          : `scenario "${s.name}": executor's exec function '${s.exec}' is not exported by the script`,
      );
    }
    const opts = consolidated.options;
    this.engine = new MetricsEngine({
      thresholds: (opts.thresholds as Record<string, unknown[]>) ?? {},
      summaryTrendStats: opts.summaryTrendStats as string[] | undefined,
      noThresholds: opts.noThresholds === true,
      summaryMode: this.flags.summaryMode === 'full' ? 'full' : 'compact',
      expectedResponseSubmetric:
        !Array.isArray(opts.systemTags) || (opts.systemTags as string[]).includes('expected_response'),
      onUnknownMetric: (name) => this.logger.write('warning', `samples of undeclared metric '${name}' are ignored`),
    });
    this.feed.attachEngine(this.engine);
    this.engine.validateThresholds();
  }

  private async startOutputs(): Promise<void> {
    const specs = this.flags.out.length > 0 ? this.flags.out : (this.fileConf.out ?? []);
    if (specs.length > 0) {
      // Loaded only when asked for: the outputs (snappy, protobuf writer) are start-up most runs do not need.
      const { createOutputs } = await import('../outputs/index.js');
      this.outputs = createOutputs(specs, process.env, { engine: this.engine! });
      for (const o of this.outputs) await o.start();
    }
    this.feed.attachOutputs(this.outputs);
  }

  /**
   * Step 3: this instance's share of each scenario (all of it without --execution-segment); its VUs are
   * initialized before the test clock starts (k6 inits all planned VUs up front).
   */
  private async initVUs(): Promise<ScenarioPlan[]> {
    const consolidated = this.consolidated!;
    const plans: ScenarioPlan[] = [];
    for (const s of consolidated.scenarios) {
      const plan = planScenario(s, consolidated.tuple);
      if (plan) plans.push(plan);
      else
        this.logger.write(
          'debug',
          `Executor '${s.name}' is disabled for segment ${(this.options.executionSegment as string | undefined) ?? '0:1'} due to lack of work!`,
        );
    }
    this.pool = new VuPool(this.spawnEnv(), consolidated.tuple.stripe());
    await this.pool.grow(plannedVUs(plans));
    if (this.abortCode !== undefined) throw new RunFailure(this.abortReason, this.abortCode);
    this.testStart = Date.now();
    this.logCfg.start = this.testStart;
    return plans;
  }

  /** Step 4: setup(), whose JSON result every VU receives. */
  private async setup(): Promise<void> {
    if (this.exports.setup === 'function' && this.options.noSetup !== true) {
      const limit = durationMs(this.options.setupTimeout ?? '60s', 'setupTimeout');
      const r = await this.once('setup', {}, limit, true);
      if (r === 'aborted') throw new RunFailure(this.abortReason, this.abortCode!);
      if (r === 'timeout')
        throw new RunFailure(`setup() execution timed out after ${limit / 1000} seconds`, EXIT.SETUP_TIMEOUT);
      if (r.type === 'abort') throw new RunFailure(r.reason, EXIT.SCRIPT_ABORTED);
      if (r.type !== 'result')
        throw new RunFailure(
          `setup() failed: ${r.type === 'error' || r.type === 'initError' ? r.message : r.type}`,
          EXIT.SCRIPT_EXCEPTION,
        );
      this.setupJson = r.value as string | undefined;
    }
    this.setupDone = true;
    this.pool!.setSetupData(this.setupJson);
  }

  private get testTags(): Record<string, string> {
    return { ...((this.options.tags as Record<string, string>) ?? {}) };
  }

  private emitMain(metric: string, value: number, tags: Record<string, string>): void {
    this.feed.addSamples([{ metric, value, tags, time: Date.now() }]);
  }

  /** Step 5: every scenario at once, with the progress display, `vus` samples every second and thresholds every 2 s. */
  private async runScenarios(plans: ScenarioPlan[]): Promise<void> {
    const progs: ScenarioProgress[] = plans.map(newProgress);
    const ctx = this.execContext(progs);
    this.watchThresholds();
    // Once aborted, VUs are terminated under the executors' feet: their errors are the abort's echo.
    await Promise.all(
      plans.map((s, i) =>
        runScenario(ctx, s, progs[i]).catch((e: unknown) => {
          if (!this.abortCtl.signal.aborted) throw e;
        }),
      ),
    );
    this.stopWatching();
    this.progress = undefined;
    await this.pool!.close();
  }

  /** The executors' view of the run; starts the progress display and the `vus`/`vus_max` samples. */
  private execContext(progs: ScenarioProgress[]): ExecContext {
    const pool = this.pool!;
    const counters = () => ({
      completed: Atomics.load(this.g, G_COMPLETED),
      interrupted: Atomics.load(this.g, G_INTERRUPTED),
      vus: progs.reduce((a, p) => a + p.activeVUs, 0),
      vusMax: pool.size,
    });
    if (!this.flags.quiet) {
      this.progress = new ProgressDisplay(process.stderr, this.stderrTTY, () => this.testStart, progs, counters);
      this.progress.phase = this.phase;
      this.progress.start();
    }
    const testTags = this.testTags;
    const emitVus = (): void => {
      const c = counters();
      Atomics.store(this.g, G_VUS_ACTIVE, c.vus);
      this.emitMain('vus', c.vus, testTags);
      this.emitMain('vus_max', c.vusMax, testTags);
    };
    this.timers.push(setInterval(emitVus, 1000));
    const systemTags = this.options.systemTags;
    return {
      pool,
      signal: this.abortCtl.signal,
      emit: (metric, value, tags) => this.emitMain(metric, value, tags),
      testTags,
      systemTags: new Set(Array.isArray(systemTags) ? (systemTags as unknown[]).map(String) : DEFAULT_SYSTEM_TAGS),
      warn: (m: string) => this.logger.write('warning', m),
      started: emitVus,
    };
  }

  /** Thresholds are evaluated while the test runs; one with abortOnFail stops it (exit 99). */
  private watchThresholds(): void {
    const check = (): void => {
      const r = this.engine!.evaluate(Date.now() - this.testStart, false);
      if (!r.abort) return;
      this.logger.write(
        'error',
        r.abortReason ??
          `thresholds on metrics '${r.failed.join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
      );
      this.abort(EXIT.THRESHOLDS, 'thresholds crossed');
    };
    this.timers.push(setInterval(check, THRESHOLDS_EVAL_INTERVAL_MS));
  }

  private stopWatching(): void {
    for (const t of this.timers) clearInterval(t);
    this.progress?.stop();
  }

  /**
   * A step failed: returns the exit code when the run ends here (before or in setup, bad config, script error:
   * k6 skips teardown when setup throws), else undefined and the run goes on to teardown with that code.
   */
  private async stopOnFailure(e: unknown): Promise<number | undefined> {
    this.stopWatching();
    await this.pool?.close();
    const own = exitCodeOf(e);
    if (own === undefined && this.abortCode === undefined) throw e;
    // An abort (signal, exec.test.abort) that interrupted VU start-up explains the error it caused.
    const code = this.abortCode ?? own!;
    const msg = e instanceof Error ? e.message : String(e);
    const hint = e instanceof ScriptError && e.hint ? { hint: e.hint } : undefined;
    if (code !== EXIT.EXTERNAL_ABORT)
      this.logger.write('error', code === this.abortCode && this.abortReason ? this.abortReason : msg, hint);
    if (!this.setupDone || code === EXIT.INVALID_CONFIG || code === EXIT.SCRIPT_EXCEPTION) {
      await this.finish();
      return code;
    }
    this.abortCode ??= code;
    return undefined;
  }

  /** Step 6: teardown(data) — also after exec.test.abort(), abortOnFail and a first signal. Returns the exit code so far. */
  private async teardown(): Promise<number> {
    const abortCode = this.abortCode;
    if (abortCode === EXIT.SCRIPT_ABORTED) this.logger.write('error', this.abortReason || 'test aborted');
    if (this.exports.teardown !== 'function' || this.options.noTeardown === true) return abortCode ?? EXIT.OK;
    const limit = durationMs(this.options.teardownTimeout ?? '60s', 'teardownTimeout');
    const r = await this.once('teardown', { setupJson: this.setupJson }, limit);
    if (r === 'timeout' || r === 'aborted') {
      this.logger.write('error', `teardown() execution timed out after ${limit / 1000} seconds`);
      return abortCode ?? EXIT.TEARDOWN_TIMEOUT;
    }
    if (r.type === 'abort') return abortCode ?? EXIT.SCRIPT_ABORTED;
    if (r.type === 'error' || r.type === 'initError') {
      this.logger.write('error', `teardown() failed: ${r.message}`);
      return abortCode ?? EXIT.SCRIPT_EXCEPTION;
    }
    return abortCode ?? EXIT.OK;
  }

  /** k6 --linger: after teardown, before the summary, wait for Ctrl+C (unless one already came). */
  private async linger(): Promise<void> {
    if ((this.flags.linger ?? this.fileConf.linger) !== true || this.signalSeen.signal.aborted) return;
    if (!this.flags.quiet)
      process.stdout.write('The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...');
    // Signal listeners do not keep Node's event loop alive (nothing else may: the I/O worker starts only when
    // needed), and an empty loop would end the process with exit 13 instead of waiting.
    const keepAlive = setInterval(() => {}, 1 << 30);
    await new Promise((r) => this.signalSeen.signal.addEventListener('abort', r, { once: true }));
    clearInterval(keepAlive);
  }

  /** Step 7: the final threshold verdict, the summary, and the exit code they make. */
  private async endOfTest(exitCode: number): Promise<number> {
    const opts = this.options;
    const elapsed = Date.now() - this.testStart;
    const final = this.engine!.evaluate(elapsed, true);
    const thresholdsFailed = opts.noThresholds !== true && final.failed.length > 0;
    const data = this.engine!.summaryData(
      { testRunDurationMs: elapsed, isStdOutTTY: this.stdoutTTY, isStdErrTTY: this.stderrTTY },
      this.setupJson === undefined ? undefined : JSON.parse(this.setupJson),
      { ...opts, noColor: this.flags.noColor },
    );
    if (this.flags.summaryMode !== 'disabled') {
      const handled = await this.handleSummary(data);
      writeEndOfTestSummary(data, handled, { flags: this.flags, logger: this.logger, stdoutTTY: this.stdoutTTY });
    }
    if (thresholdsFailed)
      this.logger.write('error', `thresholds on metrics '${final.failed.join("', '")}' have been crossed`);
    if (exitCode === EXIT.OK && thresholdsFailed) return EXIT.THRESHOLDS;
    if (exitCode === EXIT.OK && this.markedFailed) return EXIT.MARKED_FAILED;
    return exitCode;
  }

  /** The script's handleSummary(data), in a worker of its own, with handleSummaryTimeout. */
  private async handleSummary(summaryData: unknown): Promise<HandleSummaryResult> {
    if (this.exports.handleSummary !== 'function') return undefined;
    const limit = durationMs(this.options.handleSummaryTimeout ?? '120s', 'handleSummaryTimeout');
    const r = await this.once('summary', { summaryData: structuredClone(summaryData) }, limit);
    if (r === 'timeout' || r === 'aborted') {
      this.logger.write('error', `handleSummary() execution timed out after ${limit / 1000} seconds`);
      return undefined;
    }
    if (r.type === 'result') {
      if (r.value && typeof r.value !== 'object') {
        this.logger.write('error', 'handleSummary() must return an object');
        return 'refused';
      }
      return r.value ? { ...(r.value as Record<string, unknown>) } : undefined;
    }
    if (r.type === 'error' || r.type === 'initError')
      this.logger.write('error', SUMMARY_FAILED, { error: firstLine(r.message) });
    return undefined;
  }

  private async finish(): Promise<void> {
    process.off('SIGINT', this.sigint);
    process.off('SIGTERM', this.sigterm);
    for (const o of this.outputs)
      await o.stop().catch((e: Error) => this.logger.write('error', `output: ${e.message}`));
    await this.io.stop();
    this.bundle?.dispose();
  }
}
