// The services that run the project's code with the host's node (reference consumer, lag exporter, guard) mount the
// project at /project; installed from npm, its dependencies are in the node_modules folder around it, mounted too.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackConfig } from '../../src/stack/config.js';
import { consumerSpec } from '../../src/stack/services/consumer.js';
import { guardSpec } from '../../src/stack/services/guard.js';
import { lagExporterSpec } from '../../src/stack/services/lag-exporter.js';
import type { ServiceContext } from '../../src/stack/services/spec.js';

/** A built project at `projectDir` (the three entry points the services check for). */
function fakeProject(projectDir: string): ServiceContext {
  for (const dir of ['consumer', 'lag-exporter', 'cli']) {
    mkdirSync(join(projectDir, 'out', 'src', dir), { recursive: true });
    writeFileSync(join(projectDir, 'out', 'src', dir, 'main.js'), '');
  }
  const cfg = stackConfig({ CDC_CHAOS_PROJECT_DIR: projectDir, CDC_CHAOS_DATA: join(projectDir, '..', 'data') });
  return {
    cfg,
    dataDir: (s) => join(cfg.dataDir, s),
    artifacts: { kafkaLibs: '', debeziumPlugins: '', ferretdb: '', toxiproxy: '' },
  };
}

const specs = (ctx: ServiceContext) => [
  consumerSpec(ctx, { kind: 'reference' }),
  consumerSpec(ctx, { kind: 'cmd', cmd: 'node x.js' }),
  lagExporterSpec(ctx),
  guardSpec(ctx),
];
const projectMounts = (binds: string[]) => binds.filter((b) => /:\/(project|node_modules):ro$/.test(b));

describe('project mounts of the services that run its code', () => {
  it('a repository checkout: the project at /project, nothing else', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cdc-binds-')), 'cdc-chaos');
    for (const s of specs(fakeProject(dir))) expect(projectMounts(s.binds), s.name).toEqual([`${dir}:/project:ro`]);
  });

  it('installed from npm (…/node_modules/cdc-chaos): its node_modules folder at /node_modules, where node resolves the dependencies', () => {
    const modules = join(mkdtempSync(join(tmpdir(), 'cdc-binds-')), 'node_modules');
    const dir = join(modules, 'cdc-chaos');
    for (const s of specs(fakeProject(dir)))
      expect(projectMounts(s.binds), s.name).toEqual([`${dir}:/project:ro`, `${modules}:/node_modules:ro`]);
  });
});
