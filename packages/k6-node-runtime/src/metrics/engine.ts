// The main-thread metrics engine (k6 internal/metrics/engine/engine.go): the registry of metrics and sub-metrics
// (registry.ts), the ingester that feeds their sinks (ingester.ts), the thresholds (threshold-set.ts, validated
// before the run, evaluated every 2 s and once at the end), and what the summaries read (groups.ts, aggregates.ts,
// ../summary/data.ts and build-report.ts).
import { SummaryAggregates } from './aggregates.js';
import { BUILTIN_METRICS } from './builtin.js';
import { GroupTree } from './groups.js';
import { Ingester } from './ingester.js';
import { MetricRegistry } from './registry.js';
import { trendStatResolver } from './sinks.js';
import { ThresholdSet, type EvaluateResult } from './threshold-set.js';
import { ConfigError, type Contains, type MetricType, type Sample } from './types.js';
import { buildReport } from '../summary/build-report.js';
import { summaryData, type SummaryState } from '../summary/data.js';
import type { Report } from '../summary/report.js';
import type { SummarySource } from '../summary/source.js';
import { sinkValues } from '../summary/values.js';

export { ConfigError } from './types.js';
export type { Contains, MetricType, Sample } from './types.js';
export type { EvaluateResult } from './threshold-set.js';
export type { SummaryState } from '../summary/data.js';

export const DEFAULT_SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
/** k6 evaluates thresholds every 2 s during the run (`thresholdsRate`). */
export const THRESHOLDS_EVAL_INTERVAL_MS = 2000;

export interface MetricsEngineOptions {
  thresholds?: Record<string, unknown[]>;
  summaryTrendStats?: string[];
  noThresholds?: boolean;
  /** 'full' also aggregates per group and per scenario (k6 --summary-mode=full). Default 'compact'. */
  summaryMode?: 'compact' | 'full';
  /** systemTags contains expected_response (default true): k6 then always tracks http_req_duration{expected_response:true} */
  expectedResponseSubmetric?: boolean;
  /** called once per unknown metric name met in addSamples */
  onUnknownMetric?: (name: string) => void;
}

export class MetricsEngine {
  private readonly registry = new MetricRegistry();
  private readonly thresholds: ThresholdSet;
  private readonly groups = new GroupTree();
  private readonly aggregates: SummaryAggregates | undefined;
  private readonly ingester: Ingester;
  private readonly expectedResponse: boolean;
  readonly summaryTrendStats: string[];
  private initialized = false;

  constructor(opts: MetricsEngineOptions = {}) {
    this.thresholds = new ThresholdSet(opts.thresholds ?? {}, opts.noThresholds ?? false);
    this.expectedResponse = opts.expectedResponseSubmetric ?? true;
    this.summaryTrendStats = opts.summaryTrendStats ?? DEFAULT_SUMMARY_TREND_STATS;
    for (const stat of this.summaryTrendStats) {
      try {
        trendStatResolver(stat);
      } catch (e) {
        throw new ConfigError(`invalid summaryTrendStats: ${(e as Error).message}`);
      }
    }
    for (const b of BUILTIN_METRICS) this.declare(b.name, b.type, b.contains);
    if (opts.summaryMode === 'full') this.aggregates = new SummaryAggregates();
    this.ingester = new Ingester(this.registry, this.groups, this.aggregates, opts.onUnknownMetric);
  }

  /** metric names seen in addSamples that were never declared */
  get unknownMetrics(): ReadonlySet<string> {
    return this.ingester.unknownMetrics;
  }

  /** Registers a metric (k6 Registry.NewMetric). Same name with same type/contains is a no-op; conflicts throw k6's error. */
  declare(name: string, type: MetricType, contains: Contains = 'default'): void {
    this.registry.declare(name, type, contains);
  }

  /**
   * Declaration of a metric as k6's JSON output describes it (`{"type":"Metric","data":{...}}`): thresholds in
   * k6's marshalled form (a string, or an object when abortOnFail) and the sub-metrics known so far.
   */
  metricInfo(name: string):
    | {
        name: string;
        type: MetricType;
        contains: Contains;
        thresholds: unknown[];
        submetrics: { name: string; suffix: string; tags: Record<string, string> }[] | null;
      }
    | undefined {
    const m = this.registry.get(name);
    if (!m) return undefined;
    const submetrics =
      m.subs.length === 0
        ? null
        : m.subs.map((s) => ({
            name: s.entry.name,
            suffix: s.entry.name.slice(m.name.length + 1, -1),
            tags: Object.fromEntries(s.entry.selector!),
          }));
    return {
      name: m.name,
      type: m.type,
      contains: m.contains,
      thresholds: this.thresholds.marshalled(name),
      submetrics,
    };
  }

  /** Type of a declared metric, if any. */
  metricType(name: string): { type: MetricType; contains: Contains } | undefined {
    const m = this.registry.get(name);
    return m && { type: m.type, contains: m.contains };
  }

  /**
   * Validates every threshold against the declared metrics (call after all custom metrics are declared, i.e.
   * after the init context ran) and prepares sub-metrics; ConfigError (exit 104) on a bad one (threshold-set.ts).
   */
  validateThresholds(): void {
    if (this.initialized) return;
    this.thresholds.init(this.registry);
    if (this.expectedResponse) {
      const d = this.registry.get('http_req_duration');
      if (d) this.registry.getOrAddSubmetric(d, 'expected_response:true');
    }
    this.initialized = true;
  }

  /** True when at least one threshold is defined (the core only needs the 2 s timer then). */
  hasThresholds(): boolean {
    this.validateThresholds();
    return this.thresholds.withThresholds.length > 0;
  }

  addSamples(samples: Sample[]): void {
    if (!this.initialized) this.validateThresholds();
    this.ingester.ingest(samples);
  }

  /** Evaluates all thresholds (threshold-set.ts): periodic (final=false) or the end-of-test verdict. */
  evaluate(elapsedMs: number, final: boolean): EvaluateResult {
    this.validateThresholds();
    return this.thresholds.evaluate(elapsedMs, final);
  }

  /** Values of a metric (or sub-metric) as k6's summary reports them. */
  metricValues(
    name: string,
    elapsedMs: number,
    trendStats: string[] = this.summaryTrendStats,
  ): Record<string, number> | undefined {
    const m = this.registry.find(name);
    return m && sinkValues(m.sink, elapsedMs, trendStats);
  }

  /**
   * The handleSummary `data` object, exactly k6's default (legacy) format. Carries the text-summary report under
   * the SUMMARY_REPORT symbol (not enumerable by JSON, dropped by structured clone).
   */
  summaryData(state: SummaryState, setupData: unknown, options: Record<string, unknown>): unknown {
    this.validateThresholds();
    const trendStats = Array.isArray(options.summaryTrendStats)
      ? (options.summaryTrendStats as string[])
      : this.summaryTrendStats;
    return summaryData(this.source(), trendStats, state, setupData, options);
  }

  /** The end-of-test text report model (k6 v1 summary output `Summary`). */
  report(
    testRunDurationMs: number,
    trendStats: string[] = this.summaryTrendStats,
    opts: { summaryTimeUnit?: string } = {},
  ): Report {
    return buildReport(this.source(), testRunDurationMs, trendStats, opts);
  }

  private source(): SummarySource {
    return {
      registry: this.registry,
      withThresholds: this.thresholds.withThresholds,
      groups: this.groups,
      aggregates: this.aggregates,
    };
  }
}
