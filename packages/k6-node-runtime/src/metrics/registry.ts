// The declared metrics and their sub-metrics (k6 metrics/registry.go NewMetric, metric.go AddSubmetric): one entry
// per name, each with its sink, its sub-metrics and the thresholds the engine attached to it.
import { BAD_NAME_WARNING, METRIC_NAME_RE } from './builtin.js';
import { type AnySink, newSink } from './sinks.js';
import { parseSubmetricSelector, type Threshold } from './thresholds.js';
import { ConfigError, type Contains, type MetricType } from './types.js';

export interface SubMetric {
  entry: MetricEntry;
  keys: string[];
  values: string[];
}

export interface MetricEntry {
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

const newEntry = (name: string, type: MetricType, contains: Contains): MetricEntry => ({
  name,
  type,
  contains,
  sink: newSink(type),
  subs: [],
  thresholds: [],
  abort: false,
  observed: false,
});

const sameTags = (a: [string, string][], b: [string, string][]): boolean =>
  a.length === b.length && a.every(([k, v]) => b.some(([k2, v2]) => k === k2 && v === v2));

export class MetricRegistry {
  private readonly metrics = new Map<string, MetricEntry>();

  /** Registers a metric (k6 Registry.NewMetric). Same name with same type/contains is a no-op; conflicts throw k6's error. */
  declare(name: string, type: MetricType, contains: Contains = 'default'): void {
    const old = this.metrics.get(name);
    if (!old) {
      if (!METRIC_NAME_RE.test(name)) throw new ConfigError(`Invalid metric name: '${name}'. ${BAD_NAME_WARNING}`);
      this.metrics.set(name, newEntry(name, type, contains));
      return;
    }
    if (old.type !== type)
      throw new ConfigError(`metric '${name}' already exists but with type ${old.type}, instead of ${type}`);
    if (old.contains !== contains) {
      throw new ConfigError(
        `metric '${name}' already exists but with a value type ${old.contains}, instead of ${contains}`,
      );
    }
  }

  get(name: string): MetricEntry | undefined {
    return this.metrics.get(name);
  }

  /** A metric, or a sub-metric already added, by its full name (`name{key:value}`). */
  find(name: string): MetricEntry | undefined {
    const brace = name.indexOf('{');
    if (brace === -1) return this.metrics.get(name);
    const parent = this.metrics.get(name.slice(0, brace));
    return parent?.subs.find((s) => s.entry.name === name)?.entry;
  }

  /** k6 Metric.AddSubmetric: the sub-metric of `parent` selected by `key:value,...`, added if new. */
  getOrAddSubmetric(parent: MetricEntry, keyValues: string): MetricEntry {
    const { suffix, pairs } = parseSubmetricSelector(parent.name, keyValues);
    for (const sm of parent.subs) if (sameTags(sm.entry.selector!, pairs)) return sm.entry;
    const entry = newEntry(`${parent.name}{${suffix}}`, parent.type, parent.contains);
    entry.parent = parent;
    entry.selector = pairs;
    parent.subs.push({ entry, keys: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) });
    return entry;
  }

  /** Metrics and sub-metrics that got samples or thresholds, sorted by name (the summaries' order). */
  observed(): MetricEntry[] {
    const out: MetricEntry[] = [];
    for (const m of this.metrics.values()) {
      if (m.observed) out.push(m);
      for (const s of m.subs) if (s.entry.observed) out.push(s.entry);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
