// `npm run build` (here, or the repo's build, which calls buildRuntime): transpile src/ to out/ with the same tree,
// and compile native/pq.c (native/build.mjs).
// Type checking is `npm run typecheck`. The runtime loads its workers and k6 modules from out/ by relative URL.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative } from './native/build.mjs';

const pkgRoot = fileURLToPath(new URL('.', import.meta.url));

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Builds k6/x/sql's libpq addon (when pq.c changed) and transpiles the runtime's sources to out/; returns how many files. */
export async function buildRuntime() {
  buildNative();
  rmSync(join(pkgRoot, 'out'), { recursive: true, force: true });
  const entryPoints = tsFiles(join(pkgRoot, 'src'));
  await build({
    entryPoints,
    outdir: join(pkgRoot, 'out'),
    outbase: join(pkgRoot, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return entryPoints.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const n = await buildRuntime();
  console.error(`build: transpiled ${n} files to packages/k6-node-runtime/out/ in ${Date.now() - started} ms`);
}
