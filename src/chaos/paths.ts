// Where the commands find the project (scenarios/, dist/, build/, the stack's mounts) and the journals,
// whether they run transpiled (out/src/...) or from source (vitest: src/...).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module with the project's package.json. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'cdc-chaos')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the cdc-chaos project root (package.json) above this module');
    dir = up;
  }
}

/** Default journal directory: reports/ of the working directory (where run/inject write them). */
export const JOURNAL_DIR = 'reports';

export function journalPath(runId: string, dir = JOURNAL_DIR): string {
  return resolve(dir, `journal-${runId}.log`);
}

/** Every journal the default location holds (reports/journal-*.log), oldest name first. */
export function defaultJournals(dir = JOURNAL_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^journal-.*\.log$/.test(f))
    .sort()
    .map((f) => resolve(dir, f));
}
