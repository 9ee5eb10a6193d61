// Loads a shipped scenario through the same path the build uses (YAML → schema).
// @ts-expect-error build/ is plain ESM JavaScript without types
import { loadScenarioFile } from '../../build/bundles.mjs';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { validateScenario } from '../../src/experiment/schema.js';

export function shippedScenario(id: string): ScenarioSpec {
  const file = new URL(`../../scenarios/${id}.yml`, import.meta.url).pathname;
  const r = loadScenarioFile(file, validateScenario);
  if (!r.scenario) throw new Error(r.errors.join('\n'));
  return r.scenario as ScenarioSpec;
}
