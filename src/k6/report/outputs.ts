// handleSummary's outputs: the text verdict on stdout followed by k6's standard end-of-test summary
// (`standardSummary`, the jslib's textSummary in the bundle), and under the report directory
// summary.json, the self-contained HTML report, JUnit XML (one test case per threshold), the run's
// history as JSON lines and its journal — all pure functions of the same summary data, context and
// history, so their numbers agree.

import type { HistoryEvent } from '../../experiment/history.js';
import { instanceLabel } from '../../experiment/instance.js';
import { historyJsonl, runJournal } from '../../experiment/run-journal.js';
import { htmlReport } from './html.js';
import { junitReport } from './junit.js';
import { recordFromHistory } from './run-record.js';
import { thresholdResults, type SummaryData } from './summary-data.js';
import { textSummary, type ReportContext } from './text.js';

export function summaryOutputs(
  data: SummaryData,
  ctx: ReportContext,
  reportDir: string,
  standardSummary: (data: SummaryData) => string,
  history: HistoryEvent[] = [],
): Record<string, string> {
  if (data.setup_data?.dryRun) return { stdout: '' };
  const setup = data.setup_data ?? {};
  // The instances of a split run write beside each other: each file names its instance.
  const split = setup.instance && setup.instance.count > 1 ? `-instance-${instanceLabel(setup.instance)}` : '';
  const base = `${reportDir}/${ctx.scenario.id}${split}`;
  const journal = runJournal({
    scenario: ctx.scenario,
    scale: ctx.scale,
    delivery: ctx.delivery,
    runId: setup.runId ?? '',
    seed: setup.seed ?? null,
    history,
    thresholds: thresholdResults(data),
  });
  return {
    // k6's own summary is printed as k6's wrapper prints it: "\n" + text + "\n\n"
    stdout: `${textSummary(data, ctx)}\n${standardSummary(data)}\n\n`,
    [`${base}-summary.json`]: JSON.stringify(data, null, 2),
    [`${base}-report.html`]: htmlReport(data, ctx, recordFromHistory(history), history),
    [`${base}-history.jsonl`]: historyJsonl(history),
    [`${base}-journal.json`]: JSON.stringify(journal, null, 2),
    [`${base}-junit.xml`]: junitReport(data, `cdc-chaos ${ctx.scenario.id}`),
  };
}
