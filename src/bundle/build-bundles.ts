// The build's scenario step: validates every scenarios/*.yml (any error fails the build with exit 2, warnings are
// printed) and bundles each into dist/<bundle name>.js. build/build.mjs and build/bundles.mjs run this file from
// source (esbuild-bundled), never from out/.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleName, bundleScenario } from './k6-bundle.js';
import { loadScenarioFile, problemLines } from './scenario-file.js';

/** Thrown by buildBundles when a scenario file is invalid: `lines` are what to print. */
export class ScenarioFilesError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ScenarioFilesError';
  }
}

export interface BuildBundlesOptions {
  root: string;
  outdir?: string;
  scenarios?: string;
  warn?: (line: string) => void;
}

/**
 * Validates and bundles every scenario of `scenarios` (default root/scenarios). Warnings go to `warn`,
 * one line each; any error throws a ScenarioFilesError whose lines are every problem, one each.
 */
export async function buildBundles({
  root,
  outdir = join(root, 'dist'),
  scenarios = join(root, 'scenarios'),
  warn = (l) => console.error(l),
}: BuildBundlesOptions): Promise<string[]> {
  const started = Date.now();
  const files = readdirSync(scenarios)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const loaded = files.map((f) => loadScenarioFile(join(scenarios, f), relative(process.cwd(), join(scenarios, f))));
  const errors = loaded.flatMap((l) => l.errors ?? []);
  if (errors.length > 0) {
    throw new ScenarioFilesError([
      ...loaded.flatMap(problemLines),
      `build: ${errors.length} scenario error${errors.length === 1 ? '' : 's'}, no bundle written: fix the file(s) above`,
    ]);
  }
  for (const l of loaded) for (const line of problemLines(l)) warn(line);
  mkdirSync(outdir, { recursive: true });
  const outputs: string[] = [];
  for (const { scenario } of loaded) {
    if (scenario)
      outputs.push(await bundleScenario({ root, scenario, outfile: join(outdir, `${bundleName(scenario.id)}.js`) }));
  }
  // A full build leaves no bundle of a scenario that no longer exists (it would still run, outdated).
  for (const f of readdirSync(outdir)) {
    if (/^chaos-.*\.js$/.test(f) && !outputs.includes(join(outdir, f))) rmSync(join(outdir, f));
  }
  console.error(
    `build: ${outputs.length} scenario bundle(s) in ${relative(root, outdir) || '.'}/ in ${Date.now() - started} ms`,
  );
  return outputs;
}

/** buildBundles for a command line: problems one line each, exit 2 on an invalid scenario. */
export async function buildBundlesCli(options: BuildBundlesOptions): Promise<void> {
  try {
    await buildBundles(options);
  } catch (e) {
    if (!(e instanceof ScenarioFilesError)) throw e;
    for (const line of e.lines) console.error(line);
    process.exitCode = 2;
  }
}
