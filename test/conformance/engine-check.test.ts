// The experiment bundles on k6 v1.8.1's own JavaScript engine (grafana/sobek), through tools/k6-engine-check:
// every dist/chaos-*.js parses, initialises, has options k6 accepts and survives a smoke run (setup, each
// scenario, teardown, handleSummary with jslib k6-summary); bundles k6 would refuse are refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, root } from './helpers.js';

let tool = '';
beforeAll(() => {
  // Cached by a hash of the tool's sources (scripts/fetch-artifacts.sh builds it during set-up).
  tool = execFileSync('bash', [join(root, 'scripts/build-engine-check.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}, 600_000);

function check(files: string[], args: string[] = []) {
  const r = spawnSync(tool, [...args, ...files], { encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, out: `\n${r.stdout}${r.stderr}` }; // every report line starts after a newline
}

const bundles = (): string[] =>
  readdirSync(join(root, 'dist'))
    .filter((f) => /^chaos-.*\.js$/.test(f))
    .sort();

describe.skipIf(!built)("bundles on k6's engine (tools/k6-engine-check)", () => {
  it('every bundle: PARSE, INIT, OPTIONS and SMOKE ok, handleSummary calling textSummary', () => {
    const names = bundles();
    expect(names.length).toBeGreaterThanOrEqual(11);
    const r = check(
      names.map((n) => join(root, 'dist', n)),
      ['-smoke'],
    );
    for (const n of names) {
      for (const stage of ['PARSE ok', 'INIT ok', 'OPTIONS ok'])
        expect(r.out, `${n}: ${stage}`).toContain(`\n${n}: ${stage}`);
      expect(r.out, n).toMatch(
        new RegExp(`\\n${n.replace('.', '\\.')}: SMOKE ok: [^\\n]*jslib/k6-summary\\.textSummary×1`),
      );
    }
    expect(r.out).toContain(`${names.length}/${names.length} bundles parse on k6's engine (sobek)`);
    expect(r.code).toBe(0);
  });

  it('refuses bundles k6 would refuse: a syntax error, a Node built-in, a threshold aggregation the metric lacks, an unreadable inline source map', () => {
    const good = readFileSync(join(root, 'dist/chaos-mongodb.js'), 'utf8');
    expect(good).toContain('\nvar options = buildOptions();\n');
    const dir = mkdtempSync(join(tmpdir(), 'cdc-engine-check-'));
    const broken: Record<string, string> = {
      'syntax.js': good.replace('\nvar options = buildOptions();\n', '\nvar options = buildOptions(;\n'),
      'node-builtin.js': `import { readFileSync } from 'node:fs';\n${good}`,
      'threshold.js': good.replace(
        '\nvar options = buildOptions();\n',
        "\nvar options = buildOptions();\noptions.thresholds.cdc_lost = ['p(95)<1'];\n",
      ),
      'source-map.js': good.replace(
        /\n\/\/# sourceMappingURL=data:application\/json;base64,\S+/,
        '\n//# sourceMappingURL=data:application/json;base64,e30K!!',
      ),
    };
    for (const [name, text] of Object.entries(broken)) {
      expect(text, name).not.toBe(good);
      writeFileSync(join(dir, name), text);
    }
    const r = check(Object.keys(broken).map((n) => join(dir, n)));
    expect(r.out).toMatch(/\nsyntax\.js: PARSE FAIL: .*Unexpected token/);
    expect(r.out).toMatch(/\nnode-builtin\.js: INIT FAIL: .*module "node:fs" is not served/);
    expect(r.out).toMatch(
      /\nthreshold\.js: OPTIONS FAIL:\n {2}threshold cdc_lost: aggregation "p" unsupported on counter/,
    );
    expect(r.out).toMatch(/\nsource-map\.js: PARSE FAIL: .*Could not load source map/);
    expect(r.out).toContain("0/4 bundles parse on k6's engine (sobek)");
    expect(r.code).toBe(1);
  });

  it('maps an error thrown in bundle code to its src/ file and line, as k6 reports it', () => {
    const line =
      readFileSync(join(root, 'src/experiment/settings.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('must be a positive integer')) + 1;
    const r = check([join(root, 'dist/chaos-mongodb.js')], ['-e', 'CHAOS_VUS=x']);
    expect(r.out).toContain('INIT FAIL');
    expect(r.out).toMatch(new RegExp(`at positiveInt \\(file://${root}src/experiment/settings\\.ts:${line}:\\d+`));
  });
});
