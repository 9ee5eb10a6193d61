// End-of-test summary — https://grafana.com/docs/k6/latest/results-output/end-of-test/custom-summary/
import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { legacyTextSummary } from '../../src/summary/legacy-text.js';
import { run, results, built } from './helpers.js';

describe.skipIf(!built)('handleSummary (k6 docs: results-output/end-of-test/custom-summary)', () => {
  it('handleSummary returning nothing still prints the default summary', () => {
    const r = run('summary-none.js');
    expect(r.code).toBe(0);
    expect(results(r)).toContain('handleSummary ran');
    expect(r.stdout).toContain('TOTAL RESULTS');
    expect(r.stdout).toContain('iterations');
  });

  it('handleSummary returning {} suppresses the default summary', () => {
    const r = run('summary-empty.js');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('TOTAL RESULTS');
  });

  // k6 v1.8.1 internal/cmd/run.go handleSummaryResult: files are opened with O_CREATE only (no folder is made),
  // every target is tried, and the failures are logged as one error; the exit code is not changed.
  it('returned keys go to stdout and to files (relative to the working directory); a missing folder is reported, not made', () => {
    const r = run('summary-outputs.js');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CUSTOM STDOUT');
    expect(r.stdout).not.toContain('TOTAL RESULTS');
    expect(readFileSync(join(r.dir, 'report.txt'), 'utf8')).toBe('iterations=1');
    expect(existsSync(join(r.dir, 'missing'))).toBe(false);
    expect(r.stderr).toMatch(
      /level=error msg="failed to handle the end-of-test summary" error="Could not save some summary information:\\n\\t- could not open 'missing\/report.txt': open missing\/report.txt: no such file or directory"/,
    );
  });

  it('--summary-export writes the legacy JSON', () => {
    const r = run('summary-none.js', ['--summary-export', 'export.json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(readFileSync(join(r.dir, 'export.json'), 'utf8')) as {
      metrics: Record<string, Record<string, number>>;
    };
    expect(e.metrics.iterations.count).toBe(1);
  });

  // https://grafana.com/docs/k6/latest/using-k6/k6-options/reference/#no-summary
  it('--summary-mode disabled (--no-summary) skips the summary, handleSummary() and --summary-export', () => {
    for (const flags of [['--summary-mode', 'disabled'], ['--no-summary']]) {
      const r = run('summary-none.js', ['--summary-export', 'export.json', ...flags]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('TOTAL RESULTS');
      expect(results(r)).not.toContain('handleSummary ran');
      expect(existsSync(join(r.dir, 'export.json'))).toBe(false);
    }
  });
});

// jslib k6-summary served built in (https://jslib.k6.io/k6-summary/<version>/index.js, docs/runtime.md): its
// textSummary draws the jslib's pre-v1 layout (golden texts: test/unit/runtime-summary-legacy-text.test.ts).
describe.skipIf(!built)('jslib k6-summary textSummary', () => {
  it("a script printing textSummary gets the jslib's legacy layout of its own handleSummary data", () => {
    const r = run('summary-jslib.js');
    expect(r.code).toBe(99);
    expect(r.stdout).toBe(`\n${legacyTextSummary(r.summary, { indent: '', enableColors: false })}\n\n`);
    // 3 iterations: 'row applied' (kind:read) fails each time, 'no duplicates' (kind:write) passes
    expect(r.stdout.startsWith('\n    ✗ row applied\n     ↳  0% — ✓ 0 / ✗ 3\n    ✓ no duplicates\n\n')).toBe(true);
    expect(r.stdout).toMatch(/\n {2}✗ cdc_lag\.+: avg=\S+ +min=\S+ +med=\S+ +max=\S+ +p\(90\)=\S+ +p\(95\)=\S+ *\n/);
    expect(r.stdout).toMatch(/\n {4}cdc_writes\.+: 21 +\S+\/s\n/);
    expect(r.stdout).toMatch(/\n {4}checks\.+: 50\.00% ✓ 3 +✗ 3 *\n/);
    expect(r.stdout).toMatch(/\n {4}✗ \{ kind:read \}\.+: 0\.00% +✓ 0 +✗ 3 *\n/);
    expect(r.stdout).toMatch(/\n {2}✓ iterations\.+: 3 /);
  });

  it("the runtime's default summary stays k6 v1's layout", () => {
    const r = run('summary-jslib.js', [], { SUMMARY_DEFAULT: '1' });
    expect(r.code).toBe(99);
    expect(r.stdout).toContain('█ THRESHOLDS');
    expect(r.stdout).toContain('█ TOTAL RESULTS');
    expect(r.stdout).not.toMatch(/checks\.+: 50\.00% ✓ 3/);
  });

  it("honours the jslib's indent and colours it by default", () => {
    const r = run('summary-jslib.js', [], { SUMMARY_INDENT: '→' });
    expect(r.code).toBe(99);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l.replace(/\x1b\[[\d;]*m/g, '')).toMatch(/^→ {2}/);
    // a check's colour starts before the indent; a rate's counts are cyan and faint
    expect(r.stdout).toContain('\n\x1b[31m→    ✗ row applied\n');
    expect(r.stdout).toContain('\x1b[36;2m✓ 3\x1b[0m');
  });
});
