// Module registry (src/modules/registry.ts): what a bundle may import.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODULES, resolveSpecifier, supportedSpecifiers, usesIoWorker } from '../../src/modules/registry.js';

describe('module registry', () => {
  it.each([
    ['k6', 'k6.js'],
    ['k6/http', 'k6-http.js'],
    ['k6/x/sql/driver/postgres', 'k6-x-sql-driver-postgres.js'],
    ['k6/x/docker/networks', 'k6-x-docker-networks.js'],
    ['https://jslib.k6.io/k6-utils/1.4.0/index.js', 'jslib-k6-utils.js'],
    ['https://jslib.k6.io/k6-utils/1.6.0/index.js', 'jslib-k6-utils.js'],
    ['https://jslib.k6.io/k6-summary/0.1.0/index.js', 'jslib-k6-summary.js'],
    ['https://jslib.k6.io/k6-summary/0.0.1/index.js', 'jslib-k6-summary.js'],
  ])('%s → %s', (spec, file) => {
    expect(resolveSpecifier(spec)).toEqual({ file });
  });

  it.each(['k6/browser', 'k6/ws', 'k6/net/grpc', 'k6/experimental/redis', 'k6/html'])(
    '%s fails loudly as unsupported',
    (spec) => {
      const r = resolveSpecifier(spec) as { error: string };
      expect(r.error).toContain('not supported by the cdc-chaos runtime');
    },
  );

  it('unknown k6 modules and remote URLs name themselves and list the supported modules', () => {
    const r = resolveSpecifier('k6/x/kafka') as { error: string };
    expect(r.error).toMatch(/^unknown module 'k6\/x\/kafka'; supported modules: k6, /);
    const remote = resolveSpecifier('https://jslib.k6.io/aws/0.14.0/s3.js') as { error: string };
    expect(remote.error).toContain('never downloaded');
    expect(supportedSpecifiers()).toContain('k6/x/mongo');
  });

  it('leaves relative paths and npm packages to the bundler', () => {
    expect(resolveSpecifier('lodash')).toBeUndefined();
  });

  it('knows which modules call the I/O worker (started before the first VU for them only)', () => {
    // every module whose source reaches the bridge client is flagged
    for (const [spec, file] of Object.entries(MODULES)) {
      const src = readFileSync(new URL(`../../src/modules/${file.replace(/\.js$/, '.ts')}`, import.meta.url), 'utf8');
      if (/from '\.\.\/bridge\/client\.js'|from '\.\/docker-call\.js'/.test(src))
        expect(usesIoWorker(spec), spec).toBe(true);
    }
    for (const m of ['k6', 'k6/metrics', 'k6/execution', 'k6/data', 'k6/crypto', 'k6/encoding', 'k6/timers'])
      expect(usesIoWorker(m), m).toBe(false);
  });
});
