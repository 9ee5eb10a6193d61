// A real run of dist/chaos-mongodb.js (CI time scale) writes summary.json, the HTML report and
// JUnit XML; the report's numbers must be summary.json's, and the report must render in a real
// headless Chromium (Debian's package, installed by scripts/setup.sh) with the chart visible:
// the screenshot is decoded and checked for content and for the chart's line colours.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLORS } from '../../src/k6/report/chart.js';
import { INTEGRITY_ROWS } from '../../src/k6/report/html.js';
import { fmtValue } from '../../src/k6/report/markup.js';
import { thresholdResults, type SummaryData } from '../../src/k6/report/summary-data.js';
import { runBundle, type RunResult } from './run-bundle.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM)
  console.error(
    "\n!!! report-browser: NO CHROMIUM FOUND (scripts/setup.sh installs Debian's chromium) — the browser checks are SKIPPED !!!\n",
  );

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

/** Pixels within a small distance of a colour (anti-aliasing blends the edges of 2 px lines). */
function pixelsNear(png: PNG, color: string): number {
  const [r, g, b] = hex(color);
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - r) + Math.abs(png.data[i + 1] - g) + Math.abs(png.data[i + 2] - b) < 30) n++;
  }
  return n;
}

function luminanceStdDev(png: PNG): number {
  let sum = 0;
  let sq = 0;
  const n = png.width * png.height;
  for (let i = 0; i < png.data.length; i += 4) {
    const l = 0.299 * png.data[i] + 0.587 * png.data[i + 1] + 0.114 * png.data[i + 2];
    sum += l;
    sq += l * l;
  }
  return Math.sqrt(sq / n - (sum / n) ** 2);
}

describe('HTML report of a real run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-report-'));
  let run: RunResult;
  let summary: SummaryData;
  let html: string;

  beforeAll(async () => {
    run = await runBundle(
      'dist/chaos-mongodb.js',
      ['-e', 'CHAOS_TIME_SCALE=0.1', '-e', `CHAOS_REPORT_DIR=${dir}`],
      {},
      840_000,
    );
    console.log(`report-browser: run exited ${run.code}; reports in ${dir}`);
    expect([0, 99], `the run must end with a verdict:\n${run.output.slice(-3000)}`).toContain(run.code);
    summary = JSON.parse(readFileSync(join(dir, 'mongodb-failure-summary.json'), 'utf8')) as SummaryData;
    html = readFileSync(join(dir, 'mongodb-failure-report.html'), 'utf8');
  });

  it('states the verdict the exit code gave, naming each failed threshold', () => {
    const failed = thresholdResults(summary).filter((r) => !r.ok);
    expect(html).toContain(`data-verdict="${run.code === 0 ? 'pass' : 'fail'}"`);
    expect(failed.length === 0).toBe(run.code === 0);
    const verdict = html.slice(html.indexOf('id="verdict"'), html.indexOf('<section'));
    for (const f of failed)
      expect(verdict).toContain(
        `<code>${f.metric.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`,
      );
  });

  it("has summary.json's numbers: integrity counts, thresholds, e2e latency", () => {
    for (const row of INTEGRITY_ROWS) {
      expect(html).toContain(`data-metric="${row.metric}">${summary.metrics[row.metric]?.values.count ?? 0}</td>`);
    }
    const rows = html.slice(html.indexOf('<section id="thresholds">'));
    expect((rows.match(/<tr/g) ?? []).length - 1).toBe(thresholdResults(summary).length);
    // Trends as the summary has them (cdc_e2e_latency only exists once a canary reached MongoDB).
    expect(summary.metrics.cdc_write_duration, 'the load wrote').toBeDefined();
    for (const name of ['cdc_write_duration', 'cdc_e2e_latency', 'chaos_detect_time']) {
      const m = summary.metrics[name];
      const row = `<code>${name}</code></td>${['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'].map((k) => `<td class="n">${fmtValue(m?.values[k], true)}</td>`).join('')}`;
      if (m) expect(html).toContain(row);
      else expect(html).not.toContain(`<code>${name}</code></td>`);
    }
    expect(html).toContain(`writes ok <b>${summary.metrics.cdc_writes?.values.count ?? 0}</b>`);
  });

  it("has a chart drawn from the probe's time series (the record reached handleSummary)", () => {
    expect(html).not.toContain('no probe time series');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('data-fault="crash.0.kill.cdc-mongodb"');
    expect((svg.match(/<path d="M[\d.]+,[\d.]+L/g) ?? []).length, 'series lines in the chart').toBeGreaterThanOrEqual(
      3,
    );
  });

  it('writes JUnit XML with one test case per threshold of summary.json', () => {
    const xml = readFileSync(join(dir, 'mongodb-failure-junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    const results = thresholdResults(summary);
    expect([].concat(suite.testcase).length).toBe(results.length);
    expect(Number(suite.failures)).toBe(results.filter((r) => !r.ok).length);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with the chart visible', () => {
    const png = join(dir, 'report.png');
    execFileSync(
      CHROMIUM as string,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'cdc-chaos-chromium-'))}`,
        `--screenshot=${png}`,
        '--window-size=1400,1800',
        `file://${join(dir, 'mongodb-failure-report.html')}`,
      ],
      { timeout: 120_000, stdio: 'ignore' },
    );
    console.log(`report-browser: screenshot ${png}`);
    const img = PNG.sync.read(readFileSync(png));
    expect([img.width, img.height]).toEqual([1400, 1800]);
    expect(luminanceStdDev(img), 'a blank page has no contrast').toBeGreaterThan(20);
    // The verdict banner and the chart's series lines are on screen.
    expect(pixelsNear(img, run.code === 0 ? '#1a7f37' : '#cf222e')).toBeGreaterThan(5000);
    expect(pixelsNear(img, COLORS.writes) + pixelsNear(img, COLORS.processed), 'throughput lines').toBeGreaterThan(200);
    expect(pixelsNear(img, COLORS.lag), 'lag line').toBeGreaterThan(100);
  });
});
