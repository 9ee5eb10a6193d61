// Which faults a journal says are still active: pure, so it is unit-tested on hand-written
// journals. A fault is active from its fault_intent (journaled before it is applied) or its
// fault_start, until a clean fault_end, a `fault_healed` written by `cdc-chaos heal`, or a clean
// undo_all of its run (teardown undid everything). An end or undo that reported errors does not
// count: the fault may still be in place, and heal's undo is idempotent anyway.
import type { Primitive } from '../experiment/primitives.js';
import type { JournalEntry } from './journal.js';

export interface ActiveFault {
  runId: string;
  scenario?: string;
  fault: string;
  action?: string;
  target?: string;
  /** The recorded undo; undefined when the journal has none (then only `heal --all` can help). */
  undo?: Primitive[];
  since?: string;
}

function clean(e: JournalEntry): boolean {
  return !Array.isArray(e.errors) || e.errors.length === 0;
}

export function activeFaults(entries: JournalEntry[]): ActiveFault[] {
  const active = new Map<string, ActiveFault>();
  const key = (runId: string, fault: string) => `${runId}\u0000${fault}`;
  for (const e of entries) {
    const fault = typeof e.fault === 'string' ? e.fault : undefined;
    if ((e.event === 'fault_intent' || e.event === 'fault_start') && fault) {
      const k = key(e.run_id, fault);
      const known = active.get(k);
      // fault_start follows its intent: keep the intent's undo; alone it is an older journal.
      if (known) continue;
      active.set(k, {
        runId: e.run_id,
        fault,
        scenario: e.scenario,
        action: e.action,
        target: e.target,
        since: e.at,
        ...(Array.isArray(e.undo) ? { undo: e.undo } : {}),
      });
    } else if ((e.event === 'fault_end' || e.event === 'fault_healed') && fault && clean(e)) {
      active.delete(key(e.run_id, fault));
    } else if (e.event === 'undo_all' && clean(e)) {
      for (const [k, f] of active) if (f.runId === e.run_id) active.delete(k);
    }
  }
  return [...active.values()];
}
