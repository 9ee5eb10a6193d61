// k6's pre-v1 ("legacy") text summary: grafana/k6-jslib-summary v0.1.0 `src/text.js` `textSummary` (what
// https://jslib.k6.io/k6-summary/0.1.0/index.js serves) and k6 v1.8.1's `--summary-mode=legacy` copy of it
// (`internal/js/summary-legacy.js` in `summary-wrapper.js`). The expected texts follow that code; "text.js:N" below
// is the line of src/text.js at tag v0.1.0 each expectation comes from.
import { describe, expect, it } from 'vitest';
import { legacyTextSummary, renderLegacyTextSummary } from '../../src/summary/legacy-text.js';

const STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

/** handleSummary `data` as k6 hands it over (internal/js/summary.go summarizeMetricsToObject / exportGroup). */
function data() {
  const check = (name: string, passes: number, fails: number) => ({ name, path: `::${name}`, id: name, passes, fails });
  return {
    root_group: {
      name: '',
      path: '',
      id: 'root',
      groups: [
        {
          name: 'read path',
          path: '::read path',
          id: 'g1',
          groups: [
            { name: 'inner', path: '::read path::inner', id: 'g2', groups: [], checks: [check('deep ok', 1, 0)] },
          ],
          checks: [check('row applied', 2, 1)],
        },
        { name: 'empty', path: '::empty', id: 'g3', groups: [], checks: [] },
      ],
      checks: [check('status is 200', 10, 0)],
    },
    options: { summaryTrendStats: STATS, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2000 },
    metrics: {
      vus: { type: 'gauge', contains: 'default', values: { value: 1, min: 1, max: 12 } },
      iterations: {
        type: 'counter',
        contains: 'default',
        values: { count: 2, rate: 1 },
        thresholds: { 'count>0': { ok: true } },
      },
      checks: {
        type: 'rate',
        contains: 'default',
        values: { rate: 13 / 14, passes: 13, fails: 1 },
        thresholds: { 'rate>0.9': { ok: true } },
      },
      'checks{kind:read}': {
        type: 'rate',
        contains: 'default',
        values: { rate: 2 / 3, passes: 2, fails: 1 },
        thresholds: { 'rate==1': { ok: false } },
      },
      data_received: { type: 'counter', contains: 'data', values: { count: 1234567, rate: 617283.5 } },
      http_req_duration: {
        type: 'trend',
        contains: 'time',
        values: { avg: 12.345, min: 1.5, med: 10, max: 120.5, 'p(90)': 50.25, 'p(95)': 99.999 },
        thresholds: { 'p(95)<100': { ok: true }, 'avg<10': { ok: false } },
      },
      'http_req_duration{expected_response:true}': {
        type: 'trend',
        contains: 'time',
        values: { avg: 8, min: 1.5, med: 7, max: 120.5, 'p(90)': 20, 'p(95)': 30 },
      },
      iteration_duration: {
        type: 'trend',
        contains: 'time',
        values: { avg: 1500, min: 999.9999, med: 1500, max: 61000, 'p(90)': 0.5, 'p(95)': 0.0005 },
      },
      cdc_writes: { type: 'counter', contains: 'default', values: { count: 21, rate: 10.5 } },
    },
    setup_data: undefined,
  };
}

// The whole text without colours and with the default indent ' ' (text.js:24-29 defaultOptions).
const PLAIN = [
  // text.js:437: groups start at indent + 4 spaces; text.js:80-83 a passing check is `✓ name`
  '     ✓ status is 200',
  // text.js:121-123: a blank line after a group's checks
  '',
  // text.js:113-116: a named group's header ends in "\n" (so a blank line follows) and indents its content by 2
  '     █ read path',
  '',
  // text.js:85-108: a failing check, then `↳  <floor %>% — ✓ passes / ✗ fails` one space further in
  '       ✗ row applied',
  '        ↳  66% — ✓ 2 / ✗ 1',
  '',
  '       █ inner',
  '',
  '         ✓ deep ok',
  '',
  // a group without checks: only its header
  '     █ empty',
  '',
  // text.js:265, 403-411: metrics at indent + 2, then the threshold mark (a space without thresholds), a space,
  // the name and dots to the longest name (+3, text.js:398), ":" and the values; text.js:323-333 sorts by parent
  // name, then sub-metric. text.js:242-246, 355-357: a counter's count padded to the widest value, then `rate/s`.
  '     cdc_writes.....................: 21     10.5/s',
  // text.js:253-258: a rate's % (truncated, text.js:226-228) and ✓ passes ✗ fails, each padded to its column
  // (text.js:359-365, so the last one has trailing spaces); text.js:378-382: all thresholds passed → ✓
  '   ✓ checks.........................: 92.85% ✓ 13     ✗ 1   ',
  // text.js:134-147: a sub-metric is `{ selector }`, indented 2 before its mark; text.js:383-390: a failed threshold → ✗
  '     ✗ { kind:read }................: 66.66% ✓ 2      ✗ 1   ',
  // text.js:149-166: decimal bytes, one decimal below 10
  '     data_received..................: 1.2 MB 617 kB/s',
  // text.js:336-346: trend stats `stat=value`, each padded to its column's widest; one failed threshold of two → ✗
  '   ✗ http_req_duration..............: avg=12.34ms min=1.5ms    med=10ms max=120.5ms p(90)=50.25ms p(95)=99.99ms',
  '       { expected_response:true }...: avg=8ms     min=1.5ms    med=7ms  max=120.5ms p(90)=20ms    p(95)=30ms   ',
  // text.js:178-211: truncated durations: s, ms, m+s (no decimals past a minute), µs, ns
  '     iteration_duration.............: avg=1.5s    min=999.99ms med=1.5s max=1m1s    p(90)=500µs   p(95)=500ns  ',
  '   ✓ iterations.....................: 2      1/s',
  // text.js:247-252: a gauge's value, then min= and max= padded like a rate's counts
  '     vus............................: 1      min=1    max=12',
].join('\n');

