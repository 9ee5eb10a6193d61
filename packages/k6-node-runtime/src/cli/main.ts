// `k6-node-runtime run [flags] script.js`: the package's own front door, `k6 run`'s command line (k6's root flags
// may come first, as in `k6 -q run x.js`). The harness's is `cdc-chaos run` (its src/cli/commands/run.ts).
import { EXIT_BAD_FLAGS, runCommand } from './run-command.js';
import { hoistRootFlags } from './run-flags.js';

const argv = hoistRootFlags(process.argv.slice(2));
if (argv[0] !== 'run') {
  process.stderr.write(
    `k6-node-runtime: unknown command ${JSON.stringify(argv[0] ?? '')}: use \`k6-node-runtime run [flags] script.js\` (\`run -h\` lists the flags)\n`,
  );
  process.exit(EXIT_BAD_FLAGS);
}
// Exit explicitly: a script's open handles must not keep the process alive after the summary.
process.exit(await runCommand(argv.slice(1)));
