// `cdc-chaos run [flags] script.js`: k6 v1.8.1's `k6 run`, whose command line the runtime package parses
// (k6-node-runtime/cli/run-command.ts); commander only hands it the arguments untouched.
import type { Command } from 'commander';
import { runCommand } from 'k6-node-runtime/cli/run-command.js';

export function register(program: Command): void {
  program
    .command('run')
    .description('Run a test: the command line of `k6 run` v1.8.1 (`cdc-chaos run -h`; docs/runtime.md)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument('[flags and script...]')
    .action(async (args: string[]) => {
      // Exit explicitly: a script's open handles must not keep the process alive after the summary.
      process.exit(await runCommand(args));
    });
}
