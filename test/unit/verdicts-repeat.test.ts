import { describe, expect, it } from 'vitest';
import { verdictTable, type RepeatRun } from '../../bench/verdicts-repeat.js';

const run = (scenario: string, scale: string, code: number | null, verdict: string, wallMs: number): RepeatRun => ({
  scenario,
  scale,
  code,
  verdict,
  wallMs,
});

describe('verdicts:repeat table', () => {
  it('one row per scenario × scale with every run, and a line per run that did not exit 0', () => {
    const table = verdictTable([
      run('chaos-mongodb', '0.1', 0, 'VERDICT: PASS — all 21 thresholds passed', 42_950),
      run('chaos-mongodb', '0.2', 99, 'VERDICT: FAIL — chaos_recovery_time p(95)<60000', 80_000),
      run('chaos-mongodb', '0.1', 0, 'VERDICT: PASS — all 21 thresholds passed', 41_000),
      run('chaos-kafka-partition', '0.1', null, '', 600_000),
    ]).split('\n');
    expect(table.slice(2)).toEqual([
      '| chaos-mongodb | 0.1 | 2 | PASS PASS | 0 0 | 43.0 41.0 |',
      '| chaos-mongodb | 0.2 | 1 | FAIL | 99 | 80.0 |',
      '| chaos-kafka-partition | 0.1 | 1 | none | killed | 600.0 |',
      '- chaos-mongodb at 0.2: exit 99: VERDICT: FAIL — chaos_recovery_time p(95)<60000',
      '- chaos-kafka-partition at 0.1: exit killed: (no verdict printed)',
    ]);
  });
});
