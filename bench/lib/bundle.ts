// Bundles a bench entry (bench/k6/*.mts) into one k6 script with a scenario embedded, with the
// esbuild settings of dist/chaos-*.js (src/bundle/k6-bundle.ts), so the bench runs the bundles' code
// as the bundles run it. The scenario comes from scenarios/*.yml through the build's own loader.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k6BundleOptions } from '../../src/bundle/k6-bundle.js';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { ROOT } from './results.js';

export function loadScenario(id: string): ScenarioSpec {
  const r = loadScenarioFile(join(ROOT, 'scenarios', `${id}.yml`));
  if (!r.scenario) throw new Error(`scenarios/${id}.yml: ${(r.errors ?? []).join('; ')}`);
  return r.scenario;
}

/**
 * bench/k6/<entry>.mts + scenario → <tmp>/<name>.js (returned). Outside out/: a build elsewhere in the
 * shared tree wipes out/, and must not pull the bundle from under a running bench.
 */
export async function bundleBench(entry: 'load' | 'verify', scenario: ScenarioSpec, name: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'cdc-bench-bundle-')), `${name}.js`);
  await build({ ...k6BundleOptions(scenario), entryPoints: [join(ROOT, 'bench', 'k6', `${entry}.mts`)], outfile });
  return outfile;
}
