// The fault journal read back in every form a runner persists it, and the pure "still active"
// computation heal relies on.
import { describe, expect, it } from 'vitest';
import { activeFaults } from '../../src/chaos/active.js';
import { journalLine, parseJournal, parseJournalLine, type JournalEntry } from '../../src/chaos/journal.js';
import { planFaults, undoAll } from '../../src/experiment/fault-plan.js';
import { validateScenario } from '../../src/experiment/schema.js';

const intent = (run: string, fault: string, target = 'cdc-consumer'): JournalEntry => ({
  event: 'fault_intent',
  run_id: run,
  scenario: 's',
  fault,
  action: 'pause',
  target,
  at: '2026-01-01T00:00:00Z',
  undo: [{ kind: 'container_ensure_running', container: target }],
});
const ev = (event: string, run: string, fault?: string, errors?: string[]): JournalEntry => ({
  event,
  run_id: run,
  ...(fault ? { fault } : {}),
  ...(errors ? { errors } : {}),
});
const bare = (e: JournalEntry) => JSON.stringify({ cdc_chaos_journal: e });

describe('journal lines', () => {
  const e = intent('r1', 'f.0.pause.cdc-consumer');

  it('reads the bare console line', () => {
    expect(parseJournalLine(bare(e))).toEqual(e);
  });

  it('reads --log-format json (the line is the msg of a log record)', () => {
    const line = JSON.stringify({ level: 'info', msg: bare(e), source: 'console', time: '2026-01-01T00:00:00Z' });
    expect(parseJournalLine(line)).toEqual(e);
  });

  it('reads logfmt text (msg="…" quoted)', () => {
    const line = `time="2026-01-01T00:00:00Z" level=info msg=${JSON.stringify(bare(e))} source=console`;
    expect(parseJournalLine(line)).toEqual(e);
  });

  it('reads a line with a prefix before the JSON', () => {
    expect(parseJournalLine(`INFO[0003] ${bare(e)}`)).toEqual(e);
  });

  it('ignores other log lines and reports a torn last line instead of failing', () => {
    const full = JSON.stringify({ level: 'info', msg: bare(e), source: 'console' });
    const text = [
      '{"level":"info","msg":"cdc-chaos: scenario x","source":"console"}',
      full,
      'plain text',
      full.slice(0, 60),
    ].join('\n');
    const parsed = parseJournal(text);
    expect(parsed.entries).toEqual([e]);
    expect(parsed.torn).toEqual([4]);
  });

  it('entries without event or run_id are not journal entries', () => {
    expect(parseJournalLine(JSON.stringify({ cdc_chaos_journal: { event: 'x' } }))).toBeUndefined();
    expect(parseJournalLine('{"cdc_chaos_journal": 5}')).toBeUndefined();
  });

  it('journalLine writes what parseJournalLine reads', () => {
    expect(parseJournalLine(journalLine(e))).toEqual(e);
  });
});

describe('active faults', () => {
  it('an intent without an end is active, with its recorded undo', () => {
    const a = activeFaults([ev('run_start', 'r1'), intent('r1', 'a')]);
    expect(a).toEqual([
      {
        runId: 'r1',
        scenario: 's',
        fault: 'a',
        action: 'pause',
        target: 'cdc-consumer',
        since: '2026-01-01T00:00:00Z',
        undo: [{ kind: 'container_ensure_running', container: 'cdc-consumer' }],
      },
    ]);
  });

  it('a clean fault_end or fault_healed ends it; an end with errors does not', () => {
    expect(activeFaults([intent('r1', 'a'), ev('fault_start', 'r1', 'a'), ev('fault_end', 'r1', 'a')])).toEqual([]);
    expect(activeFaults([intent('r1', 'a'), ev('fault_healed', 'r1', 'a')])).toEqual([]);
    expect(
      activeFaults([intent('r1', 'a'), ev('fault_end', 'r1', 'a', ['docker unpause: 500'])]).map((f) => f.fault),
    ).toEqual(['a']);
    expect(
      activeFaults([intent('r1', 'a'), ev('fault_healed', 'r1', 'a', ['Docker unreachable'])]).map((f) => f.fault),
    ).toEqual(['a']);
  });

  it('a clean undo_all ends every fault of its run only', () => {
    const a = activeFaults([intent('r1', 'a'), intent('r2', 'a'), intent('r1', 'b'), ev('undo_all', 'r1')]);
    expect(a.map((f) => `${f.runId}/${f.fault}`)).toEqual(['r2/a']);
    expect(activeFaults([intent('r1', 'a'), ev('undo_all', 'r1', undefined, ['toxiproxy: unreachable'])]).length).toBe(
      1,
    );
  });

  it('fault_start keeps the undo of its intent; a start alone (no intent) has no undo', () => {
    expect(activeFaults([intent('r1', 'a'), ev('fault_start', 'r1', 'a')])[0].undo).toEqual([
      { kind: 'container_ensure_running', container: 'cdc-consumer' },
    ]);
    expect(activeFaults([ev('fault_start', 'r1', 'a')])[0].undo).toBeUndefined();
  });

  it('the same fault id in two runs is two faults; a fault re-injected after its end is active again', () => {
    expect(activeFaults([intent('r1', 'a'), intent('r2', 'a')]).length).toBe(2);
    expect(activeFaults([intent('r1', 'a'), ev('fault_end', 'r1', 'a'), intent('r1', 'a')]).length).toBe(1);
  });

  it('a journal of a killed bundle run: every injected fault not yet ended is active, with its real undo', () => {
    const v = validateScenario(
      {
        name: 'x',
        phases: [
          {
            name: 'a',
            duration: '10s',
            actions: [
              { type: 'pause', target: 'cdc-connect' },
              { type: 'partition', target: 'cdc-kafka', params: { mode: 'down' } },
            ],
          },
          { name: 'b', duration: '10s', actions: [{ type: 'stress', target: 'cdc-consumer', params: { cpu: 1 } }] },
        ],
      },
      'x',
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const plan = planFaults(v.scenario, 1);
    // What src/k6/chaos.ts journals: intent (with the fault's undo) → start → end, in plan order; killed during phase b.
    const entries: JournalEntry[] = [];
    for (const s of plan.steps.filter((st) => st.atMs <= 10_000)) {
      if (s.kind === 'inject')
        entries.push(
          {
            ...ev('fault_intent', 'r', s.faultId),
            undo: undoAll({ ...plan, faults: plan.faults.filter((f) => f.id === s.faultId) }),
          },
          ev('fault_start', 'r', s.faultId),
        );
      else entries.push(ev('fault_end', 'r', s.faultId));
    }
    const active = activeFaults(entries);
    expect(active.map((f) => f.fault)).toEqual(['b.0.stress.cdc-consumer']);
    expect(active[0].undo).toEqual([{ kind: 'exec', container: 'cdc-consumer', cmd: ['pkill', '-x', 'stress-ng'] }]);
  });
});

describe('fault plan order (what makes a journal consistent)', () => {
  it("a bare restart bounces stop → start: the fault's own heal never precedes its injection", () => {
    const v = validateScenario(
      {
        name: 'x',
        phases: [
          { name: 'a', duration: '10s', actions: [{ type: 'restart', target: 'cdc-consumer' }] },
          { name: 'b', duration: '5s' },
        ],
      },
      'x',
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const steps = planFaults(v.scenario, 1).steps;
    expect(
      steps.map((s) => [s.atMs, s.kind, s.ops.map((o) => (o.kind === 'container' ? o.op : o.kind)).join()]),
    ).toEqual([
      [0, 'inject', 'stop'],
      [0, 'heal', 'start'],
    ]);
  });
});
