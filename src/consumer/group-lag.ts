// Consumer-group lag from the broker's view, pure: committed offset per partition against the partition's end.
// Shared by the consumer's own cdc_consumer_lag and the lag exporter (src/lag-exporter), so both count alike.
// A partition the group never committed counts from its oldest offset (everything retained is unconsumed).
export interface PartitionEnd {
  partition: number;
  /** offset of the next message to be written (the high watermark) */
  high: bigint;
  /** oldest retained offset */
  low: bigint;
}

/** kafkajs admin.fetchTopicOffsets() → PartitionEnd[] (its offsets are decimal strings). */
export function partitionEnds(
  offsets: ReadonlyArray<{ partition: number; high: string; low: string }>,
): PartitionEnd[] {
  return offsets.map((o) => ({ partition: o.partition, high: BigInt(o.high), low: BigInt(o.low) }));
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** committed offset, -1 when the group never committed this partition */
  current: bigint;
  lag: bigint;
}

export function groupLag(
  committed: ReadonlyArray<{ topic: string; partitions: ReadonlyArray<{ partition: number; offset: string }> }>,
  ends: ReadonlyMap<string, readonly PartitionEnd[]>,
): GroupPartitionLag[] {
  const rows: GroupPartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    for (const end of ends.get(topic) ?? []) {
      const raw = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      const current = BigInt(raw);
      const from = current >= 0n ? current : end.low;
      // A committed offset above the end (topic recreated) is no lag, not a negative one.
      rows.push({ topic, partition: end.partition, current, lag: end.high > from ? end.high - from : 0n });
    }
  }
  return rows;
}
