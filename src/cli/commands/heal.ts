// `cdc-chaos heal [--journal FILE ...] [--all] [--kubernetes [--run ID]]`: restore what fault journals say is still active
// (after a runner was SIGKILLed, a machine rebooted, ...), or with --all a global halt of every
// fault the harness can cause, journal or not. Ends with a check of what is still broken.
import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { chaosEnv, ChaosEnvError } from '../../chaos/env.js';
import { globalHalt, healJournals } from '../../chaos/heal.js';
import { chaosMeshLeftovers, clearChaosMesh, kubeEnv } from '../../chaos/kubernetes.js';
import { leftovers } from '../../chaos/leftovers.js';
import { defaultJournals, JOURNAL_DIR } from '../../chaos/paths.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export interface HealOptions {
  journal?: string[];
  all?: boolean;
  kubernetes?: boolean;
  run?: string;
}

/** --kubernetes: the journals' Chaos Mesh undos, then every resource of the run (or every run) deleted by label, then
 *  what is left listed; Docker and Toxiproxy are not looked at (a cluster has neither). */
async function healKubernetes(o: HealOptions, files: string[], write: (line: string) => void): Promise<number> {
  const k = kubeEnv();
  let ok = await healJournals(chaosEnv(), files, write);
  write(`  ok   ${await clearChaosMesh(k, k.namespace, o.run)}`);
  const left = await chaosMeshLeftovers(k, o.run);
  if (left.length === 0)
    write(
      `no leftover fault: no Chaos Mesh resource ${o.run ? `of run ${o.run}` : 'made by cdc-chaos'} in ${k.namespace}`,
    );
  else {
    write('still there:');
    for (const l of left) write(`  ${l}`);
    ok = false;
  }
  return ok ? 0 : 1;
}

export async function healCommand(o: HealOptions, write: (line: string) => void): Promise<number> {
  const missing = (o.journal ?? []).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    write(
      `heal: no such journal ${missing.join(', ')} (journals are written by cdc-chaos inject, or by run with --log-output=file=PATH)`,
    );
    return 2;
  }
  const dirs = (o.journal ?? []).filter((f) => !statSync(f).isFile());
  if (dirs.length > 0) {
    write(
      `heal: --journal ${dirs.join(', ')} is not a file: give the journal file itself (e.g. reports/journal-<run>.log)`,
    );
    return 2;
  }
  if (o.run !== undefined && !o.kubernetes) {
    write('heal: --run only applies with --kubernetes (journals name their own runs)');
    return 2;
  }
  const files = o.journal ?? defaultJournals();
  try {
    if (o.kubernetes) return await healKubernetes(o, files, write);
    const env = chaosEnv();
    let ok = true;
    if (o.all) {
      write('global halt:');
      for (const s of await globalHalt(env)) {
        write(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.what}: ${s.detail}`);
        ok &&= s.ok;
      }
    }
    if (files.length === 0 && !o.all)
      write(
        `heal: no journal given and none in ${JOURNAL_DIR}/ (journal-*.log): nothing recorded as active; use --all for a global halt`,
      );
    // After a halt the journals are still healed, so they record that nothing is active any more.
    ok = (await healJournals(env, files, write)) && ok;
    const left = await leftovers(env);
    if (left.length === 0)
      write(
        'no leftover fault: every allowlisted container runs unpaused, no toxic, every proxy enabled, no stress-ng or redelivery running',
      );
    else {
      write(
        `still faulted${o.all ? '' : ' (not recorded as active in these journals: another run in progress? `cdc-chaos heal --all` halts everything)'}:`,
      );
      for (const l of left) write(`  ${l}`);
      if (o.all) ok = false;
    }
    return ok ? 0 : 1;
  } catch (e) {
    write(e instanceof ChaosEnvError ? `heal: ${e.message}` : `heal failed: ${(e as Error).message}`);
    return 1;
  }
}

export function register(program: Command): void {
  program
    .command('heal')
    .description(
      'restore every fault a journal records as still active (default: reports/journal-*.log); --all: global halt',
    )
    .option('--journal <file>', 'fault journal to heal (repeatable)', collect)
    .option(
      '--all',
      'global halt: Toxiproxy reset, every allowlisted container unpaused and started, stress-ng and redeliveries stopped in each',
    )
    .option(
      '--kubernetes',
      'delete the Chaos Mesh resources cdc-chaos made in CHAOS_K8S_NAMESPACE (of --run, else of every run) through the API server',
    )
    .option('--run <id>', "with --kubernetes: only this run's resources (its CHAOS_RUN_ID)")
    .action(async (o: HealOptions) => {
      process.exitCode = await healCommand(o, (line) => process.stderr.write(`${line}\n`));
    });
}
