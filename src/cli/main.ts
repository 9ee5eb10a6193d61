// The `cdc-chaos` command: each subcommand lives in src/cli/commands/<name>.ts and exports
// `register(program)`, so the areas (runtime, stack, chaos) stay apart.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const program = new Command('cdc-chaos')
  .description('Chaos-engineering harness for CDC pipelines: load, faults and PostgreSQL = MongoDB proof in one k6 run')
  .showHelpAfterError();

const dir = fileURLToPath(new URL('./commands/', import.meta.url));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as { register?: (p: Command) => void };
  mod.register?.(program);
}

await program.parseAsync(process.argv);
