// Writes dashboards/*.json from scenarios/*.yml (the generator and the scenario loader run from src/, as the
// build runs them). test/unit/dashboards.test.ts fails when the files are stale.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from '../build/import-source.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadScenarioFile } = await importSource(root, 'src/bundle/scenario-file.ts');
const { dashboardFiles } = await importSource(root, 'src/dashboards/grafana.ts');
const dir = join(root, 'scenarios');
const scenarios = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => {
    const r = loadScenarioFile(join(dir, f));
    if (!r.scenario) throw new Error(r.errors.join('\n'));
    return r.scenario;
  });
for (const [name, d] of Object.entries(dashboardFiles(scenarios))) {
  writeFileSync(join(root, 'dashboards', name), `${JSON.stringify(d, null, 2)}\n`);
  console.log(`dashboards/${name}`);
}
