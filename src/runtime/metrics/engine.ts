// The main-thread metrics engine: sinks per metric and sub-metric, thresholds (validated before the run,
// evaluated every 2 s by the core and once at the end) and the handleSummary `data` object.
// Follows grafana/k6 `metrics/engine/engine.go`, `metrics/engine/ingester.go`, `metrics/thresholds.go`,
// `internal/js/summary.go` (summarizeMetricsToObject, exportGroup) and `internal/output/summary/*.go`.
import { createHash } from 'node:crypto';
import { BAD_NAME_WARNING, BUILTIN_METRICS, METRIC_NAME_RE } from './builtin.js';
import { type AnySink, CounterSink, GaugeSink, newSink, RateSink, TrendSink, trendStatResolver } from './sinks.js';
import {
  compare,
  normalizeThresholdConfig,
  parseMetricName,
  parseSubmetricSelector,
  sinkKey,
  supportedMethods,
  Threshold,
} from './thresholds.js';
import { formatGoDuration } from './duration.js';
import { ConfigError, type Contains, type MetricType, type Sample } from './types.js';
import {
  categoryOf,
  emptyReportMetrics,
  type Report,
  type ReportCheck,
  type ReportChecks,
  type ReportGroup,
  type ReportMetric,
  type ReportThresholds,
  SUMMARY_REPORT,
} from '../summary/report.js';

export { ConfigError } from './types.js';
export type { Contains, MetricType, Sample } from './types.js';

export const DEFAULT_SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
/** k6 evaluates thresholds every 2 s during the run (`thresholdsRate`). */
export const THRESHOLDS_EVAL_INTERVAL_MS = 2000;

interface SubMetric {
  entry: MetricEntry;
  keys: string[];
  values: string[];
}

interface MetricEntry {
  name: string;
  type: MetricType;
  contains: Contains;
  sink: AnySink;
  subs: SubMetric[];
  thresholds: Threshold[];
  /** sticky, as k6's Thresholds.Abort */
  abort: boolean;
  observed: boolean;
  parent?: MetricEntry;
  /** sub-metric selector pairs (for sub-metrics only) */
  selector?: [string, string][];
}

type CheckCounts = ReportCheck;

interface GroupNode {
  name: string;
  path: string;
  groups: Map<string, GroupNode>;
  checks: Map<string, CheckCounts>;
}

/** Per-group/per-scenario aggregation for the `full` text summary (k6 `aggregatedGroupData`). */
interface AggGroup {
  metrics: Map<string, { type: MetricType; contains: Contains; sink: AnySink }>;
  checks: Map<string, CheckCounts>;
  groups: Map<string, AggGroup>;
}

const newAggGroup = (): AggGroup => ({ metrics: new Map(), checks: new Map(), groups: new Map() });
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

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

export interface EvaluateResult {
  /** metric (or sub-metric) names with at least one failed threshold, sorted */
  failed: string[];
  abort: boolean;
  abortReason?: string;
}

export interface SummaryState {
  testRunDurationMs: number;
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
}

export class MetricsEngine {
  private readonly metrics = new Map<string, MetricEntry>();
  private readonly withThresholds: MetricEntry[] = [];
  private readonly rawThresholds: Record<string, unknown[]>;
  private readonly noThresholds: boolean;
  private readonly summaryMode: 'compact' | 'full';
  private readonly expectedResponse: boolean;
  private readonly onUnknownMetric?: (name: string) => void;
  readonly summaryTrendStats: string[];
  private initialized = false;
  /** metric names seen in addSamples that were never declared */
  readonly unknownMetrics = new Set<string>();

  // root_group (legacy handleSummary data)
  private readonly rootGroup: GroupNode = { name: '', path: '', groups: new Map(), checks: new Map() };
  private readonly knownGroupTags = new Set<string>(['']);
  // checks aggregated by name across groups (text summary TOTAL RESULTS)
  private readonly allChecks = new Map<string, CheckCounts>();
  // full mode
  private readonly aggRoot: AggGroup = newAggGroup();
  private readonly aggScenarios = new Map<string, AggGroup>();
  private checksEntry: MetricEntry;

