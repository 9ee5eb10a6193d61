// Threshold expressions, sub-metric names and threshold evaluation, following grafana/k6
// `metrics/thresholds_parser.go`, `metrics/thresholds.go`, `metrics/metric.go` (AddSubmetric, ParseMetricName)
// and https://grafana.com/docs/k6/latest/using-k6/thresholds/ .
import { ConfigError, type MetricType } from './types.js';
import { parseGoFloat } from './sinks.js';
import { formatGoDuration, parseK6Duration } from './duration.js';

/** Longer tokens first: the first operator found (in this order) splits the expression. */
export const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];
const METHOD_TOKENS = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max', 'p'];

export interface ThresholdExpression {
  /** 'value' | 'count' | 'rate' | 'avg' | 'min' | 'med' | 'max' | 'p' */
  method: string;
  /** percentile for method 'p' (0..100) */
  percentile?: number;
  operator: Operator;
  value: number;
}

/** `p(%g)` key used to look up a percentile, as k6's SinkKey(). */
export function sinkKey(e: ThresholdExpression): string {
  return e.method === 'p' ? `p(${formatG(e.percentile!)})` : e.method;
}

/** Go's %g for the values that matter here (integers and short decimals). */
export function formatG(n: number): string {
  return String(n);
}

/** Parses `<method> <op> <number>` — throws Error with k6's messages. */
export function parseThresholdExpression(input: string): ThresholdExpression {
  let method = '';
  let operator: Operator | undefined;
  let rhs = '';
  for (const op of OPERATORS) {
    const idx = input.indexOf(op);
    if (idx >= 0) {
      method = input.slice(0, idx).trim();
      rhs = input.slice(idx + op.length).trim();
      operator = op;
      break;
    }
  }
  if (!operator) {
    throw new Error(
      `failed parsing threshold expression ${JSON.stringify(input)}; reason: malformed threshold expression`,
    );
  }
  let percentile: number | undefined;
  if (!METHOD_TOKENS.includes(method) || method === 'p') {
    if (method.startsWith('p(') && method.endsWith(')')) {
      const p = parseGoFloat(method.slice(2, -1));
      if (Number.isNaN(p)) {
        throw new Error(
          `failed parsing threshold expression's ${JSON.stringify(input)} left hand side; reason: malformed percentile value; ` +
            `reason: strconv.ParseFloat: parsing ${JSON.stringify(method.slice(2, -1))}: invalid syntax`,
        );
      }
      percentile = p;
      method = 'p';
    } else {
      throw new Error(
        `failed parsing threshold expression's ${JSON.stringify(input)} left hand side; reason: failed parsing method from expression`,
      );
    }
  }
  const value = parseGoFloat(rhs);
  if (Number.isNaN(value) && !/^[+-]?nan$/i.test(rhs)) {
    throw new Error(
      `failed parsing threshold expresion's ${JSON.stringify(input)} right hand side; reason: strconv.ParseFloat: parsing ${JSON.stringify(rhs)}: invalid syntax`,
    );
  }
  return { method, percentile, operator, value };
}

export function supportedMethods(type: MetricType): string[] {
  switch (type) {
    case 'counter':
      return ['count', 'rate'];
    case 'gauge':
      return ['value'];
    case 'rate':
      return ['rate'];
    case 'trend':
      return ['avg', 'min', 'max', 'med', 'p'];
  }
}

export function compare(lhs: number, op: Operator, rhs: number): boolean {
  switch (op) {
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '<=':
      return lhs <= rhs;
    case '<':
      return lhs < rhs;
    case '==':
    case '===':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
  }
}

