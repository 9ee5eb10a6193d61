// JUnit XML for CI systems: one test suite per run, one test case per threshold (classname = the
// metric, name = the expression); a failed threshold is a <failure> whose message is the
// expression and the observed value. A pure function of k6's summary data.

import { esc, fmtValue } from './markup.js';
import { thresholdResults, type SummaryData } from './summary-data.js';

export function junitReport(data: SummaryData, suiteName: string): string {
  const results = thresholdResults(data);
  const failures = results.filter((r) => !r.ok).length;
  const seconds = ((data.state?.testRunDurationMs ?? 0) / 1000).toFixed(3);
  const cases = results.map((r) => {
    const observed = fmtValue(r.observed, data.metrics[r.metric]?.contains === 'time');
    const head = `    <testcase classname="${esc(r.metric)}" name="${esc(`${r.metric} ${r.expression}`)}" time="0">`;
    if (r.ok) return `${head}<system-out>${esc(`observed ${observed}`)}</system-out></testcase>`;
    const message = `${r.metric}: ${r.expression} failed, observed ${observed}`;
    return `${head}\n      <failure message="${esc(message)}" type="threshold">${esc(message)}</failure>\n    </testcase>`;
  });
  const runId = data.setup_data?.runId;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdc-chaos" tests="${results.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${esc(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
    ...(runId ? [`    <properties><property name="run_id" value="${esc(runId)}"/></properties>`] : []),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
