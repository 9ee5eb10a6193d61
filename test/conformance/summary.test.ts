// End-of-test summary — https://grafana.com/docs/k6/latest/results-output/end-of-test/custom-summary/
import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
    expect(r.stderr).toMatch(/level=error msg="failed to handle the end-of-test summary" error="Could not save some summary information:\\n\\t- could not open 'missing\/report.txt': open missing\/report.txt: no such file or directory"/);
  });

  it('--summary-export writes the legacy JSON', () => {
    const r = run('summary-none.js', ['--summary-export', 'export.json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(readFileSync(join(r.dir, 'export.json'), 'utf8')) as { metrics: Record<string, Record<string, number>> };
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

// jslib k6-summary served built in (https://jslib.k6.io/k6-summary/<version>/index.js, docs/runtime.md).
describe.skipIf(!built)('jslib k6-summary textSummary', () => {
  /** Values that differ between two runs (durations, per-second rates) masked; padding collapsed with them. */
  const shape = (text: string): string => text.replace(/\d[\d.]*(?:(?:ns|µs|ms|s|m|h)(?:\d[\d.]*)?)*/g, 'N').replace(/ +/g, ' ');

  it('a script printing textSummary gets the text the runtime prints by default', () => {
    const jslib = run('summary-jslib.js');
    const byDefault = run('summary-jslib.js', [], { SUMMARY_DEFAULT: '1' });
    expect(jslib.code).toBe(99);
    expect(byDefault.code).toBe(99);
    expect(byDefault.stdout).toContain('█ THRESHOLDS');
    expect(byDefault.stdout).toContain('✗ row applied');
    expect(shape(jslib.stdout)).toBe(shape(byDefault.stdout));
    // the counts (no time in them) agree exactly
    expect(jslib.stdout).toMatch(/checks_total\.+: 6 /);
    expect(jslib.stdout).toMatch(/cdc_writes\.+: 21 /);
  });

  it("honours the jslib's indent and colours it by default", () => {
    const r = run('summary-jslib.js', [], { SUMMARY_INDENT: '→' });
    expect(r.code).toBe(99);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l).toMatch(/^→ {2}/);
    expect(r.stdout).toContain('\x1b[1mTOTAL RESULTS\x1b[0m');
  });
});