describe('legacyTextSummary (jslib k6-summary 0.1.0 textSummary)', () => {
  it('renders groups, checks and the sorted metric list exactly', () => {
    expect(legacyTextSummary(data(), { enableColors: false })).toBe(PLAIN);
  });

  it('colours as the jslib decorates: \\x1b[<color>;<style>m (text.js:425-432)', () => {
    const lines = legacyTextSummary(data()).split('\n');
    const g = '\x1b[32m';
    const r = '\x1b[31m';
    const z = '\x1b[0m';
    const dim = '\x1b[2m';
    const c = (s: string): string => `\x1b[36m${s}${z}`;
    const cf = (s: string): string => `\x1b[36;2m${s}${z}`;
    // text.js:82: the indent is inside a check's colour; text.js:85-108: both lines of a failing check in one red run
    expect(lines[0]).toBe(`${g}     ✓ status is 200${z}`);
    expect(lines[4]).toBe(`${r}       ✗ row applied`);
    expect(lines[5]).toBe(`        ↳  66% — ✓ 2 / ✗ 1${z}`);
    // text.js:379-388: green ✓ / red ✗ marks; text.js:397-400: faint dots; text.js:349-365: cyan values, cyan+faint extras
    expect(lines[14]).toBe(
      `   ${g}✓${z} checks${dim}.........................:${z} ${c('92.85%')} ${cf('✓ 13')}     ${cf('✗ 1')}   `,
    );
    expect(lines[15]).toBe(
      `     ${r}✗${z} { kind:read }${dim}................:${z} ${c('66.66%')} ${cf('✓ 2')}      ${cf('✗ 1')}   `,
    );
    expect(lines[13]).toBe(`     cdc_writes${dim}.....................:${z} ${c('21')}     ${cf('10.5/s')}`);
    // text.js:340-345: padding after the coloured value, outside the colour
    expect(lines[20]).toBe(`   ${g}✓${z} iterations${dim}.....................:${z} ${c('2')}      ${cf('1/s')}`);
    expect(lines[18]).toBe(
      `       { expected_response:true }${dim}...:${z} avg=${c('8ms')}     min=${c('1.5ms')}    med=${c('7ms')}  max=${c('120.5ms')} p(90)=${c('20ms')}    p(95)=${c('30ms')}   `,
    );
    // the default is colours on (text.js:26)
    expect(legacyTextSummary(data(), {})).toBe(lines.join('\n'));
  });

  it('indent prefixes every non-blank line (text.js:265, 437); the blank ones stay empty (text.js:114, 122)', () => {
    const arrowed = legacyTextSummary(data(), { indent: '→ ', enableColors: false });
    expect(arrowed.split('\n')).toEqual(PLAIN.split('\n').map((l) => (l === '' ? l : `→ ${l.slice(1)}`)));
  });

  it('options override data.options, which override the defaults (text.js:418 Object.assign)', () => {
    const t = legacyTextSummary(data(), {
      enableColors: false,
      indent: '',
      summaryTimeUnit: 's',
      summaryTrendStats: ['p(95)', 'max'],
    });
    // text.js:213-221: a fixed unit prints two decimals
    expect(t).toContain('\n  ✗ http_req_duration..............: p(95)=0.10s max=0.12s \n');
    expect(t).toContain('\n      { expected_response:true }...: p(95)=0.03s max=0.12s \n');
    expect(t).toContain('\n    iteration_duration.............: p(95)=0.00s max=61.00s\n');
    const fromData = data();
    fromData.options.summaryTimeUnit = 'us';
    expect(legacyTextSummary(fromData, { enableColors: false })).toContain(
      ': avg=12345.00µs   min=1500.00µs   med=10000.00µs   max=120500.00µs ',
    );
    // Object.assign copies an explicit undefined: the indent becomes the text "undefined", as in the jslib
    expect(legacyTextSummary(data(), { enableColors: false, indent: undefined }).split('\n')[0]).toBe(
      'undefined    ✓ status is 200',
    );
  });

  it('throws where the jslib throws: no trend stats, or a count the data lacks (text.js:277, 293-294)', () => {
    expect(() => legacyTextSummary(data(), { summaryTrendStats: null })).toThrow(TypeError);
    expect(() => legacyTextSummary(data(), { summaryTrendStats: ['count'] })).toThrow(TypeError);
  });
});

describe("renderLegacyTextSummary (k6 v1.8.1 --summary-mode=legacy's default summary)", () => {
  it('frames the text as summary-wrapper.js does and counts a rate as "N out of M" (summary-legacy.js)', () => {
    const text = renderLegacyTextSummary(data(), { enableColors: false });
    expect(text.startsWith('\n     ✓ status is 200\n')).toBe(true);
    // every metric's first extra shares one column width (text.js:313-319), here the rates' "13 out of 14"
    expect(text.endsWith('\n     vus............................: 1      min=1        max=12\n\n')).toBe(true);
    expect(text).toContain('\n   ✓ checks.........................: 92.85% 13 out of 14\n');
    expect(text).toContain('\n     ✗ { kind:read }................: 66.66% 2 out of 3\n');
  });
});
