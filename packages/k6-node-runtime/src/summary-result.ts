// handleSummary()'s returned object → its targets: "stdout", "stderr" or a file path (relative to
// the working directory, overwritten); values must be strings or ArrayBuffers (k6 summary-wrapper.js).
// As k6 v1.8.1 (internal/cmd/run.go handleSummaryResult): a file is opened with O_CREATE only — no
// folder is made — every target is tried, and the failures come back as one consolidated error.
import { writeFileSync } from 'node:fs';
import { goPathError } from './go-path-error.js';

export const SUMMARY_FAILED = 'failed to handle the end-of-test summary';

/** Writes every target; returns k6's consolidated error text, or undefined when all were written. */
export function writeSummaryResult(out: Record<string, unknown>): string | undefined {
  const errs: string[] = [];
  for (const [target, value] of Object.entries(out)) {
    let buf: string | Uint8Array;
    if (typeof value === 'string') buf = value;
    else if (value instanceof ArrayBuffer) buf = new Uint8Array(value);
    else if (ArrayBuffer.isView(value)) buf = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    else {
      errs.push(`the value for '${target}' must be a string or an ArrayBuffer`);
      continue;
    }
    if (target === 'stdout') process.stdout.write(buf);
    else if (target === 'stderr') process.stderr.write(buf);
    else {
      try {
        writeFileSync(target, buf);
      } catch (e) {
        errs.push(`could not open '${target}': ${goPathError('open', target, e)}`);
      }
    }
  }
  return errs.length
    ? ['Could not save some summary information:', ...errs.map((e) => `\t- ${e}`)].join('\n')
    : undefined;
}
