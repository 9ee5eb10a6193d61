// `cdc-chaos version [--json]` and `cdc-chaos --version`, shaped like k6 v1.8.1's
// (internal/cmd/version.go): one version line, then `Extensions:` with one
// `<module> <version>, <import> [js]` row per JS module an extension provides.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../chaos/paths.js';
import { extensionImports } from 'k6-node-runtime/xk6-extensions.js';
import { K6_VERSION } from 'k6-node-runtime/cli/run-flags.js';

const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { name: string; version: string };

export function versionText(): string {
  const head = `${pkg.name} v${pkg.version} (k6 v${K6_VERSION} runtime, node ${process.version}, ${process.platform}/${process.arch})`;
  const exts = extensionImports();
  if (exts.length === 0) return `${head}\n`;
  return `${head}\nExtensions:\n${exts.map((e) => `  ${e.module} ${e.version}, ${e.name} [js]`).join('\n')}\n`;
}

/** k6 version --json: the same facts, extensions grouped by module with their imports. */
export function versionJson(): string {
  const extensions: Array<{ module: string; version: string; imports: string[] }> = [];
  for (const e of extensionImports()) {
    const last = extensions.at(-1);
    if (last?.module === e.module) last.imports.push(e.name);
    else extensions.push({ module: e.module, version: e.version, imports: [e.name] });
  }
  return `${JSON.stringify({ version: `v${pkg.version}`, k6_version: `v${K6_VERSION}`, node_version: process.version, os: process.platform, arch: process.arch, extensions })}\n`;
}
