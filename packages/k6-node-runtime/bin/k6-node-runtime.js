#!/usr/bin/env node
// Thin launcher: the runtime is compiled to out/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = new URL('../out/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error(
    'k6-node-runtime is not built yet: run `npm run build` (in the repository: `npm ci && npm run build`) first.',
  );
  process.exit(2);
}
await import(main.href);
