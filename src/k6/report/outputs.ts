// handleSummary's outputs: the text verdict on stdout and summary.json under the report directory.
// The hook for further formats (HTML report, JUnit XML — issue 6): add them here, as pure
// functions of the same summary data and context.

import type { SummaryData } from './summary-data.js';
import { textSummary, type ReportContext } from './text.js';

export function summaryOutputs(data: SummaryData, ctx: ReportContext, reportDir: string): Record<string, string> {
  if (data.setup_data?.dryRun) return { stdout: '' };
  return {
    stdout: textSummary(data, ctx),
    [`${reportDir}/${ctx.scenario.id}-summary.json`]: JSON.stringify(data, null, 2),
  };
}
