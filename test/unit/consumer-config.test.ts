import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/consumer/config.js';
import { parseFault } from '../../src/consumer/faults.js';

const base = {
  KAFKA_BOOTSTRAP: 'cdc-toxiproxy:19092, 127.0.0.1:9092',
  KAFKA_TOPICS: 'cdc.public.customers,cdc.public.orders',
  KAFKA_GROUP_ID: 'cdc-consumer',
  MONGO_URL: 'mongodb://cdc-toxiproxy:27018/',
  MONGO_DB: 'cdc',
};

describe('consumer config', () => {
  it('reads the contract env with defaults for the tunables', () => {
    const c = loadConfig(base);
    expect(c.kafkaBootstrap).toEqual(['cdc-toxiproxy:19092', '127.0.0.1:9092']);
    expect(c.kafkaTopics).toEqual(['cdc.public.customers', 'cdc.public.orders']);
    expect(c.port).toBe(8080);
    expect(c.fault).toBeNull();
    expect(c.partitionsConcurrently).toBe(2);
    expect(loadConfig({ ...base, KAFKA_PARTITIONS_CONCURRENTLY: '1' }).partitionsConcurrently).toBe(1);
    expect(c.retryMaxMs).toBeGreaterThanOrEqual(c.retryInitialMs);
    expect(c.mongoRenewAfterMs).toBe(30_000);
    expect(loadConfig({ ...base, MONGO_RENEW_AFTER_MS: '0' }).mongoRenewAfterMs).toBe(0);
  });

  it('names every bad variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({
        ...base,
        KAFKA_BOOTSTRAP: 'nohostport',
        MONGO_DB: '',
        PORT: '70000',
        CONSUMER_FAULT: 'sometimes',
        KAFKA_PARTITIONS_CONCURRENTLY: '0',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/KAFKA_BOOTSTRAP entry "nohostport" must be host:port/);
    expect(problems).toMatch(/MONGO_DB is required/);
    expect(problems).toMatch(/PORT="70000"/);
    expect(problems).toMatch(/KAFKA_PARTITIONS_CONCURRENTLY="0"/);
    expect(problems).toMatch(/CONSUMER_FAULT="sometimes" is not one of/);
  });

  it('rejects a non-mongodb URL and an inverted backoff range', () => {
    expect(() => loadConfig({ ...base, MONGO_URL: 'http://x' })).toThrow(/MONGO_URL must start with mongodb/);
    expect(() => loadConfig({ ...base, RETRY_INITIAL_MS: '5000', RETRY_MAX_MS: '100' })).toThrow(
      /RETRY_MAX_MS must be >=/,
    );
  });

  it('accepts each documented fault and "none"', () => {
    for (const f of ['commit-before-write', 'blind-insert', 'drop-on-error', 'no-reconnect', 'overwrite-older']) {
      expect(loadConfig({ ...base, CONSUMER_FAULT: f }).fault).toBe(f);
    }
    expect(parseFault('none')).toBeNull();
    expect(parseFault(undefined)).toBeNull();
  });
});
