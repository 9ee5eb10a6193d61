// `npm run build`: (1) transpile the runtime package (packages/k6-node-runtime/src → its out/) and the Node side
// (src/, bench/) to out/ (same tree: out/src, out/bench) — type checking is `npm run typecheck`; (2) write
// chaos/toxiproxy.json from the stack contract and scenario.schema.json (src/experiment/scenario-json-schema.ts);
// (3) bundle every scenario into dist/chaos-<name>.js (src/bundle/build-bundles.ts). Steps 2 and 3 run from the
// sources, not out/.
import { build } from 'esbuild';
import { buildRuntime } from '../packages/k6-node-runtime/build.mjs';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from './import-source.mjs';
import { TOXIPROXY_CONFIG, writeToxiproxyConfig } from './toxiproxy-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir, skip = []) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (skip.includes(relative(root, p))) continue;
    if (statSync(p).isDirectory()) out.push(...tsFiles(p, skip));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

let started = Date.now();
const runtimeFiles = await buildRuntime();
console.error(`build: transpiled ${runtimeFiles} files to packages/k6-node-runtime/out/ in ${Date.now() - started} ms`);

started = Date.now();
rmSync(join(root, 'out'), { recursive: true, force: true });
// src/k6 is k6-only code: it is bundled per scenario, never run by Node directly.
const entryPoints = [...tsFiles(join(root, 'src'), ['src/k6']), ...tsFiles(join(root, 'bench'))];
await build({
  entryPoints,
  outdir: join(root, 'out'),
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
console.error(`build: transpiled ${entryPoints.length} files to out/ in ${Date.now() - started} ms`);
if (await writeToxiproxyConfig(root)) console.error(`build: wrote ${TOXIPROXY_CONFIG} from src/experiment/contract.ts`);

const { scenarioJsonSchemaText } = await importSource(root, 'src/experiment/scenario-json-schema.ts');
const schemaFile = join(root, 'scenario.schema.json');
// Written only when it changed: it is committed (the scenarios reference it), so a change shows in git status.
if (!existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== scenarioJsonSchemaText()) {
  writeFileSync(schemaFile, scenarioJsonSchemaText());
  console.error('build: wrote scenario.schema.json (commit it)');
}

const { buildBundlesCli } = await importSource(root, 'src/bundle/build-bundles.ts');
await buildBundlesCli({ root });
