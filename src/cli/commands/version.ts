// `cdc-chaos version [--json]`: k6's `version` command (src/cli/version.ts).
import type { Command } from 'commander';
import { versionJson, versionText } from '../version.js';

export function register(program: Command): void {
  program
    .command('version')
    .description('Show application version')
    .option('--json', 'if set, output version information will be in JSON format')
    .action((o: { json?: boolean }) => {
      process.stdout.write(o.json ? versionJson() : versionText());
    });
}
