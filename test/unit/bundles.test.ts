import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/bundle/build-bundles.js';

const root = new URL('../..', import.meta.url).pathname;
const outdir = mkdtempSync(join(tmpdir(), 'cdc-chaos-bundles-'));
let files: string[] = [];

beforeAll(async () => {
  files = await buildBundles({ root, outdir });
}, 60_000);

function imports(code: string): string[] {
  return [...code.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]);
}

describe('scenario bundles', () => {
  it('one bundle per scenario; mongodb-failure is dist/chaos-mongodb.js', () => {
    const names = files.map((f) => f.slice(outdir.length + 1)).sort();
    expect(names).toEqual([
      'chaos-connect-pause.js',
      'chaos-consumer-crash-during-slow-writes.js',
      'chaos-consumer-restart.js',
      'chaos-cpu-stress.js',
      'chaos-kafka-connection-loss.js',
      'chaos-kafka-partition.js',
      'chaos-late-redelivery.js',
      'chaos-memory-stress.js',
      'chaos-mongodb.js',
      'chaos-network-delay.js',
      'chaos-resilience.js',
    ]);
  });

  it('bundles import only k6 modules and the k6-summary jslib, nothing Node', () => {
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      const specs = imports(code);
      expect(specs.length, f).toBeGreaterThan(0);
      for (const s of specs)
        expect(s, f).toMatch(/^k6(\/.*)?$|^https:\/\/jslib\.k6\.io\/k6-summary\/[\d.]+\/index\.js$/);
      expect(code, f).not.toMatch(/\brequire\(|from\s+["']node:/);
      expect(new Set(specs)).toEqual(
        new Set([
          'https://jslib.k6.io/k6-summary/0.1.0/index.js',
          'k6',
          'k6/http',
          'k6/crypto',
          'k6/execution',
          'k6/metrics',
          'k6/x/docker/containers',
          'k6/x/mongo',
          'k6/x/sql',
          'k6/x/sql/driver/postgres',
        ]),
      );
    }
  });

  it('carry an inline source map whose sources are the src/ files, relative to the bundle', () => {
    for (const f of files) {
      const m = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n$/.exec(
        readFileSync(f, 'utf8'),
      );
      expect(m, f).not.toBeNull();
      const map = JSON.parse(Buffer.from(m![1], 'base64').toString('utf8')) as {
        sources: string[];
        sourcesContent?: unknown;
      };
      // relative to the bundle, so k6 resolves them from wherever the bundle is written
      const sources = map.sources.filter((s) => !s.startsWith('<define:')).map((s) => resolve(dirname(f), s));
      expect(sources, f).toContain(join(root, 'src/k6/entry.ts'));
      // Besides the k6 side: the runtime's one Go-duration scanner, pure, under the scenario format's durations.
      for (const s of sources)
        expect(s.slice(root.length), f).toMatch(
          /^src\/(k6|experiment)\/[\w/-]+\.ts$|^packages\/k6-node-runtime\/src\/io\/go-duration\.ts$/,
        );
      expect(map.sourcesContent, f).toBeUndefined();
    }
  });

  it('embeds its scenario and exports the k6 lifecycle and scenario functions', () => {
    const code = readFileSync(join(outdir, 'chaos-mongodb.js'), 'utf8');
    expect(code).toContain('"MongoDB Crash and Recovery"');
    expect(code).toMatch(/var define_CHAOS_SCENARIO_default = \{ id: "mongodb-failure",[^\n]*name: "outage"/);
    const exported = /export\s*\{([^}]*)\};?\s*(?:\/\/# sourceMappingURL=\S+\s*)?$/.exec(code)?.[1] ?? '';
    const names = exported.split(',').map((e) =>
      e
        .trim()
        .split(/\s+as\s+/)
        .pop(),
    );
    for (const n of [
      'options',
      'default',
      'setup',
      'teardown',
      'handleSummary',
      'load',
      'chaos',
      'probe',
      'verify',
      'dryRun',
    ])
      expect(names).toContain(n);
  });
});
