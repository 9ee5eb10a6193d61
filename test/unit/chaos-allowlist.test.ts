// Blast radius: the one decision the bundle's preflight and Node-side heal share, and heal's refusal
// of any journal primitive that would inject rather than restore.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { restore } from '../../src/chaos/heal.js';
import type { ChaosEnv } from '../../src/chaos/env.js';
import { parseAllowList, targetRefusal } from '../../src/experiment/allowlist.js';
import type { Primitive } from '../../src/experiment/primitives.js';

const LABEL = { 'io.cdc-chaos.target': 'true', 'io.cdc-chaos.stack': 'local' };

describe('targetRefusal', () => {
  it('a labelled container of that exact name may be faulted', () => {
    expect(targetRefusal('cdc-kafka', '/cdc-kafka', LABEL, [])).toBeUndefined();
  });

  it('an unlabelled one is refused, unless named in CHAOS_ALLOW', () => {
    expect(targetRefusal('cdc-decoy', '/cdc-decoy', { 'io.cdc-chaos.stack': 'local' }, [])).toMatch(
      /container cdc-decoy is not on the allowlist \(no label io\.cdc-chaos\.target=true and not in CHAOS_ALLOW\): refused; label it .* or add it to CHAOS_ALLOW/,
    );
    expect(targetRefusal('cdc-decoy', '/cdc-decoy', null, [])).toMatch(/not on the allowlist/);
    expect(targetRefusal('cdc-decoy', '/cdc-decoy', { 'io.cdc-chaos.target': 'false' }, [])).toMatch(
      /not on the allowlist/,
    );
    expect(targetRefusal('cdc-decoy', '/cdc-decoy', {}, parseAllowList(' other , cdc-decoy,,'))).toBeUndefined();
  });

  it('the control path is refused even when labelled or allowed', () => {
    expect(targetRefusal('cdc-toxiproxy', '/cdc-toxiproxy', LABEL, ['cdc-toxiproxy'])).toMatch(/control path/);
    expect(targetRefusal('cdc-prometheus', '/cdc-prometheus', LABEL, ['cdc-prometheus'])).toMatch(/control path/);
    expect(targetRefusal('cdc-guard', '/cdc-guard', LABEL, ['cdc-guard'])).toMatch(/control path/);
  });

  it('a name Docker resolved to another container (ID prefix) is refused', () => {
    expect(targetRefusal('4f2a', '/cdc-kafka', LABEL, ['4f2a'])).toMatch(/resolved to container cdc-kafka/);
  });
});

describe('heal restores, never injects', () => {
  // A Docker client on a socket that does not exist: a refused primitive must fail before any call.
  const env: ChaosEnv = {
    docker: new Docker({ socketPath: '/nonexistent.sock' }),
    dockerHost: 'unix:///nonexistent.sock',
    toxiproxyUrl: 'http://127.0.0.1:1',
    allow: [],
  };
  const injecting: Primitive[] = [
    { kind: 'container', op: 'stop', container: 'cdc-kafka' },
    { kind: 'container', op: 'pause', container: 'cdc-kafka' },
    { kind: 'proxy_enabled', proxy: 'consumer_kafka', enabled: false },
    {
      kind: 'toxic_add',
      proxy: 'consumer_kafka',
      toxic: { name: 'cdc_chaos_x', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } },
    },
    { kind: 'exec', container: 'cdc-consumer', cmd: ['stress-ng', '--cpu', '1'] },
    { kind: 'exec', container: 'cdc-consumer', cmd: ['sh', '-c', 'rm -rf /'] },
  ];
  it.each(injecting.map((p) => [p.kind, p]))('%s is refused', async (_k, p) => {
    await expect(restore(env, p)).rejects.toThrow(/refused: .* is not a restoring operation/);
  });

  it('a toxic without the harness prefix is left alone', async () => {
    await expect(
      restore(env, { kind: 'toxic_remove', proxy: 'consumer_kafka', name: 'someone_elses' }),
    ).rejects.toThrow(/not the harness's .* left alone/);
  });

  it('an unreachable engine or Toxiproxy names the setting to fix', async () => {
    await expect(restore(env, { kind: 'container_ensure_running', container: 'cdc-kafka' })).rejects.toThrow(
      /Docker engine at unix:\/\/\/nonexistent.sock is unreachable \(ENOENT\) .*set DOCKER_HOST/,
    );
    await expect(restore(env, { kind: 'proxy_enabled', proxy: 'consumer_kafka', enabled: true })).rejects.toThrow(
      /Toxiproxy API at http:\/\/127\.0\.0\.1:1 is unreachable \(bad port\).*set TOXIPROXY_URL/,
    );
  });
});
