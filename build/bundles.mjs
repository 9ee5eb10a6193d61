// `node build/bundles.mjs [--scenarios DIR] [--outdir DIR]`: the build's scenario step alone (validate every
// scenario, bundle each into one k6 script; src/bundle/build-bundles.ts), run from source: no transpile, no out/.
// The bad-input tests use it on a temporary scenarios dir.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importSource } from './import-source.mjs';

let values;
try {
  ({ values } = parseArgs({ options: { scenarios: { type: 'string' }, outdir: { type: 'string' } } }));
} catch (e) {
  console.error(`build/bundles.mjs: ${e.message} (usage: node build/bundles.mjs [--scenarios DIR] [--outdir DIR])`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const { buildBundlesCli } = await importSource(root, 'src/bundle/build-bundles.ts');
await buildBundlesCli({
  root,
  ...(values.scenarios ? { scenarios: resolve(values.scenarios) } : {}),
  ...(values.outdir ? { outdir: resolve(values.outdir) } : {}),
});
