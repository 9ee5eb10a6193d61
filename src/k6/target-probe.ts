// Asks a yes/no question inside a target container. xk6-docker's exec returns neither output nor exit
// status, so a fault started by exec could be a silent no-op (no stress-ng in the image). The answer is
// made visible where xk6-docker can read it: the exec'd shell writes one marker line to the container's
// main process's stdout (/proc/1/fd/1), which Docker's log driver keeps, and containers.logs reads it back.

import { sleep } from 'k6';
import containers from 'k6/x/docker/containers';

/** true / false as the shell test said, or undefined when no answer came (no `sh`, no writable /proc/1/fd/1, no readable log). */
export function askTarget(container: string, shellTest: string, waitMs = 3000): boolean | undefined {
  const marker = `cdc-chaos-probe-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  containers.exec(container, {
    cmd: ['sh', '-c', `if ${shellTest}; then a=yes; else a=no; fi; echo "${marker} $a" > /proc/1/fd/1`],
  });
  for (let waited = 0; ; waited += 200) {
    const log = containers.logs(container, { show_stdout: true, show_stderr: false, tail: '500' });
    if (log.indexOf(`${marker} yes`) >= 0) return true;
    if (log.indexOf(`${marker} no`) >= 0) return false;
    if (waited >= waitMs) return undefined;
    sleep(0.2);
  }
}

/** A shell test that holds when every command exists in the target. */
export const haveCommands = (cmds: string[]): string => cmds.map((c) => `command -v ${c} >/dev/null 2>&1`).join(' && ');
