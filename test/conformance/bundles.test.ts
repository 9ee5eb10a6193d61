// The experiment bundles (dist/chaos-*.js) on this runtime, as on k6: handleSummary prints the verdict and
// then k6's standard end-of-test summary (jslib k6-summary's textSummary); errors thrown in bundle code
// point at src/k6/*.ts through the bundle's inline source map.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, root, run } from './helpers.js';

describe.skipIf(!built)('experiment bundles on cdc-chaos run', () => {
  it("handleSummary prints the VERDICT block, then k6's standard end-of-test summary", () => {
    const r = run(join(root, 'test/conformance/scripts/bundle-summary.js'), ['-e', 'CHAOS_REPORT_DIR=reports']);
    expect(r.code).toBe(0);
    const verdict = r.stdout.indexOf('VERDICT: PASS');
    // the jslib's legacy layout (indent ''): the flat metric list, the threshold metric marked ✓; a gauge's min= is
    // padded to the counter's rate (one width for every first extra)
    const standard = r.stdout.indexOf('\n    iteration_duration...: avg=');
    expect(verdict).toBeGreaterThan(0);
    expect(standard).toBeGreaterThan(verdict);
    expect(r.stdout.slice(standard)).toMatch(
      /^\n {4}iteration_duration\.{3}: avg=\S+ min=\S+ med=\S+ max=\S+ p\(90\)=\S+ p\(95\)=\S+\n {2}✓ iterations\.{11}: 1 \S+\/s\n {4}vus\.+: 1 min=1 +max=1\n {4}vus_max\.+: 1 min=1 +max=1\n\n$/,
    );
    expect(r.stdout).not.toContain('█ TOTAL RESULTS');
    expect(r.stdout).not.toContain('\x1b['); // not a terminal: no colours, as k6 decides for its own summary
  });

  it('an error thrown in bundle code reports its src/ file and line (here src/experiment/settings.ts)', () => {
    const source = readFileSync(join(root, 'src/experiment/settings.ts'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('must be a positive integer')) + 1;
    expect(line).toBeGreaterThan(0);
    const r = run(join(root, 'dist/chaos-mongodb.js'), ['-e', 'CHAOS_VUS=x']);
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('CHAOS_VUS must be a positive integer');
    expect(r.stderr).toMatch(new RegExp(`at positiveInt \\(${root}src/experiment/settings\\.ts:${line}:\\d+\\)`));
    expect(r.stderr).not.toMatch(/chaos-mongodb\.js:\d+/);
  });
});
