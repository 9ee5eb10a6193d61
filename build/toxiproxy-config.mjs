// chaos/toxiproxy.json (the proxies docker-compose.yml loads into Toxiproxy) from the contract,
// src/experiment/contract.ts: bundled from source in memory, so the file never drifts from it.
// test/unit/contract.test.ts fails when the committed file is stale.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOXIPROXY_CONFIG = join('chaos', 'toxiproxy.json');

/** Writes the file when its content differs; returns whether it did. */
export async function writeToxiproxyConfig(root) {
  const out = await build({
    entryPoints: [join(root, 'src', 'experiment', 'contract.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'warning',
  });
  const { toxiproxyConfigText } = await import(
    `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`
  );
  const path = join(root, TOXIPROXY_CONFIG);
  const text = toxiproxyConfigText();
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: written below
  }
  if (current === text) return false;
  writeFileSync(path, text);
  return true;
}
