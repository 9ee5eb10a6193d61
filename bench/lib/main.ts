// Lets every bench module run alone (`node out/bench/<name>.js`) as well as from the driver.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSection, saveSection, type Section } from './results.js';

/** True when the module at `url` is the process's entry script. */
export function isEntry(url: string): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** Standalone run: measure, print, keep the section for RESULTS.md (the driver re-renders it). */
export async function standalone(run: () => Promise<Section>): Promise<void> {
  const s = await run();
  printSection(s);
  saveSection(s);
}
