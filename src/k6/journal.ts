// The fault journal: one structured console line per event, so
// `k6 run --log-output=file=journal.log --log-format=json` (or cdc-chaos run) persists it; the
// safety tooling (heal) and the reports read it back. Every entry is also an event of the run's
// history (history-store.ts), sent at once: journaled events are few and each one matters.

import { redactSecrets } from '../experiment/redact.js';
import { SCENARIO } from './config.js';
import { recordHistory } from './history-store.js';
import type { JournalEvent } from '../experiment/history.js';

export function journal(runId: string, event: string, fields: Record<string, unknown>): void {
  const ms = Date.now();
  const entry = { event, scenario: SCENARIO.id, run_id: runId, at: new Date(ms).toISOString(), ...fields };
  console.log(redactSecrets(JSON.stringify({ cdc_chaos_journal: entry })));
  recordHistory(runId, JSON.parse(redactSecrets(JSON.stringify({ ...fields, event, ms }))) as JournalEvent, true);
}