  constructor(opts: MetricsEngineOptions = {}) {
    this.rawThresholds = opts.thresholds ?? {};
    this.noThresholds = opts.noThresholds ?? false;
    this.summaryMode = opts.summaryMode ?? 'compact';
    this.expectedResponse = opts.expectedResponseSubmetric ?? true;
    this.onUnknownMetric = opts.onUnknownMetric;
    this.summaryTrendStats = opts.summaryTrendStats ?? DEFAULT_SUMMARY_TREND_STATS;
    for (const stat of this.summaryTrendStats) {
      try {
        trendStatResolver(stat);
      } catch (e) {
        throw new ConfigError(`invalid summaryTrendStats: ${(e as Error).message}`);
      }
    }
    for (const b of BUILTIN_METRICS) this.declare(b.name, b.type, b.contains);
    this.checksEntry = this.metrics.get('checks')!;
  }

  /** Registers a metric (k6 Registry.NewMetric). Same name with same type/contains is a no-op; conflicts throw k6's error. */
  declare(name: string, type: MetricType, contains: Contains = 'default'): void {
    const old = this.metrics.get(name);
    if (!old) {
      if (!METRIC_NAME_RE.test(name)) throw new ConfigError(`Invalid metric name: '${name}'. ${BAD_NAME_WARNING}`);
      this.metrics.set(name, this.newEntry(name, type, contains));
      return;
    }
    if (old.type !== type) throw new ConfigError(`metric '${name}' already exists but with type ${old.type}, instead of ${type}`);
    if (old.contains !== contains) {
      throw new ConfigError(`metric '${name}' already exists but with a value type ${old.contains}, instead of ${contains}`);
    }
  }

  /**
   * Declaration of a metric as k6's JSON output describes it (`{"type":"Metric","data":{...}}`): thresholds in
   * k6's marshalled form (a string, or an object when abortOnFail) and the sub-metrics known so far.
   */
  metricInfo(name: string):
    | { name: string; type: MetricType; contains: Contains; thresholds: unknown[]; submetrics: { name: string; suffix: string; tags: Record<string, string> }[] | null }
    | undefined {
    const m = this.metrics.get(name);
    if (!m) return undefined;
    const raw = this.noThresholds ? undefined : this.rawThresholds[name];
    const thresholds: unknown[] = [];
    if (Array.isArray(raw)) {
      for (const r of raw) {
        try {
          const c = normalizeThresholdConfig(name, r);
          thresholds.push(
            c.abortOnFail
              ? { threshold: c.source, abortOnFail: true, delayAbortEval: c.delayAbortEvalMs === undefined ? null : formatGoDuration(c.delayAbortEvalMs) }
              : c.source,
          );
        } catch {
          // invalid ones were reported by validateThresholds()
        }
      }
    }
    const submetrics = m.subs.length === 0 ? null : m.subs.map((s) => ({
      name: s.entry.name,
      suffix: s.entry.name.slice(m.name.length + 1, -1),
      tags: Object.fromEntries(s.entry.selector!),
    }));
    return { name: m.name, type: m.type, contains: m.contains, thresholds, submetrics };
  }

  /** Type of a declared metric, if any. */
  metricType(name: string): { type: MetricType; contains: Contains } | undefined {
    const m = this.metrics.get(name);
    return m && { type: m.type, contains: m.contains };
  }

  private newEntry(name: string, type: MetricType, contains: Contains): MetricEntry {
    return { name, type, contains, sink: newSink(type), subs: [], thresholds: [], abort: false, observed: false };
  }

