// The stack contract (src/experiment/contract.ts) is written once: what is derived from it must say the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTAINERS,
  DEFAULT_ENDPOINTS,
  PIPELINE,
  PROXY_NAMES,
  proxyAddress,
  toxiproxyConfigText,
} from '../../src/experiment/contract.js';
import { readSettings } from '../../src/experiment/settings.js';
import { FAULT_TARGETS, proxiesFor } from '../../src/experiment/targets.js';
import { consumerEnv } from '../../src/stack/services/consumer.js';
import { formatEnv } from '../../src/stack/env.js';

const root = join(import.meta.dirname, '..', '..');

describe('stack contract', () => {
  it('chaos/toxiproxy.json is what the contract says (run: npm run build)', () => {
    expect(readFileSync(join(root, 'chaos', 'toxiproxy.json'), 'utf8')).toBe(toxiproxyConfigText());
  });

  it("a network fault's default links are proxies of the contract, and every proxy is some target's link", () => {
    const links = FAULT_TARGETS.flatMap((t) => proxiesFor(t));
    for (const l of links) expect(PROXY_NAMES).toContain(l);
    expect(new Set(links)).toEqual(new Set(PROXY_NAMES));
  });

  it("a run's endpoint defaults are the local stack's endpoints", () => {
    const c = readSettings({}, { load: { vus: 1 }, slo: { quiescenceTimeoutMs: 1 } } as never);
    expect([c.pgUrl, c.mongoUrl, c.toxiproxyUrl, c.prometheusUrl, c.consumerUrl, c.connectUrl]).toEqual([
      DEFAULT_ENDPOINTS.PG_URL,
      DEFAULT_ENDPOINTS.MONGO_URL,
      DEFAULT_ENDPOINTS.TOXIPROXY_URL,
      DEFAULT_ENDPOINTS.PROMETHEUS_URL,
      DEFAULT_ENDPOINTS.CONSUMER_URL,
      DEFAULT_ENDPOINTS.CONNECT_URL,
    ]);
    expect([c.mongoDb, c.consumerGroup]).toEqual([PIPELINE.mongoDatabase, PIPELINE.consumerGroup]);
    // `stack env` prints them, and the contract page documents the same values.
    expect(formatEnv()).toBe(
      Object.entries(DEFAULT_ENDPOINTS)
        .map(([k, v]) => `export ${k}=${v}`)
        .join('\n'),
    );
    const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
    for (const [k, v] of Object.entries(DEFAULT_ENDPOINTS)) expect(doc, k).toContain(`\`${k}=${v}\``);
  });

  it('the consumer reaches Kafka and MongoDB through its proxies', () => {
    expect(proxyAddress('consumer_kafka')).toBe(`${CONTAINERS.toxiproxy}:19092`);
    expect(() => proxyAddress('nope')).toThrow(
      'no proxy named nope in the contract (consumer_kafka, consumer_mongodb, connect_kafka, connect_postgres)',
    );
    const env = consumerEnv();
    expect([env.KAFKA_BOOTSTRAP, env.MONGO_URL]).toEqual(['cdc-toxiproxy:19092', 'mongodb://cdc-toxiproxy:27018/']);
  });
});
