// Built-in jslib k6-summary (https://jslib.k6.io/k6-summary/<version>/index.js): textSummary renders the runtime's
// own end-of-test summary from handleSummary's data, with the jslib's `indent` / `enableColors` options.
import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../src/runtime/metrics/engine.js';
import type { Sample } from '../../src/runtime/metrics/types.js';
import { textSummary } from '../../src/runtime/modules/jslib-k6-summary.js';
import { renderTextSummary } from '../../src/runtime/summary/text.js';

const s = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({ metric, time: 0, value, tags });

/** handleSummary data of a small run, as the summary VU receives it (structured clone: no engine report). */
function runData(): { engine: unknown; vu: unknown } {
  const e = new MetricsEngine({ thresholds: { iterations: ['count>0'], cdc_lag: ['p(95)<10'], 'checks{kind:read}': ['rate==1'] } });
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
  it("framed as k6's wrapper frames it, is exactly the summary the runtime prints by default", () => {
    const { engine, vu } = runData();
    const printed = renderTextSummary(engine, { enableColors: false, mode: 'compact' });
    expect(printed).toContain('█ THRESHOLDS');
    expect(printed).toContain('✗ row applied');
    expect(`\n${textSummary(vu, { indent: '', enableColors: false })}\n\n`).toBe(printed);
  });

  it('indent prefixes every non-empty line; blank lines stay blank', () => {
    const { vu } = runData();
    const plain = textSummary(vu, { indent: '', enableColors: false });
    const arrowed = textSummary(vu, { indent: '→ ', enableColors: false });
    expect(arrowed.split('\n')).toEqual(plain.split('\n').map((l) => (l === '' ? l : `→ ${l}`)));
  });

  it("defaults to the jslib's defaults: one space of indent, colours on", () => {
    const { vu } = runData();
    const d = textSummary(vu);
    expect(d).toBe(textSummary(vu, { indent: ' ', enableColors: true }));
    expect(d).toContain('\x1b[1mTOTAL RESULTS\x1b[0m');
    expect(d).toContain('\n   █ ');
    expect(textSummary(vu, { enableColors: false })).not.toContain('\x1b[');
  });

  it('summaryTrendStats / summaryTimeUnit options override the run options, as in the jslib', () => {
    const { vu } = runData();
    const t = textSummary(vu, { indent: '', enableColors: false, summaryTrendStats: ['max'], summaryTimeUnit: 's' });
    expect(t).toMatch(/cdc_lag\.+: max=0\.04s\n/);
  });
});
