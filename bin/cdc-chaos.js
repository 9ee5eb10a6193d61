#!/usr/bin/env node
// Thin launcher: the CLI is compiled to out/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = new URL('../out/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('cdc-chaos is not built yet: run `npm ci && npm run build` first.');
  process.exit(2);
}
await import(main.href);
