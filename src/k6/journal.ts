// The fault journal: one structured console line per event, so
// `k6 run --log-output=file=journal.log --log-format=json` (or cdc-chaos run) persists it; the
// safety tooling (heal) and the reports read it back.

import { redactSecrets } from '../experiment/redact.js';
import { SCENARIO } from './config.js';

export function journal(runId: string, event: string, fields: Record<string, unknown>): void {
  const entry = { event, scenario: SCENARIO.id, run_id: runId, at: new Date().toISOString(), ...fields };
  console.log(redactSecrets(JSON.stringify({ cdc_chaos_journal: entry })));
}
