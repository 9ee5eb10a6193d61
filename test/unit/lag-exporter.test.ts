// The lag exporter's pure parts: lag per partition from committed offsets and partition ends, and its env.
import { describe, expect, it } from 'vitest';
import { loadExporterConfig } from '../../src/lag-exporter/config.js';
import { groupLag } from '../../src/consumer/group-lag.js';

const ends = new Map([
  [
    't',
    [
      { partition: 0, high: 120n, low: 10n },
      { partition: 1, high: 50n, low: 0n },
    ],
  ],
]);

describe('groupLag', () => {
  it('is the end offset minus the committed offset, per partition', () => {
    const rows = groupLag(
      [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '100' },
            { partition: 1, offset: '50' },
          ],
        },
      ],
      ends,
    );
    expect(rows).toEqual([
      { topic: 't', partition: 0, current: 100n, lag: 20n },
      { topic: 't', partition: 1, current: 50n, lag: 0n },
    ]);
  });

  it('counts a partition the group never committed from its oldest retained offset', () => {
    const rows = groupLag([{ topic: 't', partitions: [{ partition: 0, offset: '-1' }] }], ends);
    expect(rows).toEqual([
      { topic: 't', partition: 0, current: -1n, lag: 110n },
      { topic: 't', partition: 1, current: -1n, lag: 50n },
    ]);
  });

  it('never reports a negative lag (offset beyond the end after a topic was recreated) and skips unknown topics', () => {
    expect(
      groupLag(
        [{ topic: 't', partitions: [{ partition: 1, offset: '70' }] }],
        new Map([['t', [{ partition: 1, high: 5n, low: 0n }]]]),
      )[0].lag,
    ).toBe(0n);
    expect(groupLag([{ topic: 'gone', partitions: [{ partition: 0, offset: '3' }] }], ends)).toEqual([]);
  });
});

describe('loadExporterConfig', () => {
  it('has kafka_exporter-like defaults: port 9308, every topic but the internal ones', () => {
    const c = loadExporterConfig({ KAFKA_BOOTSTRAP: 'cdc-kafka:9092' });
    expect(c).toMatchObject({ kafkaBootstrap: ['cdc-kafka:9092'], port: 9308 });
    expect(c.topicFilter.test('cdc.public.orders')).toBe(true);
    expect(c.topicFilter.test('__consumer_offsets')).toBe(false);
    expect(c.pgUrl).toBeUndefined(); // no /metrics/postgres without a database
    expect(
      loadExporterConfig({ KAFKA_BOOTSTRAP: 'k:9092', PG_URL: 'postgres://u:p@cdc-postgres:5432/cdc?sslmode=disable' })
        .pgUrl,
    ).toBe('postgres://u:p@cdc-postgres:5432/cdc?sslmode=disable');
  });

  it('names every bad setting at once', () => {
    const bad = () =>
      loadExporterConfig({ KAFKA_BOOTSTRAP: 'nohost', PORT: '-1', TOPIC_FILTER: '(', PG_URL: 'cdc-postgres:5432' });
    for (const problem of [
      /KAFKA_BOOTSTRAP entry "nohost" must be host:port/,
      /PORT="-1" must be an integer/,
      /TOPIC_FILTER is not a valid regular expression/,
      /PG_URL="cdc-postgres:5432" must be a postgres:\/\/ URL/,
    ])
      expect(bad).toThrow(problem);
    expect(() => loadExporterConfig({})).toThrow(/KAFKA_BOOTSTRAP is required/);
  });
});
