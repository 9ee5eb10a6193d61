// Built-in jslib k6-summary (https://jslib.k6.io/k6-summary/<version>/index.js): textSummary draws grafana/k6-jslib-summary
// 0.1.0's pre-v1 layout (golden texts in runtime-summary-legacy-text.test.ts) from the handleSummary data the runtime
// builds, with the jslib's option defaults; humanizeValue is the jslib's.
import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../src/metrics/engine.js';
import type { Sample } from '../../src/metrics/types.js';
import { humanizeValue, textSummary } from '../../src/modules/jslib-k6-summary.js';
import { renderTextSummary } from '../../src/summary/text.js';

const s = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({
  metric,
  time: 0,
  value,
  tags,
});

/** handleSummary data of a small run, as the summary VU receives it (structured clone: no engine report). */
function runData(): { engine: unknown; vu: unknown } {
  const e = new MetricsEngine({
    thresholds: { iterations: ['count>0'], cdc_lag: ['p(95)<10'], 'checks{kind:read}': ['rate==1'] },
  });
  e.declare('cdc_lag', 'trend', 'time');
  e.declare('cdc_writes', 'counter', 'default');
  e.addSamples([
    s('iterations', 1),
    s('iterations', 1),
    s('iteration_duration', 12.5),
    s('vus', 1),
    s('cdc_lag', 4),
    s('cdc_lag', 40),
    s('cdc_writes', 7),
    s('checks', 1, { check: 'row applied', kind: 'read' }),
    s('checks', 0, { check: 'row applied', kind: 'read' }),
    s('checks', 1, { check: 'no duplicates', kind: 'write' }),
  ]);
  e.evaluate(2000, true);
  const engine = e.summaryData({ testRunDurationMs: 2000, isStdOutTTY: false, isStdErrTTY: false }, undefined, {});
  return { engine, vu: structuredClone(engine) };
}

describe('jslib k6-summary textSummary', () => {
  it("renders the runtime's handleSummary data in the jslib's legacy layout, exactly", () => {
    const { vu } = runData();
    expect(textSummary(vu, { indent: '', enableColors: false })).toBe(
      [
        '    ✗ row applied',
        '     ↳  50% — ✓ 1 / ✗ 1',
        '    ✓ no duplicates',
        '',
        // k6 interpolates percentiles: p(95) of [4, 40] is 38.2 less a float rounding error, truncated to 38.19
        '  ✗ cdc_lag..............: avg=22ms   min=4ms    med=22ms   max=40ms   p(90)=36.4ms p(95)=38.19ms',
        '    cdc_writes...........: 7      3.5/s',
        '    checks...............: 66.66% ✓ 2   ✗ 1  ',
        '    ✗ { kind:read }......: 50.00% ✓ 1   ✗ 1  ',
        '    iteration_duration...: avg=12.5ms min=12.5ms med=12.5ms max=12.5ms p(90)=12.5ms p(95)=12.5ms ',
        '  ✓ iterations...........: 2      1/s',
        '    vus..................: 1      min=1 max=1',
      ].join('\n'),
    );
  });

  it("is not the runtime's default (k6 v1) summary", () => {
    const { engine, vu } = runData();
    expect(renderTextSummary(engine, { enableColors: false, mode: 'compact' })).toContain('█ TOTAL RESULTS');
    expect(textSummary(vu, { enableColors: false })).not.toContain('TOTAL RESULTS');
  });

  it("defaults to the jslib's defaults: one space of indent, colours on", () => {
    const { vu } = runData();
    const d = textSummary(vu);
    expect(d).toBe(textSummary(vu, { indent: ' ', enableColors: true }));
    expect(d.startsWith('\x1b[31m     ✗ row applied\n')).toBe(true);
    expect(d).toContain(
      '\n   \x1b[32m✓\x1b[0m iterations\x1b[2m...........:\x1b[0m \x1b[36m2\x1b[0m      \x1b[36;2m1/s\x1b[0m\n',
    );
    expect(textSummary(vu, { enableColors: false })).not.toContain('\x1b[');
  });

  it('summaryTrendStats / summaryTimeUnit options override the run options, as in the jslib', () => {
    const { vu } = runData();
    const t = textSummary(vu, { indent: '', enableColors: false, summaryTrendStats: ['max'], summaryTimeUnit: 's' });
    expect(t).toContain('\n  ✗ cdc_lag..............: max=0.04s\n');
    expect(t).toContain('\n    iteration_duration...: max=0.01s\n');
  });

  it('humanizeValue is the jslib one: rates truncated to %, bytes, durations (optionally in a fixed unit), plain numbers', () => {
    expect(humanizeValue(0.99999, { type: 'rate', contains: 'default' })).toBe('99.99%');
    expect(humanizeValue(1234567, { type: 'counter', contains: 'data' })).toBe('1.2 MB');
    expect(humanizeValue(61000, { type: 'trend', contains: 'time' })).toBe('1m1s');
    expect(humanizeValue(1.5, { type: 'trend', contains: 'time' }, 'us')).toBe('1500.00µs');
    expect(humanizeValue(1 / 3, { type: 'gauge', contains: 'default' })).toBe('0.333333');
  });
});
