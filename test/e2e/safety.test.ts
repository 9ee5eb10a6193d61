// Fault safety against the REAL local stack (`cdc-chaos stack up`):
// - every exit path of a runner (normal end, threshold abortOnFail, exception in the script,
//   SIGINT, SIGTERM, SIGKILL + `cdc-chaos heal`) taken while every fault type is in flight
//   (test/fixtures/safety/all-faults.yml holds pause, kill, toxic, disabled proxy and stress in one
//   phase: 6 runs cover the 30 exit-path × fault-type cells), then zero leftover faults;
// - a decoy container without the allowlist label, named in a scenario, is never touched and the
//   run fails before its first fault; Node-side heal refuses it too;
// - missing environment (no Docker socket, unreachable Toxiproxy, wrong PG credentials): a clear
//   message naming the setting, a non-zero exit, no fault, no secret in any output;
// - malformed scenario files leave the stack untouched;
// - data hygiene: pre-existing rows of the harness's tables are byte-identical after a full run;
// - a runner that dies without its teardown (double SIGINT, SIGINT then SIGTERM, SIGKILL) of a plain
//   `cdc-chaos run` (no journal on disk): the stack's cdc-guard heals every fault type once its lease
//   lapses, within lease + poll interval (measured per fault type); one experiment at a time per stack.
// The stack is shared: leftover checks are scoped to the containers and proxies these tests fault.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from '../../src/bundle/k6-bundle.js';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import { activeFaults } from '../../src/chaos/active.js';
import { chaosEnv } from '../../src/chaos/env.js';
import { healLeftoverJournals } from '../../src/chaos/heal.js';
import { readJournal } from '../../src/chaos/journal.js';
import { leftovers, type LeftoverScope } from '../../src/chaos/leftovers.js';
import { injectCommand } from '../../src/cli/commands/inject.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { HEALED_RETENTION_DAYS } from '../../src/experiment/lease.js';
import { validateScenario } from '../../src/experiment/schema.js';
import { apiVersionEnv, engine } from '../integration/extensions-container.js';

const root = new URL('../..', import.meta.url).pathname;
const CLI = join(root, 'bin/cdc-chaos.js');
const FIXTURES = join(root, 'test/fixtures/safety');
const ALL_FAULTS = join(FIXTURES, 'all-faults.yml');
const SCOPE: LeftoverScope = {
  containers: ['cdc-connect', 'cdc-consumer', 'cdc-kafka'],
  proxies: ['consumer_mongodb', 'consumer_kafka'],
};
const PG_URL = process.env.PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/cdc?sslmode=disable';
const PG_SECRET = 'hyg13ne-s3cret';
const PG_SECRET_URL = `postgres://postgres:${PG_SECRET}@127.0.0.1:5432/cdc?sslmode=disable`;
const env = chaosEnv();
// The bundle's default CHAOS_LEASE and cdc-guard's default interval (src/experiment/lease.ts, src/stack/config.ts).
const LEASE_MS = 10_000;
const GUARD_INTERVAL_MS = 2_000;
let work: string;
let db: pg.Client;
let childEnv: NodeJS.ProcessEnv;
let wrapper: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (bounded); returns the last value either way. */
async function until<T>(probe: () => Promise<T | undefined>, limitMs: number, everyMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > deadline) return v;
    await sleep(everyMs);
  }
}

