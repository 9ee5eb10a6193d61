// One `stack up`/`down` at a time per machine (container names are global): a lock file holding the owner's pid.
// A second caller waits (with a deadline) and then runs — usually finding nothing to do.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors.js';
import type { Progress } from './progress.js';

export const LOCK_FILE = join(tmpdir(), 'cdc-chaos-stack.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withStackLock<T>(
  what: string,
  log: Progress,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, `${process.pid}\n${what}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: number;
      try {
        owner = Number(readFileSync(LOCK_FILE, 'utf8').split('\n')[0]);
      } catch {
        continue; // released between our open and read
      }
      if (!owner || !alive(owner)) {
        rmSync(LOCK_FILE, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline) {
        throw new StackError(
          `another cdc-chaos stack command (pid ${owner}) has held ${LOCK_FILE} for too long`,
          `wait for it to finish, or stop it (kill ${owner}), then retry`,
        );
      }
      if (!told) log(`waiting for another stack command (pid ${owner}) to finish`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}
