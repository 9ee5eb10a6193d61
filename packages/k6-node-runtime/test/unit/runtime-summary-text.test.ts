// End-of-test text summary. Follows the k6 v1 layout of grafana/k6 `internal/js/summary.js` + `summary-wrapper.js`
// (stdout = "\n" + textSummary + "\n\n") and https://grafana.com/docs/k6/latest/results-output/end-of-test/ .
import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../src/metrics/engine.js';
import type { Sample } from '../../src/metrics/types.js';
import {
  humanizeBytes,
  humanizeDuration,
  humanizeGenericDuration,
  humanizeValue,
  strWidth,
} from '../../src/summary/format.js';
import { renderTextSummary } from '../../src/summary/text.js';

const s = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({
  metric,
  time: 0,
  value,
  tags,
});
const state = (ms: number) => ({ testRunDurationMs: ms, isStdOutTTY: false, isStdErrTTY: false });

describe('value formatting (k6 humanizeValue)', () => {
  it('durations are truncated and unit-scaled like k6', () => {
    expect(humanizeGenericDuration(0)).toBe('0s');
    expect(humanizeGenericDuration(0.0005)).toBe('500ns');
    expect(humanizeGenericDuration(0.0123456)).toBe('12.34µs');
    expect(humanizeGenericDuration(1.23456)).toBe('1.23ms');
    expect(humanizeGenericDuration(999.999)).toBe('999.99ms');
    expect(humanizeGenericDuration(1234.5)).toBe('1.23s');
    expect(humanizeGenericDuration(1000)).toBe('1s');
    expect(humanizeGenericDuration(90_500)).toBe('1m30s');
    expect(humanizeGenericDuration(3_723_000)).toBe('1h2m3s');
    expect(humanizeDuration(1234.5, 'ms')).toBe('1234.50ms');
    expect(humanizeDuration(1234.5, 's')).toBe('1.23s');
    expect(humanizeDuration(1.5, 'us')).toBe('1500.00µs');
  });
  it('bytes are decimal units, rates are truncated percentages, plain values keep ≤ 6 decimals', () => {
    expect(humanizeBytes(9)).toBe('9 B');
    expect(humanizeBytes(812)).toBe('812 B');
    expect(humanizeBytes(1234)).toBe('1.2 kB');
    expect(humanizeBytes(31_000)).toBe('31 kB');
    expect(humanizeBytes(1_300_000)).toBe('1.3 MB');
    expect(humanizeValue(0.66666, { type: 'rate', contains: 'default' })).toBe('66.66%');
    expect(humanizeValue(1, { type: 'rate', contains: 'default' })).toBe('100.00%');
    expect(humanizeValue(1 / 3, { type: 'counter', contains: 'default' })).toBe('0.333333');
    expect(humanizeValue(2, { type: 'counter', contains: 'default' })).toBe('2');
  });
  it('measures width without ANSI escapes', () => {
    expect(strWidth('\x1b[2;37m....:\x1b[0m')).toBe(5);
    expect(strWidth('✓ ok')).toBe(4);
  });
});

