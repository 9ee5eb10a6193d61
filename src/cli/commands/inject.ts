// `cdc-chaos inject <scenario|all|file.yml> [--dry-run] [-e K=V ...]`: the faults of an experiment
// without its load, for users who drive load with their own k6 script (the plan's
// chaos-resilience flow; chaos/run-chaos.sh wraps this). Same bundle, same fault code, same
// safety: allowlist preflight before any fault, journal on disk, undo on every exit path.
import { Command } from 'commander';
import { injectScenario } from '../../chaos/inject.js';
import { oneLine } from '../../bundle/scenario-file.js';
import { hasFaults, looksLikePath, resolveScenario, scenarioIds } from '../../chaos/scenarios.js';
import { parseDurationSetting } from '../../experiment/duration.js';
import { readSettings } from '../../experiment/settings.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

interface Raw {
  dryRun?: boolean;
  env?: string[];
  journal?: string;
  cooldown: string;
}

export function usage(ids: string[]): string {
  return [
    'usage: cdc-chaos inject <scenario|all|path/to/scenario.yml> [--dry-run] [-e KEY=VALUE ...]',
    'scenarios:',
    ...ids.map((id) => `  - ${id}`),
    '  - all: every scenario that fires faults, one after the other',
  ].join('\n');
}

function envPairs(list: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    if (i <= 0) return `-e must be KEY=VALUE (e.g. -e CHAOS_TIME_SCALE=0.1), got ${JSON.stringify(item)}`;
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

export async function injectCommand(arg: string, raw: Raw, write: (line: string) => void): Promise<number> {
  const ids = scenarioIds();
  const env = envPairs(raw.env ?? []);
  if (typeof env === 'string') {
    write(env);
    return 2;
  }
  let cooldownMs: number;
  try {
    cooldownMs = parseDurationSetting('--cooldown', raw.cooldown);
  } catch (e) {
    write((e as Error).message);
    return 2;
  }
  if (arg !== 'all' && !looksLikePath(arg) && ids.indexOf(arg) < 0) {
    write(`Unknown scenario: ${oneLine(arg)}`);
    write(usage(ids));
    return 2;
  }
  // Everything is validated before the first run starts: `all` never stops half-way on a typo.
  const names = arg === 'all' ? ids : [arg];
  const runs = [];
  for (const name of names) {
    const r = await resolveScenario(name);
    if (!r.ok) {
      write(`cdc-chaos inject: ${oneLine(name)} is not a valid scenario, nothing was touched:`);
      for (const line of r.problems) write(`  ${line}`);
      return 2;
    }
    for (const line of r.problems) write(line);
    try {
      // The bundle's own settings check, with the environment it will see (ours, then -e).
      readSettings({ ...process.env, ...env }, r.scenario);
    } catch (e) {
      write(`cdc-chaos inject: ${(e as Error).message}; nothing was touched`);
      return 2;
    }
    for (const n of r.notes) write(`note: ${n}`);
    if (arg !== 'all' || hasFaults(r.scenario)) runs.push(r);
  }
  if (arg === 'all' && raw.journal) {
    write('--journal names one file: with all, each scenario gets its own reports/journal-<run>.log');
    return 2;
  }
  for (const [i, r] of runs.entries()) {
    if (i > 0 && !raw.dryRun) {
      write(`cooling down ${raw.cooldown} before ${r.scenario.id}...`);
      await new Promise((res) => setTimeout(res, cooldownMs));
    }
    const res = await injectScenario({
      script: r.script,
      scenarioId: r.scenario.id,
      env,
      dryRun: raw.dryRun === true,
      journal: raw.journal,
      write,
    });
    if (res.code !== 0) {
      write(
        `cdc-chaos inject: ${r.scenario.id} ended with exit code ${res.code}${res.journal ? ` (journal ${res.journal})` : ''}`,
      );
      return res.code;
    }
    write(
      raw.dryRun
        ? `cdc-chaos inject: dry run of ${r.scenario.id}, nothing was touched`
        : `cdc-chaos inject: ${r.scenario.id} completed, every fault undone (journal ${res.journal})`,
    );
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('inject')
    .description(
      "inject a scenario's faults (no load: drive it with your own k6 script); all = every scenario with faults",
    )
    .argument('<scenario>', 'scenario name (see scenarios/), all, or a scenario file path')
    .option('--dry-run', 'print the resolved timeline (phase, time, action, target, parameters) and touch nothing')
    .option('-e, --env <KEY=VALUE>', 'environment for the bundle, e.g. CHAOS_TIME_SCALE=0.1 (repeatable)', collect)
    .option('--journal <file>', 'fault journal file (default reports/journal-<run>.log)')
    .option('--cooldown <duration>', 'pause between scenarios with all', '60s')
    .action(async (arg: string, raw: Raw) => {
      const code = await injectCommand(arg, raw, (line) => process.stderr.write(`${line}\n`));
      // Exit explicitly, as `run` does: a bundle's open handles must not keep the process alive. But
      // only once stderr has taken every line: on a full pipe Node queues writes, and exit drops them.
      process.stderr.write('', () => process.exit(code));
    });
}
