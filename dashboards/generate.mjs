// Writes dashboards/*.json from scenarios/*.yml (run `npm run build` first: it imports the
// transpiled generator from out/). test/unit/dashboards.test.ts fails when the files are stale.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../build/bundles.mjs';
import { dashboardFiles } from '../out/src/dashboards/grafana.js';
import { validateScenario } from '../out/src/experiment/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'scenarios');
const scenarios = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => {
  const r = loadScenarioFile(join(dir, f), validateScenario);
  if (!r.scenario) throw new Error(r.errors.join('\n'));
  return r.scenario;
});
for (const [name, d] of Object.entries(dashboardFiles(scenarios))) {
  writeFileSync(join(root, 'dashboards', name), `${JSON.stringify(d, null, 2)}\n`);
  console.log(`dashboards/${name}`);
}
