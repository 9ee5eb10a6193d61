// handleSummary's outputs: the text verdict on stdout followed by k6's standard end-of-test summary
// (`standardSummary`, the jslib's textSummary in the bundle), and under the report directory
// summary.json, the self-contained HTML report and JUnit XML (one test case per threshold) — all
// pure functions of the same summary data and context, so their numbers agree.

import { htmlReport } from './html.js';
import { junitReport } from './junit.js';
import { EMPTY_RECORD, type RunRecord } from './run-record.js';
import type { SummaryData } from './summary-data.js';
import { textSummary, type ReportContext } from './text.js';

export function summaryOutputs(
  data: SummaryData,
  ctx: ReportContext,
  reportDir: string,
  standardSummary: (data: SummaryData) => string,
  record: RunRecord = EMPTY_RECORD,
): Record<string, string> {
  if (data.setup_data?.dryRun) return { stdout: '' };
  const base = `${reportDir}/${ctx.scenario.id}`;
  return {
    // k6's own summary is printed as k6's wrapper prints it: "\n" + text + "\n\n"
    stdout: `${textSummary(data, ctx)}\n${standardSummary(data)}\n\n`,
    [`${base}-summary.json`]: JSON.stringify(data, null, 2),
    [`${base}-report.html`]: htmlReport(data, ctx, record),
    [`${base}-junit.xml`]: junitReport(data, `cdc-chaos ${ctx.scenario.id}`),
  };
}
