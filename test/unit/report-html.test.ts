// The HTML report: verdict first with failing thresholds by name, the chart as inline SVG with
// phases, faults and series, the integrity table with example keys, numbers equal to the summary
// data, and nothing that needs the network.
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/k6/report/html.js';
import { summaryOutputs } from '../../src/k6/report/outputs.js';
import { EMPTY_RECORD, latencyBuckets, onIntervals, ratePerSecond, thin } from '../../src/k6/report/run-record.js';
import type { HistoryEvent } from '../../src/experiment/history.js';
import { context, record, summary } from './report-fixtures.js';

const FAULT = { fault: 'crash.0.kill.cdc-mongodb', phase: 'crash', action: 'kill', target: 'cdc-mongodb' };
const HISTORY: HistoryEvent[] = [
  { event: 'fault_start', ms: 1000, ...FAULT, scheduled_ms: 6000, actual_ms: 6010, effect_ms: 6330 },
  { event: 'fault_end', ms: 2000, ...FAULT, scheduled_ms: 12000, actual_ms: 12020, effect_ms: 12100 },
];

function integrityRow(html: string, label: string): string {
  const m = new RegExp(`<tr[^>]*><td>${label}</td>(.*?)</tr>`).exec(html);
  if (!m) throw new Error(`no integrity row ${label}`);
  return m[1];
}

