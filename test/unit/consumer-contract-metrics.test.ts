// Every rule a shipped scenario judges a consumer by is either a metric the consumer contract requires
// (documented in docs/consumer-contract.md, exported by the reference consumer's contract-only mode) or one
// measured outside the consumer: a consumer written from the contract alone is never failed for lacking a metric.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/consumer/config.js';
import { createMetrics } from '../../src/consumer/metrics.js';
import { brokerQuery, CONTRACT_METRICS, PROBE_METRICS } from '../../src/experiment/pipeline-metrics.js';
import { parsePromText } from '../../src/experiment/prom-text.js';
import { shippedScenario } from './helpers-scenarios.js';

const root = join(import.meta.dirname, '..', '..');
const contractDoc = readFileSync(join(root, 'docs', 'consumer-contract.md'), 'utf8');
const scenarios = readdirSync(join(root, 'scenarios')).map((f) => f.replace(/\.yml$/, ''));
const probe = { kafkaConnected: () => true, mongoConnected: () => true };

async function exported(mode: 'full' | 'contract'): Promise<string[]> {
  const metrics = createMetrics(probe, mode);
  metrics.processed.inc({ topic: 't', op: 'c' });
  metrics.failed.inc({ topic: 't', reason: 'write' });
  metrics.skipped.inc({ topic: 't', reason: 'stale' });
  metrics.lag.set({ topic: 't', partition: '0' }, 3);
  const names = parsePromText(await metrics.registry.metrics()).map((s) => s.name);
  return Array.from(new Set(names)).sort();
}

describe('consumer contract: what a scenario judges a consumer by', () => {
  it('every metric a shipped scenario rule names is required by the contract or measured by the broker', () => {
    const named = scenarios.flatMap((id) =>
      shippedScenario(id).validation.flatMap((r) => (r.kind === 'metric' && PROBE_METRICS[r.metric] ? [r] : [])),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) {
      const m = PROBE_METRICS[r.metric];
      const ok = m.from === 'broker' || (CONTRACT_METRICS as readonly string[]).includes(m.source);
      expect(ok, `${r.id}: ${m.source} (${m.from})`).toBe(true);
    }
    // The plan's Kafka-client names are the broker's view of the group, from Prometheus.
    expect(named.some((r) => r.metric === 'kafka_consumer_connection_count')).toBe(true);
    expect(PROBE_METRICS.kafka_consumer_connection_count.from).toBe('broker');
    expect(brokerQuery('g')).toBe(
      '{__name__=~"kafka_consumergroup_members|kafka_consumergroup_lag",consumergroup="g"}',
    );
  });

  it('docs/consumer-contract.md lists every required metric and every broker metric a rule reads', () => {
    const required = contractDoc.slice(contractDoc.indexOf('## Metrics it must export'));
    for (const name of CONTRACT_METRICS) expect(required, name).toContain(`\`${name}\``);
    for (const m of Object.values(PROBE_METRICS).filter((x) => x.from === 'broker'))
      expect(contractDoc, m.source).toContain(`\`${m.source}\``);
  });

  it('CONSUMER_METRICS=contract exports exactly the contract metrics; full mode exports more', async () => {
    expect(await exported('contract')).toEqual([...CONTRACT_METRICS].sort());
    const full = await exported('full');
    for (const name of CONTRACT_METRICS) expect(full).toContain(name);
    expect(full).toContain('cdc_kafka_connected');
    expect(full).toContain('cdc_consumer_lag');
  });

  it('CONSUMER_METRICS is read from the environment (default full) and a bad value is named', () => {
    const env = {
      KAFKA_BOOTSTRAP: 'k:9092',
      KAFKA_TOPICS: 't',
      KAFKA_GROUP_ID: 'g',
      MONGO_URL: 'mongodb://m:27017/',
      MONGO_DB: 'cdc',
    };
    expect(loadConfig(env).metrics).toBe('full');
    expect(loadConfig({ ...env, CONSUMER_METRICS: 'contract' }).metrics).toBe('contract');
    expect(() => loadConfig({ ...env, CONSUMER_METRICS: 'some' })).toThrow(
      /CONSUMER_METRICS="some" must be full or contract/,
    );
  });
});
