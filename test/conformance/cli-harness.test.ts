// `cdc-chaos run` and `cdc-chaos version`: the harness's front door to the runtime package (k6-node-runtime, whose
// own conformance tests drive the same `run` through its bin). k6 v1.8.1's internal/cmd/version.go for `version`.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { MODULES } from 'k6-node-runtime/modules/registry.js';
import { XK6_EXTENSIONS } from 'k6-node-runtime/xk6-extensions.js';
import { built, cli, root } from './helpers.js';

describe.skipIf(!built)('cdc-chaos run', () => {
  it('a .yml scenario given as the script: a JS syntax error (exit 107, as k6) with a hint to run its built bundle', () => {
    const r = cli(['run', '-q', join(root, 'scenarios/connect-pause.yml')]);
    expect(r.code).toBe(107);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /level=error msg=".*connect-pause\.yml:1:\d+: .*" hint=".*dist\/chaos-<name>\.js by `npm run build`/,
    );
  });
});

describe.skipIf(!built)('version (k6 internal/cmd/version.go)', () => {
  it('`--version` and `version`: the runtime line, then one `<module> <version>, <import> [js]` row per k6/x module of the registry', () => {
    const a = cli(['--version']);
    const b = cli(['version']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const [head, ext, ...rows] = a.stdout.trimEnd().split('\n');
    expect(head).toMatch(/^cdc-chaos v\d+\.\d+\.\d+ \(k6 v1\.8\.1 runtime, node v\d+\.\d+\.\d+, \w+\/\w+\)$/);
    expect(ext).toBe('Extensions:');
    const imports = Object.keys(MODULES).filter((m) => m.startsWith('k6/x/'));
    expect(rows.map((r) => /, (\S+) \[js\]$/.exec(r)?.[1]).sort()).toEqual(imports.sort());
    expect(rows).toContain('  github.com/grafana/xk6-sql-driver-postgres v0.1.2, k6/x/sql/driver/postgres [js]');
    expect(rows).toContain('  github.com/GhMartingit/xk6-mongo v1.2.0, k6/x/mongo [js]');
    const json = JSON.parse(cli(['version', '--json']).stdout) as {
      k6_version: string;
      extensions: Array<{ module: string; version: string }>;
    };
    expect(json.k6_version).toBe('v1.8.1');
    expect(json.extensions.map((e) => `${e.module}@${e.version}`).sort()).toEqual(
      XK6_EXTENSIONS.map((e) => `${e.module}@${e.version}`).sort(),
    );
  });
});
