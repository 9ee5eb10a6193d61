// Which experiment `cdc-chaos inject <arg>` means: a scenario name (scenarios/<name>.yml, run as its
// built bundle dist/chaos-<name>.js) or a scenario file path (validated and bundled with the build's own
// code, src/bundle/). Validation errors name file:line:column and field.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { bundleName, bundleScenario } from '../bundle/k6-bundle.js';
import { loadScenarioFile, problemLines } from '../bundle/scenario-file.js';
import type { ScenarioSpec } from '../experiment/scenario.js';
import { projectRoot } from './paths.js';

export function scenarioIds(root = projectRoot()): string[] {
  return readdirSync(join(root, 'scenarios'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

export function looksLikePath(arg: string): boolean {
  return /\.ya?ml$/i.test(arg) || arg.indexOf('/') >= 0;
}

/** `problems`: the build's own lines for the file (error:/warning: file:line:col: field: message). */
export type Resolved =
  | { ok: true; scenario: ScenarioSpec; script: string; notes: string[]; problems: string[] }
  | { ok: false; problems: string[] };

/** Validates the scenario file (by path, or scenarios/<id>.yml) and finds or builds its bundle. */
export async function resolveScenario(arg: string, root = projectRoot()): Promise<Resolved> {
  const byPath = looksLikePath(arg);
  const file = byPath ? arg : join(root, 'scenarios', `${arg}.yml`);
  const loaded = loadScenarioFile(file, byPath ? arg : relative(process.cwd(), file));
  const problems = problemLines(loaded);
  if (!loaded.scenario) return { ok: false, problems };
  if (byPath) {
    const outfile = join(mkdtempSync(join(tmpdir(), 'cdc-chaos-inject-')), `${bundleName(loaded.scenario.id)}.js`);
    return {
      ok: true,
      scenario: loaded.scenario,
      script: await bundleScenario({ root, scenario: loaded.scenario, outfile }),
      notes: [],
      problems,
    };
  }
  const script = join(root, 'dist', `${bundleName(arg)}.js`);
  if (!existsSync(script))
    return { ok: false, problems: [`error: ${relative(process.cwd(), script)} is missing: run npm run build`] };
  // Only a checkout can rebuild: an installed package has no build/ (npm sets its files' times at install).
  const stale = existsSync(join(root, 'build', 'build.mjs')) && statSync(script).mtimeMs < statSync(file).mtimeMs;
  const notes = stale
    ? [`${basename(script)} is older than ${basename(file)}: run npm run build to pick up the change`]
    : [];
  return { ok: true, scenario: loaded.scenario, script, notes, problems };
}

/** Whether a scenario fires any fault (the plan's `all` runs those, not the load-only chaos-resilience). */
export function hasFaults(s: ScenarioSpec): boolean {
  return s.phases.some((p) => p.actions.length > 0);
}
