// A run's thresholds: validated against the declared metrics, adding the sub-metrics they name (k6
// internal/metrics/engine/engine.go InitSubMetricsAndThresholds, metrics/thresholds.go Validate), then evaluated
// every 2 s and at the end (engine.go evaluateThresholds, thresholds.go Thresholds.Run).
import type { MetricEntry, MetricRegistry } from './registry.js';
import { CounterSink, GaugeSink, RateSink } from './sinks.js';
import {
  compare,
  marshalThresholds,
  normalizeThresholdConfig,
  parseMetricName,
  sinkKey,
  supportedMethods,
  Threshold,
} from './thresholds.js';
import { ConfigError, type MetricType } from './types.js';

export interface EvaluateResult {
  /** metric (or sub-metric) names with at least one failed threshold, sorted */
  failed: string[];
  abort: boolean;
  abortReason?: string;
}

export class ThresholdSet {
  /** metrics and sub-metrics with thresholds, in definition order */
  readonly withThresholds: MetricEntry[] = [];

  constructor(
    private readonly raw: Record<string, unknown[]>,
    private readonly noThresholds: boolean,
  ) {}

  /**
   * Validates every threshold against the declared metrics and attaches it. Throws ConfigError (exit 104) on: unknown
   * metric, malformed sub-metric, expression parse error, aggregation method not supported by the metric type,
   * percentile outside 0..100. With noThresholds, thresholds are ignored (their sub-metrics are still tracked).
   */
  init(registry: MetricRegistry): void {
    for (const [name, list] of Object.entries(this.raw)) {
      let metric: MetricEntry;
      try {
        metric = resolveThresholdMetric(registry, name);
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
        throw new ConfigError(
          `invalid thresholds for metric '${name}': expected an array of threshold expressions, got ${JSON.stringify(list)}`,
        );
      }
      metric.thresholds = list.map((raw) => parseThreshold(name, metric.type, raw));
      if (metric.thresholds.length > 0 && !this.withThresholds.includes(metric)) this.withThresholds.push(metric);
      // shown in the summary even without samples (and the parent of a thresholded sub-metric too)
      metric.observed = true;
      if (metric.parent) metric.parent.observed = true;
    }
  }

  /**
   * Evaluates all thresholds (k6 `evaluateThresholds`). Periodic (final=false): metrics without samples are
   * skipped and abortOnFail may request an abort (unless delayAbortEval ≥ elapsed). Final: every threshold,
   * empty sinks included (an empty Rate has no value → passes).
   */
  evaluate(elapsedMs: number, final: boolean): EvaluateResult {
    const failed: string[] = [];
    let abort = false;
    for (const m of this.withThresholds) {
      if (m.thresholds.length === 0 || (!final && m.sink.isEmpty())) continue;
      if (!evaluateMetric(m, elapsedMs)) {
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

  /** A metric's thresholds in k6's marshalled form, for `-o json`. */
  marshalled(name: string): unknown[] {
    return this.noThresholds ? [] : marshalThresholds(name, this.raw[name]);
  }
}

/** k6 getThresholdMetricOrSubmetric: `name` or `name{key:value,...}`, the sub-metric added if new. */
function resolveThresholdMetric(registry: MetricRegistry, name: string): MetricEntry {
  const brace = name.indexOf('{');
  const base = brace === -1 ? name : name.slice(0, brace);
  const metric = registry.get(base);
  if (!metric) throw new Error(`metric '${base}' does not exist in the script`);
  if (brace === -1) return metric;
  const def = name.slice(brace + 1);
  if (def[def.length - 1] !== '}')
    throw new Error(`missing ending bracket, sub-metric format needs to be 'metric{key:value}'`);
  return registry.getOrAddSubmetric(metric, def.slice(0, -1));
}

function parseThreshold(name: string, type: MetricType, raw: unknown): Threshold {
  const cfg = normalizeThresholdConfig(name, raw);
  let t: Threshold;
  try {
    t = new Threshold(cfg);
  } catch (e) {
    throw new ConfigError(
      `invalid threshold ${JSON.stringify(cfg.source)} on metric '${name}': ${(e as Error).message}`,
    );
  }
  const allowed = supportedMethods(type);
  if (!allowed.includes(t.parsed.method)) {
    throw new ConfigError(
      `invalid threshold ${JSON.stringify(cfg.source)} applied on metric ${name}; reason: unsupported aggregation method ` +
        `${t.parsed.method} on metric of type ${type}. supported aggregation methods for this metric are: ${allowed.join(', ')}`,
    );
  }
  if (t.parsed.method === 'p' && (t.parsed.percentile! < 0 || t.parsed.percentile! > 100)) {
    throw new ConfigError(
      `invalid threshold ${JSON.stringify(cfg.source)} on metric ${name}; reason: percentile ${t.parsed.percentile} is outside 0..100`,
    );
  }
  return t;
}

/** Runs one metric's thresholds (k6 Thresholds.Run); false if any failed. Sets the metric's sticky abort. */
function evaluateMetric(m: MetricEntry, elapsedMs: number): boolean {
  const values = thresholdValues(m, elapsedMs);
  let ok = true;
  for (const t of m.thresholds) {
    const lhs = values.get(sinkKey(t.parsed));
    const passes = lhs === undefined ? true : compare(lhs, t.parsed.operator, t.parsed.value);
    t.lastFailed = !passes;
    if (passes) continue;
    ok = false;
    if (m.abort || !t.config.abortOnFail) continue;
    m.abort = t.config.delayAbortEvalMs === undefined || t.config.delayAbortEvalMs < elapsedMs;
  }
  return ok;
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
    for (const t of m.thresholds)
      if (t.parsed.method === 'p') v.set(sinkKey(t.parsed), sink.p(t.parsed.percentile! / 100));
  }
  return v;
}
