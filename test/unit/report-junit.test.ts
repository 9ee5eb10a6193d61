// JUnit XML: well-formed, one test case per threshold, failures carry the expression and the
// observed value from the summary data.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitReport } from '../../src/k6/report/junit.js';
import { thresholdResults } from '../../src/k6/report/summary-data.js';
import { summary } from './report-fixtures.js';

describe('junitReport', () => {
  const data = summary();
  const xml = junitReport(data, 'cdc-chaos mongodb-failure');
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const suite = parsed.testsuites.testsuite;
  const cases = Array.isArray(suite.testcase) ? suite.testcase : [suite.testcase];

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one test case per threshold and the right totals', () => {
    const thresholds = thresholdResults(data);
    expect(cases.length).toBe(thresholds.length);
    expect(cases.map((c: { name: string }) => c.name).sort()).toEqual(
      thresholds.map((t) => `${t.metric} ${t.expression}`).sort(),
    );
    expect(suite.tests).toBe(String(thresholds.length));
    expect(suite.failures).toBe('3');
    expect(parsed.testsuites.failures).toBe('3');
    expect(suite.time).toBe('41.000');
  });

  it('fails exactly the failed thresholds, with expression and observed value', () => {
    const failed = cases.filter((c: { failure?: unknown }) => c.failure !== undefined);
    expect(failed.map((c: { classname: string }) => c.classname).sort()).toEqual([
      'cdc_lost',
      'cdc_out_of_order',
      'cdc_resurrected',
    ]);
    const lost = failed.find((c: { classname: string }) => c.classname === 'cdc_lost');
    expect(lost.failure.message).toBe('cdc_lost: count==0 failed, observed 2');
    const ok = cases.find((c: { classname: string }) => c.classname === 'chaos_recovery_time');
    expect(ok['system-out']).toBe('observed 4.20s');
  });

  it('escapes names', () => {
    const d = summary();
    d.metrics['chaos_validation{rule:a<b&"c"}'] = {
      type: 'rate',
      contains: 'default',
      values: { rate: 0 },
      thresholds: { 'rate==1': { ok: false } },
    };
    const out = junitReport(d, 'x');
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('chaos_validation{rule:a&lt;b&amp;&quot;c&quot;}');
  });
});
