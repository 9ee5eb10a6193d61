// Loads a shipped scenario through the same path the build uses (YAML → schema).
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';

export function shippedScenario(id: string): ScenarioSpec {
  const file = new URL(`../../scenarios/${id}.yml`, import.meta.url).pathname;
  const r = loadScenarioFile(file);
  if (!r.scenario) throw new Error(r.errors.join('\n'));
  return r.scenario;
}