describe('htmlReport', () => {
  const html = htmlReport(summary(), context(), record());

  it('puts the verdict first and names every failing threshold', () => {
    const verdict = html.indexOf('id="verdict"');
    expect(verdict).toBeGreaterThan(0);
    expect(verdict).toBeLessThan(html.indexOf('<section'));
    expect(html).toContain('data-verdict="fail"');
    const block = html.slice(verdict, html.indexOf('<section', verdict));
    expect(block).toContain('3 of 9 thresholds failed');
    for (const name of ['cdc_lost', 'cdc_resurrected', 'cdc_out_of_order'])
      expect(block).toContain(`<code>${name}</code> <code>count==0</code>`);
    expect(block).not.toContain('cdc_stale');
  });

  it('says PASS when every threshold passed', () => {
    const s = summary();
    for (const m of Object.values(s.metrics)) for (const t of Object.values(m.thresholds ?? {})) t.ok = true;
    const out = htmlReport(s, context(), record());
    expect(out).toContain('data-verdict="pass"');
    expect(out).toContain('all 9 thresholds passed');
  });

  it('has an integrity table whose counts are the summary counters, with example keys', () => {
    expect(integrityRow(html, 'lost')).toContain('<td class="n" data-metric="cdc_lost">2</td>');
    expect(integrityRow(html, 'lost')).toContain('<code>customers/run-test-1-c-1-7</code>');
    expect(integrityRow(html, 'resurrected')).toContain('<code>customers/run-test-1-c-4-1</code>');
    expect(integrityRow(html, 'out of order')).toContain('data-metric="cdc_out_of_order">3</td>');
    expect(integrityRow(html, 'out of order')).toContain('run-test-1-hot-3');
    expect(integrityRow(html, 'redeliveries')).toContain('>17</td>');
    for (const label of ['stale', 'phantom', 'duplicated']) expect(integrityRow(html, label)).toContain('>0</td>');
    expect(html).toContain('1234 keys verified');
  });

  it('draws the timeline as inline SVG: every phase, the fault window and the series', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    for (const p of ['baseline', 'crash', 'outage', 'recovery', 'catchup']) expect(svg).toContain(`data-phase="${p}"`);
    expect(svg).toContain('data-fault="crash.0.kill.cdc-mongodb"');
    expect(svg).toContain('⚡ kill cdc-mongodb');
    for (const panel of ['Throughput', 'Consumer lag']) expect(svg).toContain(`data-panel="${panel}`);
    expect((svg.match(/<path d="M/g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(svg).toContain('CdcMongoUnreachable');
    expect(svg).toContain('never reached MongoDB');
  });

  it('shows recovery per fault, alert states and latency from the summary', () => {
    expect(html).toContain(
      '<td><code>crash.0.kill.cdc-mongodb</code></td><td>kill cdc-mongodb</td><td>6s–26s</td><td>not recorded</td><td class="n">1.00s</td><td class="n">4.20s</td><td class="n">9.00s</td>',
    );
    expect(html).toContain('fired, resolved');
    expect(html).toContain('10s–20s');
    expect(html).toContain(
      '<code>cdc_e2e_latency</code></td><td class="n">813ms</td><td class="n">95ms</td><td class="n">2.50s</td><td class="n">4.32s</td><td class="n">9.00s</td><td class="n">9.88s</td>',
    );
    expect(html).toContain('writes ok <b>5678</b>');
  });

  it('is self-contained: nothing is loaded from anywhere', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('renders without probe and verification records and says what is missing', () => {
    const out = htmlReport(summary(), context(), EMPTY_RECORD);
    expect(out).toContain('no probe time series for this run');
    expect(out).toContain('per-table detail not recorded');
    expect(integrityRow(out, 'lost')).toContain('data-metric="cdc_lost">2</td>');
  });

  it('escapes text from the run', () => {
    const r = record();
    r.verify!.tables.customers.examples.lost = ['<b>&"x'];
    expect(htmlReport(summary(), context(), r)).toContain('customers/&lt;b&gt;&amp;&quot;x');
  });
});

describe('summaryOutputs', () => {
  it('writes summary.json, the HTML report, JUnit XML, the history and the run journal next to each other', () => {
    const out = summaryOutputs(summary(), context(), 'reports', () => 'STANDARD', HISTORY);
    expect(Object.keys(out).sort()).toEqual([
      'reports/mongodb-failure-history.jsonl',
      'reports/mongodb-failure-journal.json',
      'reports/mongodb-failure-junit.xml',
      'reports/mongodb-failure-report.html',
      'reports/mongodb-failure-summary.json',
      'stdout',
    ]);
    expect(out['reports/mongodb-failure-history.jsonl'].split('\n')[0]).toBe(JSON.stringify(HISTORY[0]));
    const journal = JSON.parse(out['reports/mongodb-failure-journal.json']) as {
      verdict: { pass: boolean; failed: { metric: string }[] };
      faults: { in_effect_ms: number }[];
    };
    // The journal's verdict is the summary's thresholds.
    expect(journal.verdict.pass).toBe(false);
    expect(journal.verdict.failed.map((f) => f.metric).sort()).toEqual([
      'cdc_lost',
      'cdc_out_of_order',
      'cdc_resurrected',
    ]);
    expect(journal.faults[0].in_effect_ms).toBe(6330);
  });

  it('shows when the faults actually happened, from the history, not the plan', () => {
    const html = htmlReport(summary(), context(), record(), HISTORY);
    expect(html).toContain('<td>6s–26s</td><td>injected 6.0s → in effect 6.3s; healed 12.0s → 12.1s</td>');
    expect(html).toContain('<title>fault crash.0.kill.cdc-mongodb: 6.3s–12.1s (healed by action)</title>');
  });

  it('an instance of a split run names itself in every file and in its text; a load-only one points at the verdict', () => {
    const loadOnly = {
      ...summary(),
      setup_data: { runId: 'r', instance: { segment: '1/3:2/3', index: 1, count: 3, verifier: false } },
    };
    const out = summaryOutputs(loadOnly, context(), 'reports', () => 'STANDARD');
    expect(Object.keys(out).filter((k) => k !== 'stdout')).toHaveLength(5);
    for (const k of Object.keys(out).filter((k) => k !== 'stdout'))
      expect(k).toMatch(/^reports\/mongodb-failure-instance-2-of-3-[a-z]+\.[a-z]+$/);
    expect(out.stdout).toContain('instance 2-of-3 (segment 1/3:2/3): load share only');
    const verifier = {
      ...summary(),
      setup_data: { runId: 'r', instance: { segment: '0:1/3', index: 0, count: 3, verifier: true } },
    };
    expect(summaryOutputs(verifier, context(), 'reports', () => 'STANDARD').stdout).toContain(
      "instance 1-of-3 (segment 0:1/3): load share, fault plan, probes and the run's verification",
    );
  });

  it("prints the verdict first, then k6's standard summary as k6 frames it", () => {
    const out = summaryOutputs(summary(), context(), 'reports', () => 'STANDARD');
    expect(out.stdout).toMatch(/VERDICT: FAIL[\s\S]*\n\nSTANDARD\n\n$/);
  });
});

describe('series helpers', () => {
  it('turns a cumulative counter into per-second rates, tolerating a restart', () => {
    expect(
      ratePerSecond(
        [
          [0, 0],
          [1000, 10],
          [2000, 20],
          [3000, 5],
          [4000, 15],
        ],
        2000,
      ),
    ).toEqual([
      [2000, 10],
      [4000, 7.5],
    ]);
  });
  it('groups canary latencies by commit time and counts the missing ones', () => {
    const b = latencyBuckets(
      [
        [0, 10],
        [1000, 30],
        [2000, 20],
        [6000, null],
        [7000, 5],
      ],
      5000,
    );
    expect(b).toEqual([
      { t: 2500, p50: 20, p95: 30, max: 30, missing: 0 },
      { t: 7500, p50: 5, p95: 5, max: 5, missing: 1 },
    ]);
  });
  it('finds firing intervals and thins long series', () => {
    expect(
      onIntervals(
        [
          [0, 0],
          [5, 1],
          [9, 1],
          [12, 0],
          [20, 1],
        ],
        30,
      ),
    ).toEqual([
      [5, 12],
      [20, 30],
    ]);
    const long = Array.from({ length: 1000 }, (_, i) => [i, i] as [number, number]);
    const t = thin(long, 10);
    expect(t.length).toBe(10);
    expect(t[0]).toEqual([0, 0]);
    expect(t[9]).toEqual([999, 999]);
  });
});

describe('alerts section', () => {
  it('says why an alert rule was not judged (alert `for:` windows do not scale)', () => {
    const html = htmlReport(summary(), context(), record());
    expect(html).toContain('<td>skipped: CHAOS_TIME_SCALE 0.1 &lt; 1: alert &#39;for:&#39; windows do not scale</td>');
  });
});