describe('renderTextSummary', () => {
  it('renders TOTAL RESULTS with checks_* lines, the checks, and sections (exact layout)', () => {
    const e = new MetricsEngine();
    e.addSamples([
      s('iterations', 1),
      s('iterations', 1),
      s('checks', 1, { check: 'ok', group: '' }),
      s('checks', 1, { check: 'ok', group: '' }),
    ]);
    const data = e.summaryData(state(2000), undefined, {});
    const text = renderTextSummary(data, { enableColors: false, mode: 'compact' });
    expect(text).toBe(
      [
        '',
        '',
        '  █ TOTAL RESULTS ',
        '',
        '    checks_total.......................: 2       1/s',
        '    checks_succeeded...................: 100.00% 2 out of 2',
        '    checks_failed......................: 0.00%   0 out of 2',
        '',
        '    ✓ ok',
        '',
        '    EXECUTION',
        '    iterations.............: 2 1/s',
        '',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('renders thresholds (sub-metrics nested under their parent), trend columns and failing checks', () => {
    const e = new MetricsEngine({
      thresholds: {
        http_req_duration: ['p(95)<200'],
        'http_req_duration{status:500}': ['max<100'],
        checks: ['rate>0.9'],
      },
    });
    e.addSamples([
      s('http_req_duration', 100, { status: '200', expected_response: 'true' }),
      s('http_req_duration', 300, { status: '500', expected_response: 'false' }),
      s('checks', 1, { check: 'status is 200' }),
      s('checks', 0, { check: 'status is 200' }),
    ]);
    e.evaluate(1000, true);
    const text = renderTextSummary(e.summaryData(state(1000), undefined, {}), { enableColors: false, mode: 'compact' });
    const lines = text.split('\n');
    const th = lines.indexOf('  █ THRESHOLDS ');
    expect(th).toBe(2);
    expect(lines.slice(th + 1, th + 13)).toEqual([
      '',
      '    checks',
      "    ✗ 'rate>0.9' rate=50.00%",
      '',
      '    http_req_duration',
      "    ✗ 'p(95)<200' p(95)=290ms",
      '',
      '      {status:500}',
      "      ✗ 'max<100' max=300ms",
      '',
      '',
      '  █ TOTAL RESULTS ',
    ]);
    expect(text).toContain('    ✗ status is 200\n      ↳  50% — ✓ 1 / ✗ 1\n');
    expect(text).toContain('    HTTP\n    http_req_duration');
    expect(text).toMatch(
      /\n {6}\{ expected_response:true \}\.+: avg=100ms min=100ms med=100ms max=100ms p\(90\)=100ms p\(95\)=100ms\n/,
    );
    expect(text).toMatch(
      /\n {4}http_req_duration\.+: avg=200ms min=100ms med=200ms max=300ms p\(90\)=280ms p\(95\)=290ms\n/,
    );
  });

  it('aligns every metric section on shared columns (name dots, values, trend stats)', () => {
    const e = new MetricsEngine();
    e.declare('custom_waiting_time', 'trend', 'default');
    e.addSamples([
      s('custom_waiting_time', 152.355556),
      s('http_req_duration', 140.36, { expected_response: 'true' }),
      s('http_reqs', 1),
    ]);
    const text = renderTextSummary(e.summaryData(state(1000), undefined, {}), { enableColors: false, mode: 'compact' });
    const lines = text.split('\n').filter((l) => l.includes('.:'));
    const colon = lines.map((l) => l.indexOf(': '));
    expect(new Set(colon).size).toBe(1);
    const custom = lines.find((l) => l.includes('custom_waiting_time'))!;
    const http = lines.find((l) => l.includes('http_req_duration'))!;
    expect(custom.indexOf('min=')).toBe(http.indexOf('min='));
    expect(custom).toContain('avg=152.355556 min=');
  });

  it('compact hides group_duration and the http_req_* timing breakdown; full shows them plus GROUP/SCENARIO sections', () => {
    const mk = (mode: 'compact' | 'full') => {
      const e = new MetricsEngine({ summaryMode: mode });
      e.addSamples([
        s('http_req_waiting', 5, { scenario: 'default', group: '::login' }),
        s('group_duration', 10, { scenario: 'default', group: '::login' }),
        s('checks', 1, { scenario: 'default', group: '::login', check: 'logged in' }),
        s('iterations', 1, { scenario: 'writers' }),
      ]);
      return renderTextSummary(e.summaryData(state(1000), undefined, {}), { enableColors: false, mode });
    };
    const compact = mk('compact');
    expect(compact).not.toContain('http_req_waiting');
    expect(compact).not.toContain('group_duration');
    expect(compact).not.toContain('GROUP:');
    const full = mk('full');
    expect(full).toContain('http_req_waiting');
    expect(full).not.toContain('group_duration.');
    expect(full).toContain('  █ GROUP: login \n');
    expect(full).toContain('  █ SCENARIO: writers \n');
    const group = full.slice(full.indexOf('█ GROUP: login'), full.indexOf('█ SCENARIO'));
    expect(group).toContain('✓ logged in');
    expect(group).toContain('http_req_waiting');
    expect(full.slice(full.indexOf('█ SCENARIO'))).toContain('iterations');
  });

  it('custom metrics come first; gauges show min/max; colors use k6 ANSI codes', () => {
    const e = new MetricsEngine();
    e.declare('pg_lag', 'gauge', 'default');
    e.declare('bytes_moved', 'counter', 'data');
    e.addSamples([s('pg_lag', 3), s('pg_lag', 1), s('bytes_moved', 2048), s('vus', 2)]);
    const text = renderTextSummary(e.summaryData(state(1000), undefined, {}), { enableColors: false, mode: 'compact' });
    expect(text.indexOf('CUSTOM')).toBeLessThan(text.indexOf('EXECUTION'));
    expect(text).toMatch(/bytes_moved\.+: 2\.0 kB 2\.0 kB\/s\n/);
    // extras are padded to the widest extra of the same column in the section (bytes_moved's "2.0 kB/s")
    expect(text).toMatch(/\n {4}pg_lag\.+: 1 {6}min=1 {4}max=3\n/);
    const colored = renderTextSummary(e.summaryData(state(1000), undefined, {}), {
      enableColors: true,
      mode: 'compact',
    });
    expect(colored).toContain('\x1b[1mTOTAL RESULTS\x1b[0m');
    expect(colored).toContain('\x1b[36m2\x1b[0m');
    expect(colored).toMatch(/\x1b\[2;37m\.+:\x1b\[0m/);
  });

  it('honours summaryTrendStats and summaryTimeUnit', () => {
    const e = new MetricsEngine({ summaryTrendStats: ['min', 'p(99)', 'count'] });
    e.addSamples([s('iteration_duration', 1500), s('iteration_duration', 2500)]);
    const text = renderTextSummary(e.summaryData(state(1000), undefined, { summaryTimeUnit: 'ms' }), {
      enableColors: false,
      mode: 'compact',
    });
    expect(text).toMatch(/iteration_duration\.+: min=1500\.00ms p\(99\)=2490\.00ms count=2\n/);
  });
});