  private getOrAddSubmetric(parent: MetricEntry, keyValues: string): MetricEntry {
    const { suffix, pairs } = parseSubmetricSelector(parent.name, keyValues);
    const sameTags = (a: [string, string][], b: [string, string][]): boolean =>
      a.length === b.length && a.every(([k, v]) => b.some(([k2, v2]) => k === k2 && v === v2));
    for (const sm of parent.subs) if (sameTags(sm.entry.selector!, pairs)) return sm.entry;
    const entry = this.newEntry(`${parent.name}{${suffix}}`, parent.type, parent.contains);
    entry.parent = parent;
    entry.selector = pairs;
    parent.subs.push({ entry, keys: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) });
    return entry;
  }

  private resolveThresholdMetric(name: string): MetricEntry {
    const brace = name.indexOf('{');
    const base = brace === -1 ? name : name.slice(0, brace);
    const metric = this.metrics.get(base);
    if (!metric) throw new Error(`metric '${base}' does not exist in the script`);
    if (brace === -1) return metric;
    const def = name.slice(brace + 1);
    if (def[def.length - 1] !== '}') throw new Error(`missing ending bracket, sub-metric format needs to be 'metric{key:value}'`);
    return this.getOrAddSubmetric(metric, def.slice(0, -1));
  }

  /**
   * Validates every threshold against the declared metrics (call after all custom metrics are declared, i.e.
   * after the init context ran) and prepares sub-metrics. Throws ConfigError (exit 104) on: unknown metric,
   * malformed sub-metric, expression parse error, aggregation method not supported by the metric type,
   * percentile outside 0..100. With noThresholds, thresholds are ignored (sub-metrics are still tracked).
   */
  validateThresholds(): void {
    if (this.initialized) return;
    for (const [name, list] of Object.entries(this.rawThresholds)) {
      let metric: MetricEntry;
      try {
        metric = this.resolveThresholdMetric(name);
      } catch (e) {
        if (this.noThresholds) continue;
        throw new ConfigError(`invalid metric '${name}' in threshold definitions: ${(e as Error).message}`);
      }
      if (this.noThresholds) continue;
      try {
        parseMetricName(name);
      } catch (e) {
        throw new ConfigError(`unable to validate threshold expressions; reason: ${(e as Error).message}`);
      }
      if (!Array.isArray(list)) {
        throw new ConfigError(`invalid thresholds for metric '${name}': expected an array of threshold expressions, got ${JSON.stringify(list)}`);
      }
      const thresholds: Threshold[] = [];
      for (const raw of list) {
        const cfg = normalizeThresholdConfig(name, raw);
        let t: Threshold;
        try {
          t = new Threshold(cfg);
        } catch (e) {
          throw new ConfigError(`invalid threshold ${JSON.stringify(cfg.source)} on metric '${name}': ${(e as Error).message}`);
        }
        const allowed = supportedMethods(metric.type);
        if (!allowed.includes(t.parsed.method)) {
          throw new ConfigError(
            `invalid threshold ${JSON.stringify(cfg.source)} applied on metric ${name}; reason: unsupported aggregation method ` +
              `${t.parsed.method} on metric of type ${metric.type}. supported aggregation methods for this metric are: ${allowed.join(', ')}`,
          );
        }
        if (t.parsed.method === 'p' && (t.parsed.percentile! < 0 || t.parsed.percentile! > 100)) {
          throw new ConfigError(
            `invalid threshold ${JSON.stringify(cfg.source)} on metric ${name}; reason: percentile ${t.parsed.percentile} is outside 0..100`,
          );
        }
        thresholds.push(t);
      }
      metric.thresholds = thresholds;
      if (thresholds.length > 0 && !this.withThresholds.includes(metric)) this.withThresholds.push(metric);
      // shown in the summary even without samples (and the parent of a thresholded sub-metric too)
      metric.observed = true;
      if (metric.parent) metric.parent.observed = true;
    }
    if (this.expectedResponse) {
      const d = this.metrics.get('http_req_duration');
      if (d) this.getOrAddSubmetric(d, 'expected_response:true');
    }
    this.initialized = true;
  }

  /** True when at least one threshold is defined (the core only needs the 2 s timer then). */
  hasThresholds(): boolean {
    this.validateThresholds();
    return this.withThresholds.length > 0;
  }

  addSamples(samples: Sample[]): void {
    if (!this.initialized) this.validateThresholds();
    const metrics = this.metrics;
    const full = this.summaryMode === 'full';
    let lastName = '';
    let last: MetricEntry | undefined;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      let m: MetricEntry | undefined;
      if (s.metric === lastName) m = last;
      else {
        m = metrics.get(s.metric);
        lastName = s.metric;
        last = m;
      }
      if (m === undefined) {
        if (!this.unknownMetrics.has(s.metric)) {
          this.unknownMetrics.add(s.metric);
          this.onUnknownMetric?.(s.metric);
        }
        continue;
      }
      const v = s.value;
      m.sink.add(v);
      m.observed = true;
      const tags = s.tags;
      const subs = m.subs;
      for (let j = 0; j < subs.length; j++) {
        const sm = subs[j];
        const keys = sm.keys;
        let ok = true;
        for (let k = 0; k < keys.length; k++) {
          if (tags[keys[k]] !== sm.values[k]) {
            ok = false;
            break;
          }
        }
        if (ok) {
          sm.entry.sink.add(v);
          sm.entry.observed = true;
        }
      }
      const group = tags.group;
      if (group !== undefined && !this.knownGroupTags.has(group)) this.registerGroup(group);
      if (m === this.checksEntry && tags.check !== undefined) this.recordCheck(group ?? '', tags.check, v);
      if (full) this.addToAggregates(m, s);
    }
  }

  private groupNode(path: string): GroupNode | undefined {
    if (path === '') return this.rootGroup;
    if (!path.startsWith('::')) return undefined;
    const names = path.slice(2).split('::');
    // setup()/teardown() run in groups that k6 does not attach to the root group
    if (names[0] === 'setup' || names[0] === 'teardown') return undefined;
    let node = this.rootGroup;
    for (const name of names) {
      let child = node.groups.get(name);
      if (!child) {
        child = { name, path: `${node.path}::${name}`, groups: new Map(), checks: new Map() };
        node.groups.set(name, child);
      }
      node = child;
    }
    return node;
  }

  private registerGroup(group: string): void {
    this.knownGroupTags.add(group);
    this.groupNode(group);
  }

  private recordCheck(group: string, name: string, value: number): void {
    const node = this.groupNode(group);
    if (node) bump(node.checks, name, value);
    bump(this.allChecks, name, value);
  }

  private addToAggregates(m: MetricEntry, s: Sample): void {
    let target = this.aggRoot;
    const scenario = s.tags.scenario;
    if (scenario !== undefined && scenario !== 'default') {
      target = this.aggScenarios.get(scenario) ?? newAggGroup();
      this.aggScenarios.set(scenario, target);
      addAgg(target, m, s);
    }
    const group = s.tags.group;
    if (group !== undefined && group.length > 0) {
      const names = (group.startsWith('::') ? group.slice(2) : group).split('::');
      for (const name of names) {
        let child = target.groups.get(name);
        if (!child) target.groups.set(name, (child = newAggGroup()));
        target = child;
      }
      addAgg(target, m, s);
    }
  }

  /**
   * Evaluates all thresholds (k6 `evaluateThresholds`). Periodic (final=false): metrics without samples are
   * skipped and abortOnFail may request an abort (unless delayAbortEval ≥ elapsed). Final: every threshold,
   * empty sinks included (an empty Rate has no value → passes).
   */
  evaluate(elapsedMs: number, final: boolean): EvaluateResult {
    this.validateThresholds();
    const failed: string[] = [];
    let abort = false;
    for (const m of this.withThresholds) {
      if (m.thresholds.length === 0 || (!final && m.sink.isEmpty())) continue;
      const values = thresholdValues(m, elapsedMs);
      let ok = true;
      for (const t of m.thresholds) {
        const lhs = values.get(sinkKey(t.parsed));
        const passes = lhs === undefined ? true : compare(lhs, t.parsed.operator, t.parsed.value);
        t.lastFailed = !passes;
        if (!passes) {
          ok = false;
          if (m.abort || !t.config.abortOnFail) continue;
          m.abort = t.config.delayAbortEvalMs === undefined || t.config.delayAbortEvalMs < elapsedMs;
        }
      }
      if (!ok) {
        failed.push(m.name);
        if (m.abort) abort = true;
      }
    }
    failed.sort();
    const res: EvaluateResult = { failed, abort: !final && abort };
    if (res.abort) {
      res.abortReason = `thresholds on metrics '${failed.join(', ')}' were breached; at least one has abortOnFail enabled, stopping test prematurely`;
    }
    return res;
  }

  /** Values of a metric (or sub-metric) as k6's summary reports them. */
  metricValues(name: string, elapsedMs: number, trendStats: string[] = this.summaryTrendStats): Record<string, number> | undefined {
    const m = this.findEntry(name);
    return m && sinkValues(m.sink, elapsedMs, trendStats);
  }

  private findEntry(name: string): MetricEntry | undefined {
    const brace = name.indexOf('{');
    if (brace === -1) return this.metrics.get(name);
    const parent = this.metrics.get(name.slice(0, brace));
    return parent?.subs.find((s) => s.entry.name === name)?.entry;
  }

  private observedEntries(): MetricEntry[] {
    const out: MetricEntry[] = [];
    for (const m of this.metrics.values()) {
      if (m.observed) out.push(m);
      for (const s of m.subs) if (s.entry.observed) out.push(s.entry);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The handleSummary `data` object, exactly k6's default (legacy) format. Carries the text-summary report under
   * the SUMMARY_REPORT symbol (not enumerable by JSON, dropped by structured clone).
   */
  summaryData(state: SummaryState, setupData: unknown, options: Record<string, unknown>): unknown {
    this.validateThresholds();
    const trendStats = Array.isArray(options.summaryTrendStats) ? (options.summaryTrendStats as string[]) : this.summaryTrendStats;
    const t = state.testRunDurationMs;
    const metricsData: Record<string, unknown> = {};
    for (const m of this.observedEntries()) {
      const md: Record<string, unknown> = { type: m.type, contains: m.contains, values: sinkValues(m.sink, t, trendStats) };
      if (m.thresholds.length > 0) {
        const th: Record<string, { ok: boolean }> = {};
        for (const x of m.thresholds) th[x.source] = { ok: !x.lastFailed };
        md.thresholds = th;
      }
      metricsData[m.name] = md;
    }
    const data: Record<string | symbol, unknown> = {
      root_group: exportGroup(this.rootGroup),
      options: {
        summaryTrendStats: trendStats,
        summaryTimeUnit: typeof options.summaryTimeUnit === 'string' ? options.summaryTimeUnit : '',
        noColor: options.noColor === true,
      },
      state: { isStdOutTTY: state.isStdOutTTY, isStdErrTTY: state.isStdErrTTY, testRunDurationMs: t },
      metrics: metricsData,
      setup_data: setupData,
    };
    Object.defineProperty(data, SUMMARY_REPORT, {
      value: this.report(t, trendStats, data.options as { summaryTimeUnit: string }),
      enumerable: false,
    });
    return data;
  }

  /** The end-of-test text report model (k6 v1 summary output `Summary`). */
  report(testRunDurationMs: number, trendStats: string[] = this.summaryTrendStats, opts: { summaryTimeUnit?: string } = {}): Report {
    const t = testRunDurationMs;
    const mode = this.summaryMode;
    const toMetric = (name: string, type: MetricType, contains: Contains, sink: AnySink): ReportMetric => ({
      name,
      type,
      contains,
      values: sinkValues(sink, t, trendStats),
    });
    const thresholds: Record<string, ReportThresholds> = {};
    for (const m of this.withThresholds) {
      const metric = toMetric(m.name, m.type, m.contains, m.sink);
      for (const th of m.thresholds) {
        if (m.sink instanceof TrendSink && th.parsed.method === 'p') {
          const key = `p(${th.parsed.percentile})`;
          metric.values[key] = m.sink.p(th.parsed.percentile! / 100);
        }
      }
      thresholds[m.name] = { metric, thresholds: m.thresholds.map((x) => ({ source: x.source, ok: !x.lastFailed })) };
    }
    const root: Report = {
      thresholds,
      metrics: emptyReportMetrics(),
      groups: {},
      scenarios: {},
      summaryTrendStats: trendStats,
      summaryTimeUnit: opts.summaryTimeUnit ?? '',
    };
    for (const m of this.observedEntries()) {
      const cat = categoryOf(m.name, mode);
      if (cat) root.metrics[cat][m.name] = toMetric(m.name, m.type, m.contains, m.sink);
    }
    if (this.checksEntry.observed) {
      root.checks = checksReport(this.checksEntry.sink as RateSink, this.allChecks, t, (n, ty, c, s) => toMetric(n, ty, c, s));
    }
    if (mode === 'full') {
      const conv = (g: AggGroup): ReportGroup => {
        const out: ReportGroup = { metrics: emptyReportMetrics(), groups: {} };
        const checks = g.metrics.get('checks');
        if (checks) out.checks = checksReport(checks.sink as RateSink, g.checks, t, (n, ty, c, s) => toMetric(n, ty, c, s));
        for (const [name, a] of g.metrics) {
          const cat = categoryOf(name, mode);
          if (cat) out.metrics[cat][name] = toMetric(name, a.type, a.contains, a.sink);
        }
        for (const [name, child] of g.groups) out.groups[name] = conv(child);
        return out;
      };
      for (const [name, child] of this.aggRoot.groups) root.groups[name] = conv(child);
      for (const [name, sc] of this.aggScenarios) root.scenarios[name] = conv(sc);
    }
    return root;
  }
}

function bump(map: Map<string, CheckCounts>, name: string, value: number): void {
  let c = map.get(name);
  if (!c) map.set(name, (c = { name, passes: 0, fails: 0 }));
  if (value === 0) c.fails++;
  else c.passes++;
}

function addAgg(g: AggGroup, m: MetricEntry, s: Sample): void {
  let a = g.metrics.get(m.name);
  if (!a) g.metrics.set(m.name, (a = { type: m.type, contains: m.contains, sink: newSink(m.type) }));
  a.sink.add(s.value);
  if (m.name === 'checks' && s.tags.check !== undefined) bump(g.checks, s.tags.check, s.value);
}

function checksReport(
  sink: RateSink,
  checks: Map<string, CheckCounts>,
  t: number,
  toMetric: (n: string, ty: MetricType, c: Contains, s: AnySink) => ReportMetric,
): ReportChecks {
  const total = sink.total;
  const ok = sink.trues;
  const totalMetric: ReportMetric = {
    name: 'checks_total',
    type: 'counter',
    contains: 'default',
    values: { count: total, rate: t > 0 ? total / (t / 1000) : 0 },
  };
  const succeeded = toMetric('checks_succeeded', 'rate', 'default', sink);
  // k6 quirk kept: checks_failed carries passes = failed checks, fails = succeeded ones
  const failedMetric: ReportMetric = {
    name: 'checks_failed',
    type: 'rate',
    contains: 'default',
    values: { passes: total - ok, fails: ok, rate: (total - ok) / total },
  };
  return {
    metrics: { checks_total: totalMetric, checks_succeeded: succeeded, checks_failed: failedMetric },
    ordered_checks: [...checks.values()].map((c) => ({ ...c })),
  };
}

/** k6 sink values for the summary (`metricValueGetter`). */
export function sinkValues(sink: AnySink, elapsedMs: number, trendStats: string[]): Record<string, number> {
  if (sink instanceof CounterSink) return { count: sink.value, rate: sink.rate(elapsedMs) };
  if (sink instanceof GaugeSink) return { value: sink.value, min: sink.min, max: sink.max };
  if (sink instanceof RateSink) return { rate: sink.rate(), passes: sink.trues, fails: sink.total - sink.trues };
  const out: Record<string, number> = {};
  for (const stat of trendStats) out[stat] = trendStatResolver(stat)(sink);
  return out;
}

/** Values a threshold can read (k6 `Thresholds.Run`): an empty Rate has no "rate" entry. */
function thresholdValues(m: MetricEntry, elapsedMs: number): Map<string, number> {
  const v = new Map<string, number>();
  const sink = m.sink;
  if (sink instanceof CounterSink) {
    v.set('count', sink.value);
    v.set('rate', sink.value / (elapsedMs / 1000));
  } else if (sink instanceof GaugeSink) {
    v.set('value', sink.value);
  } else if (sink instanceof RateSink) {
    if (sink.total > 0) v.set('rate', sink.trues / sink.total);
  } else {
    v.set('min', sink.min);
    v.set('max', sink.max);
    v.set('avg', sink.avg);
    v.set('med', sink.med);
    for (const t of m.thresholds) if (t.parsed.method === 'p') v.set(sinkKey(t.parsed), sink.p(t.parsed.percentile! / 100));
  }
  return v;
}

function exportGroup(g: GroupNode): Record<string, unknown> {
  return {
    name: g.name,
    path: g.path,
    id: md5(g.path),
    groups: [...g.groups.values()].map(exportGroup),
    checks: [...g.checks.values()].map((c) => {
      const path = `${g.path}::${c.name}`;
      return { name: c.name, path, id: md5(path), passes: c.passes, fails: c.fails };
    }),
  };
}
