// The end-of-test summary as k6 writes it (internal/js/summary-wrapper.js, cmd/run.go): the handleSummary result,
// or the default text summary when it is falsy, plus --summary-export's JSON under its path, all written by one writer.
import type { LogWriter } from '../log.js';
import { renderTextSummary } from '../summary/text.js';
import { legacyExport } from '../summary/export.js';
import { renderLegacyTextSummary } from '../summary/legacy-text.js';
import { writeSummaryResult, SUMMARY_FAILED } from '../summary-result.js';
import type { RunFlags } from './flags.js';

/** What handleSummary() gave: its targets, `undefined` (falsy or failed: the default summary), or `refused`. */
export type HandleSummaryResult = Record<string, unknown> | undefined | 'refused';

export interface SummaryContext {
  flags: Pick<RunFlags, 'summaryMode' | 'summaryExport' | 'noColor'>;
  logger: LogWriter;
  stdoutTTY: boolean;
}

/** Writes the summary targets; `handled` is handleSummary's outcome (undefined when the script has none). */
export function writeEndOfTestSummary(summaryData: unknown, handled: HandleSummaryResult, c: SummaryContext): void {
  // k6 options reference: --no-summary (summary-mode disabled) "disables end-of-test summary
  // generation, including calls to handleSummary() and --summary-export".
  if (c.flags.summaryMode === 'disabled' || handled === 'refused') return; // refused: k6 has no map to write
  const enableColors = c.stdoutTTY && !c.flags.noColor;
  const out = handled ?? {
    stdout:
      c.flags.summaryMode === 'legacy'
        ? renderLegacyTextSummary(summaryData, { enableColors })
        : renderTextSummary(summaryData, { enableColors, mode: c.flags.summaryMode === 'full' ? 'full' : 'compact' }),
  };
  if (c.flags.summaryExport) out[c.flags.summaryExport] = legacyExport(summaryData);
  const err = writeSummaryResult(out);
  if (err) c.logger.write('error', SUMMARY_FAILED, { error: err });
}
