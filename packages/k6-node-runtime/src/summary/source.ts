// What the summaries read from the metrics engine: its metrics, thresholds, group tree and full-mode aggregates.
import type { SummaryAggregates } from '../metrics/aggregates.js';
import type { GroupTree } from '../metrics/groups.js';
import type { MetricEntry, MetricRegistry } from '../metrics/registry.js';

export interface SummarySource {
  registry: MetricRegistry;
  /** metrics and sub-metrics with thresholds, in definition order */
  withThresholds: readonly MetricEntry[];
  groups: GroupTree;
  /** per group and scenario: present in `full` summary mode only */
  aggregates?: SummaryAggregates;
}