interface Runner {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], extraEnv: Record<string, string> = {}): Runner {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: work,
    env: { ...childEnv, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return { child, output: () => out, exit };
}

async function finished(r: Runner, limitMs = 180_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timeout = sleep(limitMs).then(() => undefined);
  const done = await Promise.race([r.exit, timeout]);
  if (!done) {
    r.child.kill('SIGKILL');
    throw new Error(`runner did not exit within ${limitMs / 1000} s:\n${r.output().slice(-3000)}`);
  }
  return done;
}

function journalEvents(file: string): { event: string; fault?: string }[] {
  return existsSync(file) ? readJournal(file).entries : [];
}

/** What the stack shows of each of the five faults right now. */
async function inFlight(): Promise<Record<string, boolean>> {
  const connect = await engine.getContainer('cdc-connect').inspect();
  const consumer = await engine.getContainer('cdc-consumer').inspect();
  const proxies = (await (await fetch(`${env.toxiproxyUrl}/proxies`)).json()) as Record<
    string,
    { enabled: boolean; toxics: { name: string }[] }
  >;
  const kafka = await engine.getContainer('cdc-kafka').inspect();
  let stress = false;
  if (kafka.State.Running && !kafka.State.Paused) {
    const exec = await engine.getContainer('cdc-kafka').exec({ Cmd: ['pgrep', '-x', 'stress-ng'], AttachStdout: true });
    const s = await exec.start({ hijack: true, stdin: false });
    await new Promise((r) => {
      s.on('end', r);
      s.on('close', r);
      s.resume();
    });
    stress = (await exec.inspect()).ExitCode === 0;
  }
  return {
    pause: connect.State.Paused,
    kill: !consumer.State.Running,
    toxic: proxies.consumer_mongodb.toxics.some((t) => t.name.startsWith('cdc_chaos_')),
    proxy_disabled: !proxies.consumer_kafka.enabled,
    stress,
  };
}

const ALL_IN_FLIGHT = { pause: true, kill: true, toxic: true, proxy_disabled: true, stress: true };

/** Why the five faults were never in flight at once, for the end of a failure message (CI keeps a log's tail): the
 *  journal lines of the steps that reported errors, and the fault types the stack never showed. */
function notAllInFlight(journalText: string, everSeen: Record<string, boolean>): string {
  const failed = journalText.split('\n').filter((l) => /fault_(start|end)/.test(l) && /errors/.test(l));
  const never = Object.keys(ALL_IN_FLIGHT).filter((t) => !everSeen[t]);
  return `\nsteps with errors:\n${failed.join('\n') || '(none journaled)'}\nnever seen in flight: ${never.join(', ') || '(each was, not all at once)'}`;
}

/** Polls the stack until the five faults are in flight at once (bounded); notes each one ever seen. */
async function pollAllInFlight(
  everSeen: Record<string, boolean>,
  limitMs: number,
  ready: () => boolean = () => true,
): Promise<Record<string, boolean> | undefined> {
  return until(async () => {
    if (!ready()) return undefined;
    const f = await inFlight();
    for (const [t, on] of Object.entries(f)) if (on) everSeen[t] = true;
    return Object.values(f).every(Boolean) ? f : undefined;
  }, limitMs);
}

/** Waits (bounded) until every fault type is applied: journaled and visible in the stack. */
async function waitAllInFlight(journal: string, r: Runner): Promise<void> {
  const everSeen: Record<string, boolean> = {};
  const seen = await pollAllInFlight(everSeen, 60_000, () => {
    const ev = journalEvents(journal);
    const started = ev.filter((e) => e.event === 'fault_start').length;
    const stressIntent = ev.some((e) => e.event === 'fault_intent' && e.fault?.includes('stress'));
    // The four other faults journaled as started, stress's intent journaled; the stack itself says whether all are live.
    return started >= 4 && stressIntent;
  });
  expect(
    seen,
    `faults never all in flight; runner output:\n${r.output()}\nstack: ${JSON.stringify(await inFlight())}${notAllInFlight(existsSync(journal) ? readFileSync(journal, 'utf8') : '', everSeen)}`,
  ).toEqual(ALL_IN_FLIGHT);
}

/** Zero leftover faults in scope (bounded wait: stress-ng workers take a moment to die after pkill); the journal, if any, agrees. */
async function expectNoLeftovers(journal?: string): Promise<void> {
  const left = await until(
    async () => {
      const l = await leftovers(env, SCOPE);
      return l.length === 0 ? l : undefined;
    },
    20_000,
    500,
  );
  expect(left ?? (await leftovers(env, SCOPE))).toEqual([]);
  if (journal) expect(activeFaults(readJournal(journal).entries)).toEqual([]);
}

/** The experiment lock a dead runner left has lapsed (bounded by its lease), so the next run may take it. */
async function lockFree(): Promise<void> {
  const free = await until(
    async () => {
      const r = await db.query('select count(*)::int as n from cdc_chaos_lock where lease_until > now()');
      return r.rows[0].n === 0 ? true : undefined;
    },
    LEASE_MS + 5_000,
    500,
  );
  expect(free, 'the experiment lock did not lapse within its lease').toBe(true);
}

/** The pipeline is back (consumer healthy) before the next run faults it again, for the other users of the stack. */
async function pipelineBack(): Promise<void> {
  await until(
    async () => {
      try {
        return (await fetch('http://127.0.0.1:8080/health', { signal: AbortSignal.timeout(2000) })).ok
          ? true
          : undefined;
      } catch {
        return undefined;
      }
    },
    90_000,
    1000,
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cdc-chaos-safety-'));
  db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  childEnv = { ...process.env, ...(await apiVersionEnv()) };
  // Preconditions: the stack is up, nothing of ours is faulted now.
  expect(await leftovers(env, SCOPE)).toEqual([]);
  // The all-faults bundle plus a thin k6 wrapper that adds what a user script can do: an
  // abortOnFail threshold that fails once the last of the five faults (stress) is active — and not before 18 s of
  // the run, setup included, so that the stack can be seen with all five in place — or an exception in the chaos VU.
  const loaded = loadScenarioFile(ALL_FAULTS) as { scenario: ScenarioSpec };
  await bundleScenario({ root, scenario: loaded.scenario, outfile: join(work, 'chaos-all-faults.js') });
  wrapper = join(work, 'wrapper.js');
  writeFileSync(
    wrapper,
    `import * as b from './chaos-all-faults.js';
const mode = __ENV.SAFETY_EXIT;
export const options = Object.assign({}, b.options, mode === 'abort'
  ? { thresholds: { 'chaos_fault_active{action:stress}': [{ threshold: 'value<1', abortOnFail: true, delayAbortEval: '18s' }] } } : {});
export const setup = b.setup;
export const teardown = b.teardown;
export function chaos(data) {
  if (mode !== 'exception') return b.chaos(data);
  // The chaos VU's own code throws mid-fault: its first read of the timeline clock after 12 s raises (the five
  // faults go in at 1 s and take seconds to dispatch and confirm under load; the phase lasts until 31 s).
  const epoch = data.epochMs;
  const d = Object.assign({}, data);
  Object.defineProperty(d, 'epochMs', { get() { if (Date.now() > epoch + 12000) throw new Error('safety: exception in the chaos VU'); return epoch; } });
  return b.chaos(d);
}
`,
  );
}, 120_000);

afterAll(async () => {
  await db.end();
});

describe('every exit path undoes every fault type', () => {
  const inject = (journal: string) => start(['inject', ALL_FAULTS, '--journal', journal]);
  const runWrapper = (journal: string, mode: string) =>
    start([
      'run',
      '-q',
      '--log-output',
      `file=${journal}`,
      '--log-format',
      'json',
      '-e',
      'CHAOS_ONLY=1',
      '-e',
      `SAFETY_EXIT=${mode}`,
      wrapper,
    ]);

  it('normal end (cdc-chaos inject): exit 0, nothing left', async () => {
    const j = join(work, 'normal.log');
    const r = inject(j);
    await waitAllInFlight(j, r);
    expect((await finished(r)).code).toBe(0);
    await expectNoLeftovers(j);
    expect(journalEvents(j).some((e) => e.event === 'undo_all')).toBe(true);
    await pipelineBack();
  });

  it('threshold abortOnFail: exit 99, teardown undid everything', async () => {
    const j = join(work, 'abort.log');
    const r = runWrapper(j, 'abort');
    await waitAllInFlight(j, r);
    expect((await finished(r)).code).toBe(99);
    expect(readFileSync(j, 'utf8')).toMatch(/abortOnFail/);
    await expectNoLeftovers(j);
    await pipelineBack();
  });

  it('exception in the script (chaos VU throws mid-fault): teardown undid everything', async () => {
    const j = join(work, 'exception.log');
    const r = runWrapper(j, 'exception');
    await waitAllInFlight(j, r);
    await finished(r);
    expect(readFileSync(j, 'utf8')).toContain('safety: exception in the chaos VU');
    // Its heals never ran: the fault plan's own fault_end lines are missing, undo_all did the work.
    expect(journalEvents(j).filter((e) => e.event === 'fault_end')).toEqual([]);
    await expectNoLeftovers(j);
    await pipelineBack();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} to the runner mid-fault: exit 105, teardown undid everything`, async () => {
      const j = join(work, `${signal}.log`);
      const r = inject(j);
      await waitAllInFlight(j, r);
      r.child.kill(signal);
      expect((await finished(r)).code).toBe(105);
      await expectNoLeftovers(j);
      await pipelineBack();
    });
  }

  it('SIGKILL mid-fault, then cdc-chaos heal restores what the journal says is active', async () => {
    const j = join(work, 'SIGKILL.log');
    const r = inject(j);
    await waitAllInFlight(j, r);
    r.child.kill('SIGKILL');
    expect((await finished(r)).signal).toBe('SIGKILL');
    // Nothing undid the faults: they are all still there, and the journal says so.
    expect(await inFlight()).toMatchObject({ pause: true, kill: true, toxic: true, proxy_disabled: true });
    expect(
      activeFaults(readJournal(j).entries)
        .map((f) => f.action)
        .sort(),
    ).toEqual(['kill', 'netem', 'partition', 'pause', 'stress']);
    const h = start(['heal', '--journal', j]);
    expect((await finished(h, 60_000)).code, h.output()).toBe(0);
    expect(h.output()).toContain('5 active fault(s)');
    await expectNoLeftovers(j);
    // A second heal finds nothing left to do (heal recorded fault_healed lines).
    const again = start(['heal', '--journal', j]);
    expect((await finished(again, 60_000)).code).toBe(0);
    expect(again.output()).not.toContain('active fault(s)');
    await lockFree();
    await pipelineBack();
  });

  it('SIGKILL mid-fault, then the global halt (heal --all, no journal) restores everything', async (ctx) => {
    // A global halt resets every fault on the stack, other runs' included: only when nobody else has one active.
    if ((await leftovers(env)).length > 0) ctx.skip();
    const j = join(work, 'SIGKILL-all.log');
    const r = inject(j);
    await waitAllInFlight(j, r);
    r.child.kill('SIGKILL');
    await finished(r);
    const h = start(['heal', '--all', '--journal', join(work, 'absent-on-purpose.log')]);
    expect((await finished(h, 60_000)).code).toBe(2); // a named journal that does not exist is a usage error
    const halt = start(['heal', '--all'], {});
    expect((await finished(halt, 60_000)).code, halt.output()).toBe(0);
    expect(halt.output()).toMatch(/toxiproxy reset/);
    expect(halt.output()).toMatch(/no leftover fault/);
    expect(await leftovers(env, SCOPE)).toEqual([]);
    await lockFree();
    await pipelineBack();
  });
});

describe('a runner that dies without its teardown: cdc-guard heals every fault type from its lease', () => {
  // From the runner's death: its last renewal was at most a third of the lease earlier, so its leases
  // lapse within one lease; the guard looks every interval; the margin is the heal itself and this test's poll.
  const BOUND_MS = LEASE_MS + GUARD_INTERVAL_MS + 5_000;
  const measured: string[] = [];
  const script = () => join(work, 'chaos-all-faults.js');

  beforeAll(async () => {
    const guard = await engine
      .getContainer('cdc-guard')
      .inspect()
      .catch(() => undefined);
    expect(guard?.State.Running, 'cdc-guard does not run: `cdc-chaos stack up` starts it').toBe(true);
  });
  afterAll(() => {
    // The numbers docs/safety.md quotes.
    console.log(
      `time from runner death to healed, per fault type (bound ${BOUND_MS / 1000} s):\n  ${measured.join('\n  ')}`,
    );
  });

  /** The runtime said it is stopping (its first signal is being handled): the second one is not merged into it. */
  const saidStopping = (r: Runner) =>
    until(async () => (/Stopping cdc-chaos in response to signal/.test(r.output()) ? true : undefined), 10_000, 20);
  const deaths: [string, (r: Runner) => Promise<void>][] = [
    [
      'double SIGINT',
      async (r) => {
        r.child.kill('SIGINT');
        await saidStopping(r);
        r.child.kill('SIGINT');
      },
    ],
    [
      'SIGINT then SIGTERM',
      async (r) => {
        r.child.kill('SIGINT');
        await saidStopping(r);
        r.child.kill('SIGTERM');
      },
    ],
    [
      'SIGKILL',
      async (r) => {
        r.child.kill('SIGKILL');
      },
    ],
  ];

  it.each(deaths)(
    '%s of a plain `cdc-chaos run` (no --log-output): every fault healed by the guard within lease + interval',
    async (name, kill) => {
      const runId = `lease-${name.replace(/\W+/g, '-').toLowerCase()}-${Date.now().toString(36)}`;
      const r = start(['run', '-q', '-e', `CHAOS_RUN_ID=${runId}`, script()]);
      try {
        const everSeen: Record<string, boolean> = {};
        const all = await pollAllInFlight(everSeen, 150_000);
        expect(all, `${r.output()}${notAllInFlight(r.output(), everSeen)}`).toEqual(ALL_IN_FLIGHT);
        const diedAt = r.exit.then(() => Date.now());
        await kill(r);
        const done = await finished(r, 30_000);
        expect(name === 'SIGKILL' ? done.signal : done.code, r.output().slice(-2000)).toBe(
          name === 'SIGKILL' ? 'SIGKILL' : 105,
        );
        const died = await diedAt;
        // No teardown ran: every fault is still in place when the runner is gone.
        expect(await inFlight()).toEqual(ALL_IN_FLIGHT);
        const healedAfter: Record<string, number> = {};
        await until(
          async () => {
            const f = await inFlight();
            for (const [type, active] of Object.entries(f))
              if (!active && healedAfter[type] === undefined) healedAfter[type] = Date.now() - died;
            return Object.keys(healedAfter).length === Object.keys(ALL_IN_FLIGHT).length ? true : undefined;
          },
          BOUND_MS + 5_000,
          200,
        );
        measured.push(
          `${name}: ${Object.keys(ALL_IN_FLIGHT)
            .map(
              (t) => `${t} ${healedAfter[t] === undefined ? 'NOT healed' : `${(healedAfter[t] / 1000).toFixed(1)} s`}`,
            )
            .join(', ')}`,
        );
        for (const type of Object.keys(ALL_IN_FLIGHT))
          expect(healedAfter[type], `${type} healed within ${BOUND_MS} ms`).toBeLessThanOrEqual(BOUND_MS);
        await expectNoLeftovers();
        // The guard did it, and recorded it.
        const rows = await db.query(
          'select action, healed_by from cdc_chaos_faults where run_id = $1 order by action',
          [runId],
        );
        expect(rows.rows).toEqual(
          ['kill', 'netem', 'partition', 'pause', 'stress'].map((action) => ({ action, healed_by: 'cdc-chaos guard' })),
        );
        // A dead run's lock lapses with its lease: the stack is free again.
        await lockFree();
      } finally {
        r.child.kill('SIGKILL');
        // What a dead runner leaves besides faults: its rows (the consumer deletes them from MongoDB too).
        await db.query('delete from orders where run_id = $1', [runId]);
        await db.query('delete from customers where run_id = $1', [runId]);
        await pipelineBack();
      }
    },
  );

  it('a second experiment on the stack is refused in preflight with one line naming the running one; nothing injected', async () => {
    const firstId = `lease-first-${Date.now().toString(36)}`;
    const secondId = `lease-second-${Date.now().toString(36)}`;
    const j1 = join(work, 'lock-first.log');
    const first = start(['inject', ALL_FAULTS, '--journal', j1, '-e', `CHAOS_RUN_ID=${firstId}`]);
    await waitAllInFlight(j1, first);
    const j2 = join(work, 'lock-second.log');
    const second = start([
      'run',
      '-q',
      '--log-output',
      `file=${j2}`,
      '-e',
      'CHAOS_ONLY=1',
      '-e',
      `CHAOS_RUN_ID=${secondId}`,
      script(),
    ]);
    expect((await finished(second)).code).toBe(107);
    const refusal = readFileSync(j2, 'utf8')
      .split('\n')
      .find((l) => l.includes('preflight failed'));
    expect(refusal).toMatch(
      new RegExp(
        `preflight failed, no fault was injected: experiment all-faults \\(run ${firstId}\\) is running on this stack; one experiment at a time: wait for it to end \\(a run that died frees the stack when its lease lapses, in \\d+s at most\\)`,
      ),
    );
    expect(journalEvents(j2).filter((e) => e.event.startsWith('fault_'))).toEqual([]);
    expect(
      (await db.query('select count(*)::int as n from cdc_chaos_faults where run_id = $1', [secondId])).rows[0].n,
    ).toBe(0);
    // The first run is untouched and still holds the stack.
    expect(await inFlight()).toEqual(ALL_IN_FLIGHT);
    expect((await db.query('select run_id from cdc_chaos_lock')).rows).toEqual([{ run_id: firstId }]);
    first.child.kill('SIGINT');
    expect((await finished(first)).code).toBe(105);
    await expectNoLeftovers(j1);
    // Its teardown undid everything, marked its leases healed and released the lock (not left to lapse).
    expect((await db.query('select count(*)::int as n from cdc_chaos_lock')).rows[0].n).toBe(0);
    const healedBy = (await db.query('select distinct healed_by from cdc_chaos_faults where run_id = $1', [firstId]))
      .rows;
    expect(healedBy).toEqual([{ healed_by: 'runner: teardown undo-all' }]);
    await pipelineBack();
  });
});

describe("stack up's heal hook", () => {
  it('heals a fault a journal in reports/ still records as active (a toxic and a disabled proxy)', async () => {
    // The state a SIGKILLed runner leaves: the faults applied, their intents journaled, no end.
    const toxic = {
      name: 'cdc_chaos_hooktest_latency',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 10, jitter: 0 },
    };
    await fetch(`${env.toxiproxyUrl}/proxies/consumer_mongodb/toxics`, { method: 'POST', body: JSON.stringify(toxic) });
    await fetch(`${env.toxiproxyUrl}/proxies/consumer_kafka`, {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-hook-'));
    const line = (fault: string, undo: unknown[]) =>
      JSON.stringify({ cdc_chaos_journal: { event: 'fault_intent', run_id: 'hook', fault, undo } });
    mkdirSync(join(dir, 'reports'));
    writeFileSync(
      join(dir, 'reports', 'journal-hook.log'),
      [
        line('f.0.netem.cdc-mongodb', [
          { kind: 'proxy_enabled', proxy: 'consumer_mongodb', enabled: true },
          { kind: 'toxics_clear', proxy: 'consumer_mongodb', prefix: 'cdc_chaos_' },
        ]),
        line('f.1.partition.cdc-kafka', [
          { kind: 'proxy_enabled', proxy: 'consumer_kafka', enabled: true },
          { kind: 'toxics_clear', proxy: 'consumer_kafka', prefix: 'cdc_chaos_' },
        ]),
      ].join('\n') + '\n',
    );
    const cwd = process.cwd();
    const lines: string[] = [];
    process.chdir(dir);
    try {
      expect(await healLeftoverJournals((l) => lines.push(l))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    expect(lines[0]).toMatch(/journal-hook\.log: 2 active fault\(s\)/);
    expect(await leftovers(env, { containers: [], proxies: ['consumer_mongodb', 'consumer_kafka'] })).toEqual([]);
    expect(activeFaults(readJournal(join(dir, 'reports', 'journal-hook.log')).entries)).toEqual([]);
  });
});

describe('blast radius', () => {
  // A plain container of the stack's base image (host binaries mounted), no network, no target label.
  const decoy = { name: 'cdc-safety-decoy' };
  beforeAll(async () => {
    await engine
      .getContainer(decoy.name)
      .remove({ force: true })
      .catch(() => undefined);
    const c = await engine.createContainer({
      name: decoy.name,
      Image: 'cdc-base:empty',
      Cmd: ['/bin/sleep', '3600'],
      Labels: { 'io.cdc-chaos.test': 'safety-decoy' },
      HostConfig: {
        Init: true,
        NetworkMode: 'none',
        Binds: ['/usr:/usr:ro', '/lib:/lib:ro', '/lib64:/lib64:ro', '/bin:/bin:ro'],
      },
    });
    await c.start();
  });
  afterAll(async () => {
    await engine
      .getContainer(decoy.name)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('a decoy without the allowlist label, named in a scenario, fails the run before its first fault and is never touched', async () => {
    // The schema only lets contract names through, so the decoy is put into a validated scenario
    // by hand: this tests the runtime guard behind the schema (defence in depth). The first fault
    // (on an allowlisted container) is due before the decoy's and must not happen either.
    const text =
      'name: decoy\nphases:\n  - name: first\n    duration: 2s\n    actions:\n      - { type: pause, target: cdc-connect }\n  - name: second\n    duration: 2s\n    actions:\n      - { type: pause, target: cdc-connect }\n';
    const v = validateScenario(parseYaml(text), 'decoy');
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    v.scenario.phases[1].actions[0].target = decoy.name;
    const script = await bundleScenario({ root, scenario: v.scenario, outfile: join(work, 'chaos-decoy.js') });
    const before = await engine.getContainer(decoy.name).inspect();
    const connectBefore = await engine.getContainer('cdc-connect').inspect();
    const j = join(work, 'decoy.log');
    const r = start(['run', '-q', '--log-output', `file=${j}`, '--log-format', 'json', '-e', 'CHAOS_ONLY=1', script]);
    expect((await finished(r)).code).toBe(107);
    const log = readFileSync(j, 'utf8');
    expect(log).toContain('preflight failed, no fault was injected');
    expect(log).toContain(
      `container ${decoy.name} is not on the allowlist (no label io.cdc-chaos.target=true and not in CHAOS_ALLOW): refused`,
    );
    expect(journalEvents(j).filter((e) => e.event.startsWith('fault_'))).toEqual([]);
    const after = await engine.getContainer(decoy.name).inspect();
    expect({ running: after.State.Running, paused: after.State.Paused, startedAt: after.State.StartedAt }).toEqual({
      running: true,
      paused: false,
      startedAt: before.State.StartedAt,
    });
    const connectAfter = await engine.getContainer('cdc-connect').inspect();
    expect({ paused: connectAfter.State.Paused, startedAt: connectAfter.State.StartedAt }).toEqual({
      paused: false,
      startedAt: connectBefore.State.StartedAt,
    });
  });

  it('heal refuses a decoy a journal names: a paused decoy stays paused', async () => {
    const j = join(work, 'decoy-heal.log');
    writeFileSync(
      j,
      `${JSON.stringify({ cdc_chaos_journal: { event: 'fault_intent', run_id: 'forged', fault: 'x.0.pause.decoy', action: 'pause', target: decoy.name, undo: [{ kind: 'container_ensure_running', container: decoy.name }] } })}\n`,
    );
    await engine.getContainer(decoy.name).pause();
    try {
      const h = start(['heal', '--journal', j]);
      expect((await finished(h, 60_000)).code).toBe(1);
      expect(h.output()).toContain(`container ${decoy.name} is not on the allowlist`);
      expect((await engine.getContainer(decoy.name).inspect()).State.Paused).toBe(true);
    } finally {
      await engine.getContainer(decoy.name).unpause();
    }
  });
});

// xk6-docker's exec reports no exit status: an exec fault must be proven possible before any fault and
// seen taking effect after its exec, or a target image without the tool turns the fault into a silent no-op.
describe('exec faults: the tool proven in the target before any fault, the effect observed after', () => {
  const target = { name: 'cdc-safety-exec-target' };
  let bin: string;
  /** An allowlisted target (CHAOS_ALLOW) with only the commands in `tools` (plus sh and sleep) on its PATH. */
  async function startTarget(tools: Record<string, string>): Promise<void> {
    await engine
      .getContainer(target.name)
      .remove({ force: true })
      .catch(() => undefined);
    bin = mkdtempSync(join(tmpdir(), 'cdc-exec-bin-'));
    for (const [name, from] of Object.entries({ sh: '/bin/sh', sleep: '/bin/sleep', ...tools })) {
      if (from.startsWith('#!')) writeFileSync(join(bin, name), from, { mode: 0o755 });
      else copyFileSync(from, join(bin, name));
    }
    const c = await engine.createContainer({
      name: target.name,
      Image: 'cdc-base:empty',
      Cmd: ['/bin/sleep', '3600'],
      Labels: { 'io.cdc-chaos.test': 'safety-exec' },
      Env: ['PATH=/bin'],
      HostConfig: {
        Init: true,
        NetworkMode: 'none',
        Binds: ['/usr/lib:/usr/lib:ro', '/usr/lib:/lib:ro', '/usr/lib64:/lib64:ro', `${bin}:/bin:ro`],
      },
    });
    await c.start();
  }
  afterAll(async () => {
    await engine
      .getContainer(target.name)
      .remove({ force: true })
      .catch(() => undefined);
  });

  /** A one-phase stress scenario on the test target (the schema admits only contract names: set by hand, as the decoy). */
  async function stressBundle(file: string): Promise<string> {
    const text =
      'name: exec-target\nphases:\n  - name: stress\n    duration: 3s\n    actions:\n      - { type: stress, target: cdc-consumer, params: { duration: 2s, cpu: 1 } }\n';
    const v = validateScenario(parseYaml(text), 'exec-target');
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    v.scenario.phases[0].actions[0].target = target.name;
    return bundleScenario({ root, scenario: v.scenario, outfile: join(work, file) });
  }

  it('a target without stress-ng: the run is refused in preflight, nothing injected', async () => {
    await startTarget({ pkill: '/usr/bin/pkill', pgrep: '/usr/bin/pgrep' });
    const script = await stressBundle('chaos-exec-missing.js');
    const j = join(work, 'exec-missing.log');
    const r = start([
      'run',
      '-q',
      '--log-output',
      `file=${j}`,
      '--log-format',
      'json',
      '-e',
      'CHAOS_ONLY=1',
      '-e',
      `CHAOS_ALLOW=${target.name}`,
      script,
    ]);
    expect((await finished(r)).code).toBe(107);
    const log = readFileSync(j, 'utf8');
    expect(log).toContain('preflight failed, no fault was injected');
    expect(log).toContain(
      `container ${target.name} lacks one of stress-ng, pkill, pgrep: the stress-ng fault and its undo would do nothing there`,
    );
    expect(journalEvents(j).filter((e) => e.event.startsWith('fault_'))).toEqual([]);
  });

  it('a stress-ng that does nothing: the fault counts as an action error and the run fails its threshold', async () => {
    await startTarget({ 'stress-ng': '#!/bin/sh\nexit 0\n', pkill: '/usr/bin/pkill', pgrep: '/usr/bin/pgrep' });
    const script = await stressBundle('chaos-exec-noop.js');
    const j = join(work, 'exec-noop.log');
    const r = start([
      'run',
      '-q',
      '--log-output',
      `file=${j}`,
      '--log-format',
      'json',
      '-e',
      'CHAOS_ONLY=1',
      '-e',
      `CHAOS_ALLOW=${target.name}`,
      script,
    ]);
    expect((await finished(r)).code, r.output().slice(-3000)).toBe(99);
    const start_ = readJournal(j).entries.find((e) => e.event === 'fault_start') as { errors?: string[] } | undefined;
    expect(start_?.errors).toEqual([
      expect.stringContaining(`no effect observed (stress-ng not running in ${target.name} after the exec)`),
    ]);
    expect(readFileSync(j, 'utf8')).toContain(`"msg":"thresholds on metrics 'chaos_action_errors' have been crossed"`);
  });
});

describe('the guard refuses what heal refuses', () => {
  it('a forged lapsed lease naming a container off the allowlist: refused, the container stays paused', async () => {
    const name = 'cdc-safety-guard-decoy';
    await engine
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
    const c = await engine.createContainer({
      name,
      Image: 'cdc-base:empty',
      Cmd: ['/bin/sleep', '3600'],
      Labels: { 'io.cdc-chaos.test': 'safety-guard-decoy' },
      HostConfig: {
        Init: true,
        NetworkMode: 'none',
        Binds: ['/usr:/usr:ro', '/lib:/lib:ro', '/lib64:/lib64:ro', '/bin:/bin:ro'],
      },
    });
    await c.start();
    await c.pause();
    const undo = [
      { kind: 'container_ensure_running', container: name },
      { kind: 'container', op: 'stop', container: 'cdc-consumer' },
    ];
    await db.query(
      "insert into cdc_chaos_faults (run_id, fault, scenario, action, target, undo, lease_ms, lease_until) values ('forged-guard', 'x.0.pause.decoy', 'forged', 'pause', $1, $2::jsonb, 10000, now() - interval '1 minute')",
      [name, JSON.stringify(undo)],
    );
    // And one whose undo is not a list of operations at all: checked as a journal's undo is.
    await db.query(
      "insert into cdc_chaos_faults (run_id, fault, scenario, action, target, undo, lease_ms, lease_until) values ('forged-guard', 'x.1.bad', 'forged', 'pause', $1, $2::jsonb, 10000, now() - interval '1 minute')",
      [name, JSON.stringify('rm -rf /')],
    );
    const consumerBefore = (await engine.getContainer('cdc-consumer').inspect()).State.StartedAt;
    try {
      const g = start(['guard', '--once']);
      expect((await finished(g, 60_000)).code).toBe(1);
      expect(g.output()).toContain(`could not heal fault x.0.pause.decoy of run forged-guard`);
      expect(g.output()).toContain(`container ${name} is not on the allowlist`);
      expect(g.output()).toContain(
        'refused: "docker stop (SIGKILL, timeout 0) cdc-consumer" is not a restoring operation',
      );
      expect(g.output()).toContain(
        'could not heal fault x.1.bad of run forged-guard (forged: pause cdc-safety-guard-decoy; lease lapsed ',
      );
      expect(g.output()).toContain('recorded undo: the undo of x.1.bad is "rm -rf /", not a list of operations');
      expect((await engine.getContainer(name).inspect()).State.Paused).toBe(true);
      const consumer = (await engine.getContainer('cdc-consumer').inspect()).State;
      expect({ running: consumer.Running, startedAt: consumer.StartedAt }).toEqual({
        running: true,
        startedAt: consumerBefore,
      });
      // Not healed, so still open: retried (and refused) on every pass.
      expect((await db.query("select healed_at from cdc_chaos_faults where run_id = 'forged-guard'")).rows).toEqual([
        { healed_at: null },
        { healed_at: null },
      ]);
    } finally {
      await db.query("delete from cdc_chaos_faults where run_id = 'forged-guard'");
      await engine
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });
});

describe('the guard keeps the lease table small', () => {
  it(`deletes records healed more than ${HEALED_RETENTION_DAYS} days ago, keeps newer healed ones and every open one`, async () => {
    const row = (fault: string, healedAgo: string | null) =>
      db.query(
        `insert into cdc_chaos_faults (run_id, fault, scenario, action, target, undo, lease_ms, lease_until, recorded_at, healed_at, healed_by)
         values ('prune-test', $1, 'forged', 'pause', 'cdc-connect', '[]'::jsonb, 10000, now() + interval '1 hour', now() - interval '30 days',
                 ${healedAgo === null ? 'null' : `now() - interval '${healedAgo}'`}, ${healedAgo === null ? 'null' : "'runner: fault_end'"})`,
        [fault],
      );
    await db.query("delete from cdc_chaos_faults where run_id = 'prune-test'");
    await row('old', `${HEALED_RETENTION_DAYS + 1} days`);
    await row('recent', `${HEALED_RETENTION_DAYS - 1} days`);
    // Open (its lease not lapsed, so nothing to heal) although recorded 30 days ago.
    await row('open', null);
    try {
      const g = start(['guard', '--once']);
      expect((await finished(g, 60_000)).code).toBe(0);
      const left = await db.query("select fault from cdc_chaos_faults where run_id = 'prune-test' order by fault");
      expect(left.rows.map((r: { fault: string }) => r.fault)).toEqual(['open', 'recent']);
    } finally {
      await db.query("delete from cdc_chaos_faults where run_id = 'prune-test'");
    }
  });
});

describe('missing environment: clear message, non-zero exit, no fault', () => {
  const cases: [string, Record<string, string>, string[], RegExp, string?][] = [
    [
      'no Docker socket',
      { DOCKER_HOST: 'unix:///nonexistent' },
      [],
      /Cannot connect to the Docker daemon at unix:\/\/\/nonexistent/,
    ],
    [
      'unreachable Toxiproxy',
      {},
      ['-e', 'TOXIPROXY_URL=http://127.0.0.1:1'],
      /Toxiproxy at http:\/\/127\.0\.0\.1:1 answered nothing \(set TOXIPROXY_URL\)/,
    ],
    [
      'wrong PostgreSQL credentials',
      {},
      ['-e', 'PG_URL=postgres://cdc_chaos_nobody:s3cr3t-pw@127.0.0.1:5432/cdc?sslmode=disable'],
      /PostgreSQL \(postgres:\/\/cdc_chaos_nobody:\*\*\*@127\.0\.0\.1:5432\/cdc\?sslmode=disable\): pq: role "cdc_chaos_nobody" does not exist/,
      's3cr3t-pw',
    ],
  ];
  it.each(cases)('%s', async (_name, extraEnv, args, message, secret) => {
    const j = join(work, `env-${_name.replace(/\W+/g, '-')}.log`);
    const before = await Promise.all(
      SCOPE.containers.map(async (c) => (await engine.getContainer(c).inspect()).State.StartedAt),
    );
    const r = start(['inject', ALL_FAULTS, '--journal', j, ...args], extraEnv);
    expect((await finished(r)).code).toBe(107);
    expect(r.output()).toMatch(/preflight failed, no fault was injected/);
    expect(r.output()).toMatch(message);
    expect(journalEvents(j).filter((e) => e.event.startsWith('fault_'))).toEqual([]);
    expect(await leftovers(env, SCOPE)).toEqual([]);
    expect(
      await Promise.all(SCOPE.containers.map(async (c) => (await engine.getContainer(c).inspect()).State.StartedAt)),
    ).toEqual(before);
    if (secret) {
      expect(r.output()).not.toContain(secret);
      for (const f of readdirSync(work))
        if (f.endsWith('.log')) expect(readFileSync(join(work, f), 'utf8')).not.toContain(secret);
    }
  });

  it('heal names DOCKER_HOST and TOXIPROXY_URL when they do not answer', async () => {
    const j = join(work, 'normal.log');
    // Not --all: a global halt would also reset the faults of other runs on this shared stack.
    const noDocker = start(['heal', '--journal', j], { DOCKER_HOST: 'unix:///nonexistent' });
    expect((await finished(noDocker, 60_000)).code).toBe(1);
    expect(noDocker.output()).toMatch(
      /Docker engine at unix:\/\/\/nonexistent is unreachable \(ENOENT\).*set DOCKER_HOST/,
    );
    const noToxi = start(['heal', '--journal', j], { TOXIPROXY_URL: 'http://127.0.0.1:1' });
    expect((await finished(noToxi, 60_000)).code).toBe(1);
    expect(noToxi.output()).toMatch(/Toxiproxy API at http:\/\/127\.0\.0\.1:1 is unreachable .*set TOXIPROXY_URL/);
  });
});

describe('bad input and dry runs leave the stack untouched', () => {
  const state = async () => ({
    containers: await Promise.all(
      SCOPE.containers.map(async (c) => {
        const s = (await engine.getContainer(c).inspect()).State;
        return [c, s.Running, s.Paused, s.StartedAt];
      }),
    ),
    proxies: await (await fetch(`${env.toxiproxyUrl}/proxies`)).json(),
  });

  it('inject --dry-run prints the resolved timeline (phase, time, action, target, parameters), writes no journal', async () => {
    const before = await state();
    const j = join(work, 'dry.log');
    const r = start(['inject', ALL_FAULTS, '--dry-run', '--journal', j]);
    expect((await finished(r)).code).toBe(0);
    const out = r.output();
    expect(out).toMatch(/1s {2}phase 2 fault \(30s\)/);
    expect(out).toMatch(/1s {4}inject pause cdc-connect until 31s/);
    expect(out).toContain('docker stop (SIGKILL, timeout 0) cdc-consumer');
    expect(out).toContain('toxiproxy consumer_mongodb: add latency downstream {"latency":100,"jitter":0}');
    expect(out).toContain('toxiproxy consumer_kafka: disable');
    expect(out).toContain(
      'docker exec cdc-kafka sh -c stress-ng --quiet --temp-path /dev/shm --cpu 1 --cpu-load 50 --timeout 30s >/dev/null 2>&1 &',
    );
    expect(out).toContain('dry run of all-faults, nothing was touched');
    expect(existsSync(j)).toBe(false);
    expect(await state()).toEqual(before);
  });

  it('every file in test/fixtures/bad-scenarios: exit 2, same stack state before and after', async () => {
    const dir = join(root, 'test/fixtures/bad-scenarios');
    const before = await state();
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) {
      const lines: string[] = [];
      expect(await injectCommand(join(dir, f), { cooldown: '60s' }, (l) => lines.push(l)), f).toBe(2);
      expect(lines.join('\n'), f).toMatch(new RegExp(`${f.replace('.', '\\.')}:\\d+:\\d+: `));
    }
    expect(await state()).toEqual(before);
  });
});

describe('data hygiene', () => {
  it('pre-existing rows of the harness tables are identical after a full run; the run deletes only its own rows', async () => {
    const db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
    const tag = `safety-preexisting-${Date.now().toString(36)}`;
    const runId = `safety-hygiene-${Date.now().toString(36)}`;
    const checksum = async () => {
      const c = await db.query(
        "select md5(coalesce(string_agg(t::text, '|' order by id), '')) as h, count(*)::int as n from customers t where run_id = $1",
        [tag],
      );
      const o = await db.query(
        "select md5(coalesce(string_agg(t::text, '|' order by id), '')) as h, count(*)::int as n from orders t where run_id = $1",
        [tag],
      );
      return { customers: c.rows[0], orders: o.rows[0] };
    };
    try {
      // Rows the harness did not write (another run's, or a user's), in both tables.
      for (let i = 0; i < 20; i++) {
        await db.query(
          "insert into customers (id, run_id, version, email, status, balance) values ($1, $2, 7, $3, 'active', $4)",
          [`${tag}-c${i}`, tag, `${tag}-${i}@keep.test`, i * 100],
        );
        await db.query(
          "insert into orders (id, run_id, version, customer_id, amount, status) values ($1, $2, 3, $3, $4, 'paid')",
          [`${tag}-o${i}`, tag, `${tag}-c${i}`, i * 7],
        );
      }
      const before = await checksum();
      expect(before.customers.n).toBe(20);
      const loaded = loadScenarioFile(join(FIXTURES, 'hygiene.yml')) as { scenario: ScenarioSpec };
      const script = await bundleScenario({ root, scenario: loaded.scenario, outfile: join(work, 'chaos-hygiene.js') });
      mkdirSync(join(work, 'reports'), { recursive: true }); // k6 creates no folder for handleSummary's files
      const r = start([
        'run',
        '-q',
        '--log-output',
        `file=${join(work, 'hygiene.log')}`,
        '--log-format',
        'json',
        '-e',
        `CHAOS_RUN_ID=${runId}`,
        '-e',
        'CHAOS_VUS=2',
        '-e',
        'CHAOS_QUIESCENCE_TIMEOUT=30s',
        '-e',
        `CHAOS_REPORT_DIR=${join(work, 'reports')}`,
        // The local PostgreSQL trusts its postgres user, so a distinctive password still connects: it must appear nowhere.
        '-e',
        `PG_URL=${PG_SECRET_URL}`,
        script,
      ]);
      const done = await finished(r, 300_000);
      // The verdict is not this test's business; that the run really wrote and cleaned up is.
      expect([0, 99], r.output()).toContain(done.code);
      const ev = journalEvents(join(work, 'hygiene.log'));
      expect(ev.some((e) => e.event === 'undo_all')).toBe(true);
      // It really wrote: verification classified the run's keys.
      expect(
        ev.filter((e) => e.event === 'verdict').reduce((n, e) => n + Number((e as { keys?: number }).keys ?? 0), 0),
      ).toBeGreaterThan(0);
      expect(await checksum()).toEqual(before);
      const own = await db.query(
        'select (select count(*) from customers where run_id = $1)::int + (select count(*) from orders where run_id = $1)::int as n',
        [runId],
      );
      expect(own.rows[0].n).toBe(0);
      expect(r.output()).not.toContain(PG_SECRET);
      const reports = join(work, 'reports');
      for (const f of [join(work, 'hygiene.log'), ...readdirSync(reports).map((x) => join(reports, x))])
        expect(readFileSync(f, 'utf8'), f).not.toContain(PG_SECRET);
    } finally {
      await db.query('delete from orders where run_id = $1', [tag]);
      await db.query('delete from customers where run_id = $1', [tag]);
      await db.end();
    }
  });
});
