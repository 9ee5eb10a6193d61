// Bundles a bench entry (bench/k6/*.mts) into one k6 script with a scenario embedded, with the same
// esbuild settings build/bundles.mjs uses for dist/chaos-*.js, so the bench runs the bundles' code
// as the bundles run it. The scenario comes from scenarios/*.yml through the build's own loader.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { validateScenario } from '../../src/experiment/schema.js';
import { ROOT } from './results.js';

type LoadFile = (file: string, validate: typeof validateScenario) => { scenario?: ScenarioSpec; errors?: string[] };

export async function loadScenario(id: string): Promise<ScenarioSpec> {
  // build/bundles.mjs is plain JS without types: imported at run time, typed here.
  const { loadScenarioFile } = (await import(new URL('../../../build/bundles.mjs', import.meta.url).href)) as { loadScenarioFile: LoadFile };
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
  await build({
    entryPoints: [join(ROOT, 'bench', 'k6', `${entry}.mts`)],
    bundle: true,
    outfile,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['k6', 'k6/*', 'https://jslib.k6.io/*'],
    define: { __CHAOS_SCENARIO__: JSON.stringify(scenario) },
    logLevel: 'warning',
    legalComments: 'none',
  });
  return outfile;
}
