// Imports a TypeScript module of src/ as the build's own code: esbuild bundles it from source (npm packages stay
// imports) into node_modules/.cache/, where those imports resolve. The build so never runs a previous build's out/.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function importSource(root, entry) {
  const { outputFiles } = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    write: false,
    logLevel: 'warning',
  });
  const dir = join(root, 'node_modules', '.cache', 'cdc-chaos-build');
  mkdirSync(dir, { recursive: true });
  // One file per call: builds running side by side (tests) never import each other's half-written file.
  const file = join(dir, `${basename(entry, '.ts')}-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, outputFiles[0].contents);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}
