// Fault processes of the run still at work when the timeline ends: a redelivery's JVMs replay for seconds after
// their action, and a verification read before they are done judges a fault still under way (the two sides
// agree, the replayed changes are not in Kafka yet). The verifier waits for them first.

import { sleep } from 'k6';
import { faultProcess } from '../experiment/faults/index.js';
import { PLAN } from './config.js';
import { askTarget } from './target-probe.js';

/** `pgrep …` as one shell test, each word quoted (the pattern's own form keeps it from matching the asking shell). */
const shellTest = (argv: string[]) => argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** The plan's fault processes as (container, test) pairs, once each. */
function planProcesses(): { container: string; what: string; test: string }[] {
  const out = new Map<string, { container: string; what: string; test: string }>();
  for (const f of PLAN.faults) {
    for (const op of f.inject) {
      const proc = op.kind === 'exec' && op.process ? faultProcess(op.process) : undefined;
      if (op.kind === 'exec' && proc)
        out.set(`${op.container} ${proc.name}`, {
          container: op.container,
          what: proc.what,
          test: shellTest(proc.pgrep),
        });
    }
  }
  return Array.from(out.values());
}

/** Waits (up to `timeoutMs`) until none of the plan's fault processes runs; returns those still running
 *  ("redelivery in cdc-kafka"). A target that gives no answer is not waited for. */
export function awaitFaultProcesses(timeoutMs: number, tick: () => void): string[] {
  let pending = planProcesses();
  const started = Date.now();
  while (pending.length > 0) {
    pending = pending.filter((p) => askTarget(p.container, p.test) === true);
    if (pending.length === 0 || Date.now() - started >= timeoutMs) break;
    tick();
    sleep(1);
  }
  return pending.map((p) => `${p.what} in ${p.container}`);
}
