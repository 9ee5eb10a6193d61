// Where option tiers come from (pure): K6_* environment variables and CLI flags. Consolidation
// (CLI > env > script) is in options.ts.

/** The CLI flags that set options. */
export interface CliExecFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: Array<{ duration: string; target: number }>;
  noThresholds: boolean;
  noSetup: boolean;
  noTeardown: boolean;
  summaryTrendStats?: string[];
  /** --tag */
  tags?: Record<string, string>;
  /** further options set by flags (k6 getOptions), as option keys */
  options?: Record<string, unknown>;
}

/** K6_* environment variables that set options (k6: CLI > env > script). */
export function envOptions(env: Record<string, string | undefined>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const bool = (v: string) => v === 'true' || v === '1';
  if (env.K6_VUS) o.vus = Number(env.K6_VUS);
  if (env.K6_DURATION) o.duration = env.K6_DURATION;
  if (env.K6_ITERATIONS) o.iterations = Number(env.K6_ITERATIONS);
  if (env.K6_STAGES) {
    o.stages = env.K6_STAGES.split(',').map((p) => {
      const [d, t] = p.split(':');
      return { duration: d, target: Number(t) };
    });
  }
  if (env.K6_NO_THRESHOLDS) o.noThresholds = bool(env.K6_NO_THRESHOLDS);
  if (env.K6_NO_SETUP) o.noSetup = bool(env.K6_NO_SETUP);
  if (env.K6_NO_TEARDOWN) o.noTeardown = bool(env.K6_NO_TEARDOWN);
  if (env.K6_SUMMARY_TREND_STATS) o.summaryTrendStats = env.K6_SUMMARY_TREND_STATS.split(',');
  if (env.K6_SETUP_TIMEOUT) o.setupTimeout = env.K6_SETUP_TIMEOUT;
  if (env.K6_TEARDOWN_TIMEOUT) o.teardownTimeout = env.K6_TEARDOWN_TIMEOUT;
  if (env.K6_THROW) o.throw = bool(env.K6_THROW);
  return o;
}

export function cliOptions(f: CliExecFlags): Record<string, unknown> {
  const o: Record<string, unknown> = { ...f.options };
  if (f.vus !== undefined) o.vus = f.vus;
  if (f.duration !== undefined) o.duration = f.duration;
  if (f.iterations !== undefined) o.iterations = f.iterations;
  if (f.stages?.length) o.stages = f.stages;
  if (f.noThresholds) o.noThresholds = true;
  if (f.noSetup) o.noSetup = true;
  if (f.noTeardown) o.noTeardown = true;
  if (f.summaryTrendStats) o.summaryTrendStats = f.summaryTrendStats;
  // k6 replaces the script's tags with the command line's (lib.Options.Apply copies non-empty RunTags)
  if (f.tags && Object.keys(f.tags).length > 0) o.tags = f.tags;
  return o;
}
