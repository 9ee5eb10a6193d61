// The reference consumer with CONSUMER_METRICS=contract (only the contract's metrics) through the scenarios that judge
// the consumer from outside, at the CI time scale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCALE,
  consumerFault,
  consumerWith,
  expectHistoryFiles,
  expectPassed,
  experiment,
  reportDir,
  requireBundles,
  stackEnv,
} from './experiment-run.js';

requireBundles();

// A consumer written from docs/consumer-contract.md alone exports only its three metrics: the reference consumer with
// CONSUMER_METRICS=contract. It runs the scenarios whose rules read the broker's view of the group (the plan's
// kafka_consumer_connection_count and kafka_consumer_records_lag_max, which the reference consumer once answered
// itself); every other scenario's rules name only contract metrics (test/unit/consumer-contract-metrics.test.ts),
// which this consumer exports exactly as the reference one does.
const CONTRACT_BUNDLES = ['chaos-kafka-connection-loss', 'chaos-kafka-partition', 'chaos-consumer-restart'];

describe('a consumer exporting only the contract metrics passes the scenarios that judge it from outside', () => {
  beforeAll(() => consumerWith('CONSUMER_METRICS=contract'), 900_000);
  afterAll(() => consumerFault('none'), 900_000);
  it('exports the contract metrics and nothing else', async () => {
    const text = await (await fetch(`${stackEnv().CONSUMER_URL}/metrics`)).text();
    const names = new Set(Array.from(text.matchAll(/^([a-z_]+)[{ ]/gm), (m) => m[1]));
    expect(names.has('cdc_mongo_connected')).toBe(true);
    expect(names.has('cdc_kafka_connected')).toBe(false);
    expect(names.has('cdc_consumer_lag')).toBe(false);
  });
  for (const bundle of CONTRACT_BUNDLES) {
    it(`${bundle} exits 0 at CHAOS_TIME_SCALE=${SCALE}`, async () => {
      const dir = reportDir(bundle, 'contract');
      const r = await experiment(bundle, SCALE, [`CHAOS_REPORT_DIR=${dir}`]);
      expectPassed(r);
      expectHistoryFiles(dir, true);
    });
  }
});
