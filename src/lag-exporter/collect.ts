// One scrape: reads offsets from the broker with kafkajs's admin client, directly (never through the consumer's
// proxy), and fills the gauges. Names and labels are kafka_exporter's (danielqsj/kafka_exporter), so the alert
// rules and dashboards serve this stack and a compose deployment running the upstream exporter alike.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import type { ExporterConfig } from './config.js';
import { groupLag, partitionEnds, type PartitionEnd } from '../consumer/group-lag.js';

export class LagCollector {
  readonly registry = new Registry();
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private readonly g;

  constructor(private readonly config: ExporterConfig) {
    this.kafka = new Kafka({
      clientId: 'cdc-lag-exporter',
      brokers: config.kafkaBootstrap,
      connectionTimeout: config.scrapeTimeoutMs,
      requestTimeout: config.scrapeTimeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    const gauge = (name: string, help: string, labelNames: string[]) =>
      new Gauge({ name, help, labelNames, registers: [this.registry] });
    this.g = {
      brokers: gauge('kafka_brokers', 'Number of brokers in the cluster', []),
      high: gauge('kafka_topic_partition_current_offset', 'Current (high watermark) offset of a partition', [
        'topic',
        'partition',
      ]),
      low: gauge('kafka_topic_partition_oldest_offset', 'Oldest retained offset of a partition', [
        'topic',
        'partition',
      ]),
      current: gauge(
        'kafka_consumergroup_current_offset',
        'Committed offset of a consumer group in a partition (-1: none)',
        ['consumergroup', 'topic', 'partition'],
      ),
      lag: gauge('kafka_consumergroup_lag', 'Messages the consumer group has not committed yet in a partition', [
        'consumergroup',
        'topic',
        'partition',
      ]),
      lagSum: gauge('kafka_consumergroup_lag_sum', 'Lag of a consumer group summed over the partitions of a topic', [
        'consumergroup',
        'topic',
      ]),
      members: gauge('kafka_consumergroup_members', 'Members of a consumer group', ['consumergroup']),
    };
  }

  /** Refreshes every gauge from the broker; throws (and forgets the connection) when Kafka does not answer. */
  async collect(): Promise<void> {
    try {
      const admin = await this.connected();
      const [cluster, topics, { groups }] = await Promise.all([
        admin.describeCluster(),
        admin.listTopics(),
        admin.listGroups(),
      ]);
      const ends = new Map<string, PartitionEnd[]>();
      for (const topic of topics.filter((t) => this.config.topicFilter.test(t))) {
        ends.set(topic, partitionEnds(await admin.fetchTopicOffsets(topic)));
      }
      const ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
      const described = ids.length > 0 ? (await admin.describeGroups(ids)).groups : [];
      // Without `topics`, the broker answers for the topics the group has committed offsets in: those it reads.
      const lags = await Promise.all(
        ids.map(async (groupId) => ({ groupId, rows: groupLag(await admin.fetchOffsets({ groupId }), ends) })),
      );

      // Reset only once everything is read: a failed scrape keeps no half-written snapshot.
      for (const gauge of Object.values(this.g)) gauge.reset();
      this.g.brokers.set(cluster.brokers.length);
      for (const [topic, parts] of ends) {
        for (const p of parts) {
          this.g.high.set({ topic, partition: p.partition }, Number(p.high));
          this.g.low.set({ topic, partition: p.partition }, Number(p.low));
        }
      }
      for (const d of described) this.g.members.set({ consumergroup: d.groupId }, d.members.length);
      for (const { groupId, rows } of lags) {
        const sums = new Map<string, bigint>();
        for (const r of rows) {
          const labels = { consumergroup: groupId, topic: r.topic, partition: r.partition };
          this.g.current.set(labels, Number(r.current));
          this.g.lag.set(labels, Number(r.lag));
          sums.set(r.topic, (sums.get(r.topic) ?? 0n) + r.lag);
        }
        for (const [topic, sum] of sums) this.g.lagSum.set({ consumergroup: groupId, topic }, Number(sum));
      }
    } catch (e) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async connected(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    this.admin = admin;
    return admin;
  }
}
