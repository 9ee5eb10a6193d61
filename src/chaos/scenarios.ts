// Which experiment `cdc-chaos inject <arg>` means: a scenario name (scenarios/<name>.yml, run as its
// built bundle dist/chaos-<name>.js) or a scenario file path (validated and bundled with the very
// code of build/bundles.mjs). Validation errors name file:line:column and field.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScenarioSpec } from '../experiment/scenario.js';
import { validateScenario } from '../experiment/schema.js';
import { projectRoot } from './paths.js';

interface BundlesModule {
  bundleName(id: string): string;
  loadScenarioFile(file: string, validate: typeof validateScenario, displayPath?: string): { scenario?: ScenarioSpec; errors?: string[] };
  bundleScenario(o: { root: string; scenario: ScenarioSpec; outfile: string }): Promise<string>;
}

async function bundles(root: string): Promise<BundlesModule> {
  return (await import(pathToFileURL(join(root, 'build', 'bundles.mjs')).href)) as BundlesModule;
}

export function scenarioIds(root = projectRoot()): string[] {
  return readdirSync(join(root, 'scenarios')).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort();
}

export function looksLikePath(arg: string): boolean {
  return /\.ya?ml$/i.test(arg) || arg.indexOf('/') >= 0;
}

export type Resolved =
  | { ok: true; scenario: ScenarioSpec; script: string; notes: string[] }
  | { ok: false; errors: string[] };

/** Validates the scenario file (by path, or scenarios/<id>.yml) and finds or builds its bundle. */
export async function resolveScenario(arg: string, root = projectRoot()): Promise<Resolved> {
  const b = await bundles(root);
  const byPath = looksLikePath(arg);
  const file = byPath ? arg : join(root, 'scenarios', `${arg}.yml`);
  if (!existsSync(file)) return { ok: false, errors: [`${arg}: no such scenario file`] };
  const loaded = b.loadScenarioFile(file, validateScenario, byPath ? arg : relative(process.cwd(), file));
  if (!loaded.scenario) return { ok: false, errors: loaded.errors ?? [`${arg}: invalid scenario`] };
  if (byPath) {
    const outfile = join(mkdtempSync(join(tmpdir(), 'cdc-chaos-inject-')), `${b.bundleName(loaded.scenario.id)}.js`);
    return { ok: true, scenario: loaded.scenario, script: await b.bundleScenario({ root, scenario: loaded.scenario, outfile }), notes: [] };
  }
  const script = join(root, 'dist', `${b.bundleName(arg)}.js`);
  if (!existsSync(script)) return { ok: false, errors: [`${relative(process.cwd(), script)} is missing: run npm run build`] };
  const notes = statSync(script).mtimeMs < statSync(file).mtimeMs ? [`${basename(script)} is older than ${basename(file)}: run npm run build to pick up the change`] : [];
  return { ok: true, scenario: loaded.scenario, script, notes };
}

/** Whether a scenario fires any fault (the plan's `all` runs those, not the load-only chaos-resilience). */
export function hasFaults(s: ScenarioSpec): boolean {
  return s.phases.some((p) => p.actions.length > 0);
}
