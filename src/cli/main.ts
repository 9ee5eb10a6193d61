// The `cdc-chaos` command: each subcommand lives in src/cli/commands/<name>.ts and exports
// `register(program)`, so the areas (runtime, stack, chaos) stay apart. `run` and `version`
// take k6's command line (k6 v1.8.1), so k6's root flags may also come before `run`.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hoistRootFlags } from 'k6-node-runtime/cli/run-flags.js';
import { versionText } from './version.js';

const program = new Command('cdc-chaos')
  .description('Chaos-engineering harness for CDC pipelines: load, faults and PostgreSQL = MongoDB proof in one k6 run')
  .version(versionText().trimEnd(), '--version', 'Show version information')
  .enablePositionalOptions()
  .showHelpAfterError();

const dir = fileURLToPath(new URL('./commands/', import.meta.url));
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .sort()) {
  const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as {
    register?: (p: Command) => void;
  };
  mod.register?.(program);
}

await program.parseAsync([...process.argv.slice(0, 2), ...hoistRootFlags(process.argv.slice(2))]);
