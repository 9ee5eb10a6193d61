// `cdc-chaos guard [--interval 2s] [--once]`: heals every fault whose lease lapsed (its runner died
// without undoing it), one line per action; runs until SIGINT/SIGTERM (the local stack runs it as
// cdc-guard). --once: one pass, exit 0 when nothing failed. Reads PG_URL, DOCKER_HOST, TOXIPROXY_URL, CHAOS_ALLOW.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chaosEnv, type ChaosEnv } from '../../chaos/env.js';
import { Guard } from '../../chaos/guard.js';
import { formatDuration, parseDuration } from '../../experiment/duration.js';
import { redactSecrets } from '../../experiment/redact.js';
import { stackEndpoints } from '../../stack/env.js';

export interface GuardFlags {
  interval: string;
  once?: boolean;
  /** Touched after every pass that could read the leases: a container healthcheck's proof of life. */
  heartbeat?: string;
}

export async function guardCommand(o: GuardFlags, write: (line: string) => void, stop: AbortSignal): Promise<number> {
  let intervalMs: number;
  try {
    intervalMs = parseDuration(o.interval);
    if (intervalMs < 100) throw new Error(`"${o.interval}" is shorter than 100ms`);
  } catch (e) {
    write(`guard: --interval: ${(e as Error).message}`);
    return 2;
  }
  const pgUrl = process.env.PG_URL || stackEndpoints().PG_URL;
  const stamp = (line: string) => write(`${new Date().toISOString()} guard: ${line}`);
  let env: ChaosEnv;
  try {
    env = chaosEnv();
  } catch (e) {
    write(`guard: ${(e as Error).message}`);
    return 2;
  }
  const guard = new Guard({ env, pgUrl, write: stamp });
  try {
    if (o.once) {
      const r = await guard.pass();
      if (r.ok && r.healed === 0) stamp('no lapsed lease');
      return r.ok ? 0 : 1;
    }
    stamp(`healing faults whose lease lapsed, leases in ${redactSecrets(pgUrl)}, every ${formatDuration(intervalMs)}`);
    while (!stop.aborted) {
      // Passes START every interval (a pass that heals takes time itself): the bound stays lease + interval.
      const started = Date.now();
      if ((await guard.pass()).read && o.heartbeat) writeFileSync(o.heartbeat, `${new Date().toISOString()}\n`);
      await sleep(Math.max(0, started + intervalMs - Date.now()), undefined, { signal: stop }).catch(() => undefined);
    }
    stamp('stopped');
    return 0;
  } finally {
    guard.close();
  }
}

export function register(program: Command): void {
  program
    .command('guard')
    .description('heal every fault whose lease lapsed (its runner died): the stack runs it as cdc-guard')
    .option('--interval <duration>', 'poll interval', '2s')
    .option('--once', 'one pass, then exit (0 = nothing failed)')
    .option('--heartbeat <file>', 'touch this file after every pass that read the leases (for a healthcheck)')
    .action(async (o: GuardFlags) => {
      const stop = new AbortController();
      // A pass in progress finishes (its heals are idempotent anyway); the loop then ends.
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
      process.exitCode = await guardCommand(o, (line) => process.stdout.write(`${line}\n`), stop.signal);
    });
}
