// handleSummary()'s returned object → its targets: "stdout", "stderr" or a file path (relative to
// the working directory, overwritten); values must be strings or ArrayBuffers (k6 summary-wrapper.js).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function writeSummaryResult(out: Record<string, unknown>, logError: (msg: string) => void): void {
  for (const [target, value] of Object.entries(out)) {
    let buf: string | Uint8Array;
    if (typeof value === 'string') buf = value;
    else if (value instanceof ArrayBuffer) buf = new Uint8Array(value);
    else if (ArrayBuffer.isView(value)) buf = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    else {
      logError(`handleSummary(): the value for '${target}' must be a string or an ArrayBuffer`);
      continue;
    }
    if (target === 'stdout') process.stdout.write(buf);
    else if (target === 'stderr') process.stderr.write(buf);
    else {
      const p = resolve(target);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, buf);
    }
  }
}