/** Parses `name{k:v,...}` like k6 `ParseMetricName`; returns the parent name and raw tag strings. */
export function parseMetricName(name: string): { parent: string; tags: string[] | null } {
  const open = name.indexOf('{');
  const close = name.lastIndexOf('}');
  if (open === -1 && close === -1) return { parent: name, tags: null };
  const err = (why: string): never => {
    throw new Error(`parsing metric name failed, metric ${JSON.stringify(name)} ${why}`);
  };
  if (open === -1 || close === -1) err('has unmatched opening/close curly brace');
  if (close < open) err('closing curly brace appears before opening one');
  if (close !== name.length - 1) err('lacks a closing curly brace in its last position');
  const tags = name.slice(open + 1, close).split(',');
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    const c = t.indexOf(':');
    if (c === -1 || t.slice(c + 1) === '') {
      throw new Error(`parsing metric name failed, metric ${JSON.stringify(t)} tag expression is malformed`);
    }
    tags[i] = t.trim();
  }
  return { parent: name.slice(0, open), tags };
}

const trimQuotes = (s: string): string => s.replace(/^["']+|["']+$/g, '');

/**
 * Sub-metric selector as k6's `AddSubmetric`: split on ',', each part at the FIRST ':'; key and value are
 * space-trimmed then quote-trimmed; a part without ':' selects the tag with value "". Returns ordered pairs
 * and the canonical suffix (the trimmed text inside the braces).
 */
export function parseSubmetricSelector(
  metricName: string,
  keyValues: string,
): { suffix: string; pairs: [string, string][] } {
  const suffix = keyValues.trim();
  if (suffix.length === 0) throw new Error(`submetric criteria for metric '${metricName}' cannot be empty`);
  const map = new Map<string, string>();
  for (const kv of suffix.split(',')) {
    if (kv === '') continue;
    const c = kv.indexOf(':');
    if (c === -1) {
      map.set(trimQuotes(kv.trim()), '');
      continue;
    }
    map.set(trimQuotes(kv.slice(0, c).trim()), trimQuotes(kv.slice(c + 1).trim()));
  }
  return { suffix, pairs: [...map.entries()] };
}

export interface ThresholdConfig {
  source: string;
  abortOnFail: boolean;
  /** ms, undefined when not set */
  delayAbortEvalMs?: number;
}

/** Accepts `"expr"` or `{threshold, abortOnFail?, delayAbortEval?}` (k6 thresholdConfig JSON). */
export function normalizeThresholdConfig(metricName: string, raw: unknown): ThresholdConfig {
  if (typeof raw === 'string') return { source: raw, abortOnFail: false };
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (typeof o.threshold !== 'string') {
      throw new ConfigError(
        `invalid threshold on metric '${metricName}': expected a string or an object with a string "threshold" field, got ${JSON.stringify(raw)}`,
      );
    }
    let delay: number | undefined;
    if (o.delayAbortEval !== undefined && o.delayAbortEval !== null && o.delayAbortEval !== '') {
      try {
        delay = parseK6Duration(o.delayAbortEval);
      } catch (e) {
        throw new ConfigError(
          `invalid delayAbortEval for threshold '${o.threshold}' on metric '${metricName}': ${(e as Error).message}`,
        );
      }
    }
    return { source: o.threshold, abortOnFail: o.abortOnFail === true, delayAbortEvalMs: delay };
  }
  throw new ConfigError(`invalid threshold on metric '${metricName}': ${JSON.stringify(raw)}`);
}

/**
 * A metric's thresholds as k6 marshals them (metrics/thresholds.go thresholdConfig.MarshalJSON): each the expression,
 * or the whole config when abortOnFail; invalid ones are left out (the run reports them when it validates).
 */
export function marshalThresholds(metricName: string, raw: unknown): unknown[] {
  const out: unknown[] = [];
  if (!Array.isArray(raw)) return out;
  for (const r of raw) {
    let c: ThresholdConfig;
    try {
      c = normalizeThresholdConfig(metricName, r);
    } catch {
      continue;
    }
    out.push(
      c.abortOnFail
        ? {
            threshold: c.source,
            abortOnFail: true,
            delayAbortEval: c.delayAbortEvalMs === undefined ? null : formatGoDuration(c.delayAbortEvalMs),
          }
        : c.source,
    );
  }
  return out;
}

export class Threshold {
  lastFailed = false;
  readonly parsed: ThresholdExpression;
  constructor(readonly config: ThresholdConfig) {
    this.parsed = parseThresholdExpression(config.source);
  }
  get source(): string {
    return this.config.source;
  }
}
