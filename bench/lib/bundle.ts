// Bundles a bench entry (bench/k6/*.mts) into one k6 script with a scenario embedded, with the
// esbuild settings build/bundles.mjs uses for dist/chaos-*.js, so the bench runs the bundles' code
// as the bundles run it. The scenario comes from scenarios/*.yml through the build's own loader.
import { build, type BuildOptions } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { validateScenario } from '../../src/experiment/schema.js';
import { ROOT } from './results.js';

// build/bundles.mjs is plain JS without types: imported at run time, typed where used.
const BUNDLES = new URL('../../../build/bundles.mjs', import.meta.url).href;

type LoadFile = (file: string, validate: typeof validateScenario) => { scenario?: ScenarioSpec; errors?: string[] };

export async function loadScenario(id: string): Promise<ScenarioSpec> {
  const { loadScenarioFile } = (await import(BUNDLES)) as { loadScenarioFile: LoadFile };
  const r = loadScenarioFile(join(ROOT, 'scenarios', `${id}.yml`), validateScenario);
  if (!r.scenario) throw new Error(`scenarios/${id}.yml: ${(r.errors ?? []).join('; ')}`);
  return r.scenario;
}

/**
 * bench/k6/<entry>.mts + scenario → <tmp>/<name>.js (returned). Outside out/: a build elsewhere in the
 * shared tree wipes out/, and must not pull the bundle from under a running bench.
 */
export async function bundleBench(entry: 'load' | 'verify', scenario: ScenarioSpec, name: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'cdc-bench-bundle-')), `${name}.js`);
  const { k6BundleOptions } = (await import(BUNDLES)) as { k6BundleOptions: (s: ScenarioSpec) => BuildOptions };
  await build({ ...k6BundleOptions(scenario), entryPoints: [join(ROOT, 'bench', 'k6', `${entry}.mts`)], outfile });
  return outfile;
}
