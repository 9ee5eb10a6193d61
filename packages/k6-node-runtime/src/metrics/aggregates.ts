// `--summary-mode=full`'s per-group and per-scenario metrics (k6 internal/output/summary/data.go dataModel,
// aggregatedGroupData): every sample is also added to its scenario's and its group's own sinks.
import { bumpCheck } from './groups.js';
import type { MetricEntry } from './registry.js';
import { type AnySink, newSink } from './sinks.js';
import type { Contains, MetricType, Sample } from './types.js';
import type { ReportCheck } from '../summary/report.js';

export interface AggGroup {
  metrics: Map<string, { type: MetricType; contains: Contains; sink: AnySink }>;
  checks: Map<string, ReportCheck>;
  groups: Map<string, AggGroup>;
}

const newAggGroup = (): AggGroup => ({ metrics: new Map(), checks: new Map(), groups: new Map() });

function addAgg(g: AggGroup, m: MetricEntry, s: Sample): void {
  let a = g.metrics.get(m.name);
  if (!a) g.metrics.set(m.name, (a = { type: m.type, contains: m.contains, sink: newSink(m.type) }));
  a.sink.add(s.value);
  if (m.name === 'checks' && s.tags.check !== undefined) bumpCheck(g.checks, s.tags.check, s.value);
}

export class SummaryAggregates {
  /** samples outside any named scenario: their groups hang here */
  readonly root: AggGroup = newAggGroup();
  readonly scenarios = new Map<string, AggGroup>();

  add(m: MetricEntry, s: Sample): void {
    let target = this.root;
    const scenario = s.tags.scenario;
    if (scenario !== undefined && scenario !== 'default') {
      target = this.scenarios.get(scenario) ?? newAggGroup();
      this.scenarios.set(scenario, target);
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
}
