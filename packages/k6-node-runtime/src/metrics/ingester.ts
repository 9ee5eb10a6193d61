// Samples into the engine (k6 internal/metrics/engine/ingester.go flushMetrics): each goes to its metric's sink and
// to every sub-metric whose tags it matches, marking them observed; its group and check tags feed the group tree, and
// in full summary mode the per-group/per-scenario aggregates. The hot path: no allocation per sample.
import type { SummaryAggregates } from './aggregates.js';
import type { GroupTree } from './groups.js';
import type { MetricEntry, MetricRegistry } from './registry.js';
import type { Sample } from './types.js';

export class Ingester {
  /** metric names seen in samples that were never declared */
  readonly unknownMetrics = new Set<string>();
  private readonly checks: MetricEntry;

  constructor(
    private readonly registry: MetricRegistry,
    private readonly groups: GroupTree,
    private readonly aggregates: SummaryAggregates | undefined,
    private readonly onUnknownMetric?: (name: string) => void,
  ) {
    this.checks = registry.get('checks')!;
  }

  ingest(samples: Sample[]): void {
    let lastName = '';
    let last: MetricEntry | undefined;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      let m: MetricEntry | undefined;
      if (s.metric === lastName) m = last;
      else {
        m = this.registry.get(s.metric);
        lastName = s.metric;
        last = m;
      }
      if (m === undefined) this.unknown(s.metric);
      else this.add(m, s);
    }
  }

  private unknown(name: string): void {
    if (this.unknownMetrics.has(name)) return;
    this.unknownMetrics.add(name);
    this.onUnknownMetric?.(name);
  }

  private add(m: MetricEntry, s: Sample): void {
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
    if (group !== undefined) this.groups.see(group);
    if (m === this.checks && tags.check !== undefined) this.groups.recordCheck(group ?? '', tags.check, v);
    this.aggregates?.add(m, s);
  }
}
