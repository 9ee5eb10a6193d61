// One validated scenario → one self-contained k6 script: src/k6/entry.ts bundled with the scenario embedded.
// Bundles import only k6 modules (k6, k6/*, k6/x/*, jslib URLs stay external); everything else is inlined.
import { build, type BuildOptions } from 'esbuild';
import { join, relative } from 'node:path';
import type { ScenarioSpec } from '../experiment/scenario.js';
import { oneLine, quoted } from './scenario-file.js';

/** The plan's main job keeps its short name; every other scenario is chaos-<file name>. */
const BUNDLE_NAMES: Record<string, string> = {
  'mongodb-failure': 'chaos-mongodb',
  'chaos-resilience': 'chaos-resilience',
};

export function bundleName(id: string): string {
  return BUNDLE_NAMES[id] ?? `chaos-${id}`;
}

/** esbuild settings every k6 bundle shares (dist/ and the benches'): k6 modules stay imports, the scenario is inlined. */
export function k6BundleOptions(scenario: ScenarioSpec): BuildOptions {
  return {
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['k6', 'k6/*', 'https://jslib.k6.io/*'],
    define: { __CHAOS_SCENARIO__: JSON.stringify(scenario) },
    logLevel: 'warning',
    legalComments: 'none',
    // k6 (and cdc-chaos run) read inline source maps: errors point at src/k6/*.ts, not the bundle's lines.
    // Sources are relative to the bundle (../src/k6/…); their text is in the repository, not in the map.
    sourcemap: 'inline',
    sourcesContent: false,
  };
}

/** Bundles `root`/src/k6/entry.ts for `scenario` into `outfile` (the build's dist/, or `cdc-chaos inject path/to/file.yml`). */
export async function bundleScenario({
  root,
  scenario,
  outfile,
}: {
  root: string;
  scenario: ScenarioSpec;
  outfile: string;
}): Promise<string> {
  await build({
    ...k6BundleOptions(scenario),
    entryPoints: [join(root, 'src/k6/entry.ts')],
    outfile,
    // Every user string in generated code goes through oneLine: a line break in a name would end the comment.
    banner: {
      js: `// ${oneLine(bundleName(scenario.id))}.js — cdc-chaos experiment ${quoted(scenario.name)} (${oneLine(scenario.id)}.yml), built by cdc-chaos.\n// Run: k6 run ${oneLine(relative(root, outfile))}   (or: cdc-chaos run ${oneLine(relative(root, outfile))})`,
    },
  });
  return outfile;
}
