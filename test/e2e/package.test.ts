// The npm package as a user gets it: `npm pack` (prepack builds out/, dist/ and the type declarations), the tarball
// installed into an empty folder, and from there the CLI (help, stack status, dry runs of a shipped scenario and of
// a file of the user's), a Node program importing cdc-chaos/experiment (JavaScript and TypeScript), and a k6 script of
// the user's own that imports cdc-chaos/k6/* and is bundled with the package's esbuild settings. Read-only on the
// stack: status, dry runs and a container inspect.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'cdc-chaos-package-'));
const app = join(work, 'app');

interface Run {
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], cwd = app): Run {
  const r = spawnSync(cmd, args, { cwd, env: process.env, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Packed {
  filename: string;
  entryCount: number;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
let packed: Packed;

/** `npm pack` of the root or of a workspace package (its own prepack builds it). */
function pack(...args: string[]): Packed {
  const r = spawnSync('npm', ['pack', ...args, '--pack-destination', work, '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Packed[])[0];
}

beforeAll(() => {
  packed = pack();
  // The runtime is its own package (a dependency of cdc-chaos): a user installs both tarballs, as from a registry.
  const runtime = pack('--workspace', 'packages/k6-node-runtime');
  console.log(`npm pack: ${packed.entryCount} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // From npm's cache (scripts/warm-npm-cache.sh fills it: lane 2 has no network). k6-node-runtime is not on the
  // registry: npm asks for it once before it takes the tarball given here (retried, that ask cost a minute).
  const install = run('npm', [
    'install',
    '--prefer-offline',
    '--fetch-retries=0',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    join(work, runtime.filename),
    join(work, packed.filename),
  ]);
  expect(install.code, install.out).toBe(0);
}, 900_000);

// The install is ~100 MB: not left behind in /tmp.
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (...args: string[]) => run('npx', ['--no-install', 'cdc-chaos', ...args]);

describe('the installed package', () => {
  it('ships the built CLI, bundles, schema and TypeScript sources, and no tests, bench or build tooling', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of [
      'bin/cdc-chaos.js',
      'out/src/cli/main.js',
      'out/src/exports/experiment.js',
      'out/types/exports/experiment.d.ts',
      'dist/chaos-mongodb.js',
      'scenarios/mongodb-failure.yml',
      'scenario.schema.json',
      'src/k6/entry.ts',
      'src/experiment/schema.ts',
      'src/stack/schema.sql',
      'src/stack/connector.json',
      'prometheus/alerts.yml',
      'scripts/fetch-artifacts.sh',
      'docs/runtime.md',
    ])
      expect(paths).toContain(p);
    expect(
      paths.filter(
        (p) =>
          /^(test|bench|build|tools|out\/bench|src\/(runtime|cli|stack\/[^/]+\.ts))\//.test(p) ||
          p.endsWith('.test.ts'),
      ),
    ).toEqual([]);
  });

  it('npx cdc-chaos --help lists the commands', () => {
    const r = cli('--help');
    expect(r.code, r.out).toBe(0);
    for (const c of ['run', 'inject', 'heal', 'stack']) expect(r.out).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('npx cdc-chaos stack status sees the running stack', () => {
    const r = cli('stack', 'status');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('stack: healthy');
  });

  it('a dry run of a shipped scenario uses its shipped bundle, with no note to rebuild', () => {
    const r = cli('inject', 'mongodb-failure', '--dry-run', '-e', 'CHAOS_TIME_SCALE=0.1');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('inject kill cdc-mongodb');
    expect(r.out).toContain('dry run of mongodb-failure, nothing was touched');
    expect(r.out).not.toContain('older than');
  });

  it("a dry run of the user's own scenario file bundles it from the package's k6 sources", () => {
    writeFileSync(
      join(app, 'mine.yml'),
      'name: mine\nphases:\n  - name: a\n    duration: 10s\n    actions:\n      - { type: pause, target: cdc-connect, params: { duration: 5s } }\n',
    );
    const r = cli('inject', './mine.yml', '--dry-run');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('inject pause cdc-connect until 5s');
    expect(r.out).toContain('dry run of mine, nothing was touched');
  });

  it('a bad scenario file is refused with file:line:col: field: message', () => {
    writeFileSync(join(app, 'bad.yml'), 'name: bad\nphases:\n  - name: a\n    durration: 10s\n');
    const r = cli('inject', './bad.yml', '--dry-run');
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('./bad.yml:4:5: phases[0].durration: unknown key "durration"');
  });

  it('Node: cdc-chaos/experiment loads, validates and plans a scenario; the JSON Schema is importable', () => {
    writeFileSync(
      join(app, 'plan.mjs'),
      [
        "import { loadScenarioFile, planFaults, validateScenario } from 'cdc-chaos/experiment';",
        "import schema from 'cdc-chaos/scenario.schema.json' with { type: 'json' };",
        "const { scenario } = loadScenarioFile('mine.yml');",
        "const invalid = validateScenario({ name: 'x' }, 'x');",
        'console.log(JSON.stringify({ faults: planFaults(scenario, 1).faults.map((f) => f.id), errors: invalid.ok ? [] : invalid.errors, title: schema.title }));',
      ].join('\n'),
    );
    const r = run(process.execPath, ['plan.mjs']);
    expect(r.code, r.out).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      faults: ['a.0.pause.cdc-connect'],
      errors: [{ path: ['phases'], message: 'is required (a list)' }],
      title: 'cdc-chaos scenario',
    });
  });

  it('TypeScript: cdc-chaos/experiment comes with its types', () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] },
        files: ['plan.ts'],
      }),
    );
    writeFileSync(
      join(app, 'plan.ts'),
      [
        "import { loadScenarioFile, type ScenarioSpec } from 'cdc-chaos/experiment';",
        "const loaded = loadScenarioFile('mine.yml');",
        'const phases: number = loaded.scenario ? loaded.scenario.phases.length : 0;',
        "// @ts-expect-error a ScenarioSpec has no field 'nope': the types are real, not any",
        'const wrong: ScenarioSpec = { nope: 1 };',
        'export { phases, wrong };',
      ].join('\n'),
    );
    const r = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(r.code, r.out).toBe(0);
  });

  it("k6: a script of the user's own imports cdc-chaos/k6/*, is bundled with k6BundleOptions and runs", () => {
    writeFileSync(
      join(app, 'mine.k6.js'),
      [
        "import { check } from 'k6';",
        "import { containerHealthy } from 'cdc-chaos/k6/faults';",
        "export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate==1'] } };",
        "export default function () { check(null, { 'postgres healthy': () => containerHealthy('cdc-postgres') }); }",
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'bundle.mjs'),
      [
        "import { build } from 'esbuild';",
        "import { k6BundleOptions, loadScenarioFile } from 'cdc-chaos/experiment';",
        "const { scenario } = loadScenarioFile('mine.yml');",
        "await build({ ...k6BundleOptions(scenario), entryPoints: ['mine.k6.js'], outfile: 'mine.bundle.js' });",
      ].join('\n'),
    );
    const b = run(process.execPath, ['bundle.mjs']);
    expect(b.code, b.out).toBe(0);
    expect(readFileSync(join(app, 'mine.bundle.js'), 'utf8')).toMatch(/from "k6\/x\/docker\/containers"/);
    const r = cli('run', '-q', 'mine.bundle.js');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/checks_succeeded\D+100\.00%/);
  });
});
