// Faults on a lease and one experiment at a time (src/experiment/lease.ts, src/chaos/guard.ts): the
// knob, which leases the guard heals, the words it and the refused second run use, and the DDL the
// bundle runs being the one `stack up` (schema.sql) runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asActiveFault, formatGuardHeal, type LapsedFault } from '../../src/chaos/guard.js';
import { guardCommand } from '../../src/cli/commands/guard.js';
import {
  DEFAULT_LEASE_MS,
  dueForHeal,
  LEASE_DDL,
  lockRefusal,
  parseLease,
  renewEveryMs,
} from '../../src/experiment/lease.js';

const root = new URL('../..', import.meta.url).pathname;

describe('CHAOS_LEASE', () => {
  it('defaults to 10 s and reads k6 durations', () => {
    expect(DEFAULT_LEASE_MS).toBe(10_000);
    expect(parseLease(undefined)).toBe(10_000);
    expect(parseLease(' ')).toBe(10_000);
    expect(parseLease('30s')).toBe(30_000);
    expect(parseLease('1m')).toBe(60_000);
  });

  it('refuses what renewals could not keep, and what is not a duration, naming the variable', () => {
    expect(() => parseLease('2s')).toThrow(
      'CHAOS_LEASE="2s" is too short; expected a duration of at least 5s: renewals come every third of it, between fault steps',
    );
    expect(() => parseLease('10')).toThrow(
      /^CHAOS_LEASE="10": invalid duration "10" at "10" \(a bare number needs a unit: ms, s, m or h\); expected a duration such as 90s, 3m or 1m30s \(0s to 24h\); at least 5s/,
    );
  });

  it('is renewed three times per lease', () => {
    expect(renewEveryMs(10_000)).toBe(3333);
  });
});

describe('which lapsed leases the guard heals', () => {
  const row = (fault: string, overdueMs: number, leaseMs = 10_000) => ({ runId: 'r', fault, leaseMs, overdueMs });

  it('only the lapsed ones', () => {
    expect(
      dueForHeal([row('a', 1), row('b', 0), row('c', -5_000), row('d', 60_000)], Infinity).map((r) => r.fault),
    ).toEqual(['a', 'd']);
  });

  it('after the store was out of reach, each lease gets its own length for its runner to renew it first', () => {
    const rows = [row('short', 30_000, 5_000), row('long', 30_000, 20_000)];
    expect(dueForHeal(rows, 0)).toEqual([]);
    expect(dueForHeal(rows, 4_999)).toEqual([]);
    expect(dueForHeal(rows, 5_000).map((r) => r.fault)).toEqual(['short']);
    expect(dueForHeal(rows, 20_000).map((r) => r.fault)).toEqual(['short', 'long']);
  });
});

describe('one experiment at a time', () => {
  it('the refusal is one line naming the running experiment, its run id and when a dead one frees the stack', () => {
    const line = lockRefusal({ runId: 'run-abc', scenario: 'kafka-partition', leftMs: 6_200 });
    expect(line).toBe(
      'preflight failed, no fault was injected: experiment kafka-partition (run run-abc) is running on this stack; ' +
        'one experiment at a time: wait for it to end (a run that died frees the stack when its lease lapses, in 7s at most)',
    );
    expect(line).not.toContain('\n');
    expect(lockRefusal({ runId: 'r', scenario: 's', leftMs: -300 })).toContain('in 0s at most');
  });
});

describe('the guard', () => {
  const lapsed: LapsedFault = {
    runId: 'run-1',
    fault: 'fault.0.pause.cdc-connect',
    scenario: 'connect-pause',
    action: 'pause',
    target: 'cdc-connect',
    undo: [{ kind: 'container_ensure_running', container: 'cdc-connect' }],
    leaseMs: 10_000,
    overdueMs: 1_234,
    recordedAt: '2026-01-01 00:00:00+00',
  };

  it('hands heal the fault with its recorded undo', () => {
    expect(asActiveFault(lapsed)).toEqual({
      runId: 'run-1',
      scenario: 'connect-pause',
      fault: 'fault.0.pause.cdc-connect',
      action: 'pause',
      target: 'cdc-connect',
      since: '2026-01-01 00:00:00+00',
      undo: [{ kind: 'container_ensure_running', container: 'cdc-connect' }],
    });
  });

  it('says one line per heal: what it restored, or what failed', () => {
    const ok = formatGuardHeal(lapsed, {
      fault: asActiveFault(lapsed),
      steps: [{ what: 'docker unpause/start cdc-connect if needed', ok: true, detail: 'unpaused cdc-connect' }],
    });
    expect(ok).toBe(
      'healed fault fault.0.pause.cdc-connect of run run-1 (connect-pause: pause cdc-connect; lease lapsed 1.2 s ago): unpaused cdc-connect',
    );
    const failed = formatGuardHeal(lapsed, {
      fault: asActiveFault(lapsed),
      steps: [
        { what: 'a', ok: true, detail: 'done a' },
        {
          what: 'docker stop (SIGKILL, timeout 0) cdc-consumer',
          ok: false,
          detail: 'refused: "docker stop (SIGKILL, timeout 0) cdc-consumer" is not a restoring operation',
        },
      ],
    });
    expect(failed).toBe(
      'could not heal fault fault.0.pause.cdc-connect of run run-1 (connect-pause: pause cdc-connect; lease lapsed 1.2 s ago), retrying: ' +
        'docker stop (SIGKILL, timeout 0) cdc-consumer: refused: "docker stop (SIGKILL, timeout 0) cdc-consumer" is not a restoring operation',
    );
  });

  it('a bad --interval is a usage error naming the flag, before anything is touched', async () => {
    const lines: string[] = [];
    expect(await guardCommand({ interval: '2x' }, (l) => lines.push(l), new AbortController().signal)).toBe(2);
    expect(lines).toEqual(['guard: --interval: invalid duration "2x" at "2x" (units: ms, s, m, h)']);
    expect(await guardCommand({ interval: '10ms' }, (l) => lines.push(l), new AbortController().signal)).toBe(2);
    expect(lines[1]).toBe('guard: --interval: "10ms" is shorter than 100ms');
  });
});

describe('the lease tables', () => {
  it('src/stack/schema.sql creates exactly what bundles create when absent', () => {
    const sql = readFileSync(`${root}src/stack/schema.sql`, 'utf8');
    for (const ddl of LEASE_DDL) expect(sql).toContain(`${ddl};`);
  });
});

describe('docker-compose.yml', () => {
  it("runs the guard like the local stack: its command, the stack's PostgreSQL and Toxiproxy, the Docker socket, not a target", () => {
    const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
    };
    const guard = compose.services['cdc-guard'] as {
      container_name: string;
      command: string[];
      environment: Record<string, string>;
      volumes: string[];
      labels: Record<string, string>;
    };
    expect(guard.container_name).toBe('cdc-guard');
    expect(guard.command.slice(0, 3)).toEqual(['node', 'bin/cdc-chaos.js', 'guard']);
    expect(guard.environment.PG_URL).toMatch(/@cdc-postgres:5432\/cdc\b/);
    expect(guard.environment.TOXIPROXY_URL).toBe('http://cdc-toxiproxy:8474');
    expect(guard.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(guard.labels['io.cdc-chaos.target']).toBeUndefined();
  });
});
