// The `cdc-chaos` command: each subcommand <name> lives in src/cli/commands/<name>.ts and exports
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

const argv = hoistRootFlags(process.argv.slice(2));
const dir = fileURLToPath(new URL('./commands/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
// Only the command being run is loaded: the others pull in Docker, Kafka and MongoDB clients
// (~1 s of start-up that `run` does not need). Help and unknown commands still see them all.
const named = files.find((f) => f === `${argv[0]}.js`);
for (const file of named ? [named] : files.sort()) {
  const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as {
    register?: (p: Command) => void;
  };
  mod.register?.(program);
}

await program.parseAsync([...process.argv.slice(0, 2), ...argv]);
