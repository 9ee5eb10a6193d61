// Bad input through the real commands: the scenario build (build/bundles.mjs run as a program on a
// temporary scenarios dir), `cdc-chaos inject`, `heal` and `stack` argument checks (those made before
// any Docker call; stack runs get a DOCKER_HOST that leads nowhere, so nothing can touch the shared
// stack), the bundle's environment settings, malformed journals, bundle banners and the dry-run
// timeline of a 10,000-fault scenario. Every case asserts the exit code (where a process runs), a
// message that names the file/field/flag/variable and says what to do, and no stack trace.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from '../../src/bundle/k6-bundle.js';
import { loadScenarioFile, oneLine } from '../../src/bundle/scenario-file.js';
import { upOptions, tailLines } from '../../src/cli/commands/stack.js';
import { activeFaults } from '../../src/chaos/active.js';
import { parseJournal } from '../../src/chaos/journal.js';
import { planFaults } from '../../src/experiment/fault-plan.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { validateScenario } from '../../src/experiment/schema.js';
import { readSettings } from '../../src/experiment/settings.js';
import { timelineLines } from '../../src/experiment/timeline-text.js';
import { fakeControlPath, type FakeControlPath } from './fake-control-path.js';
import { shippedScenario } from './helpers-scenarios.js';

const root = new URL('../..', import.meta.url).pathname;
const BIN = join(root, 'bin', 'cdc-chaos.js');
const BUNDLES = join(root, 'build', 'bundles.mjs');
const STACK_TRACE = /\n\s+at /;
const work = mkdtempSync(join(tmpdir(), 'cdc-chaos-bad-input-'));
/** Where a stray Docker call would go: nowhere. */
const NO_DOCKER = { DOCKER_HOST: `unix://${join(work, 'no-docker.sock')}` };

interface Ran {
  code: number | null;
  out: string;
}

/** Runs node with args in `cwd` (async: the fake control path answers from this process). */
function node(args: string[], env: Record<string, string> = {}, cwd = work): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...NO_DOCKER, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const cli = (args: string[], env?: Record<string, string>) => node([BIN, ...args], env);

function expectOneLineError(r: Ran, code: number, ...parts: (string | RegExp)[]): void {
  expect(r.out, r.out).not.toMatch(STACK_TRACE);
  expect(r.code, r.out).toBe(code);
  for (const p of parts) {
    if (typeof p === 'string') expect(r.out).toContain(p);
    else expect(r.out).toMatch(p);
  }
}

const BASE = 'name: fine\nphases:\n  - name: baseline\n    duration: 10s\n';

function scenarioDir(files: Record<string, string>): string {
  const d = mkdtempSync(join(work, 'scenarios-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('the scenario build on bad files (node build/bundles.mjs --scenarios DIR)', () => {
  it('every error on its own line with file:line:col and field, a summary, exit 2, no bundle written', async () => {
    const dir = scenarioDir({
      'good.yml': BASE,
      'long.yml': 'name: long\nphases:\n  - name: a\n    duration: 999999999999h\n',
      'inf.yml':
        'name: inf\nphases:\n  - name: a\n    duration: 10s\n    actions:\n      - { type: stress, target: cdc-consumer, params: { cpu: .inf } }\n',
    });
    const out = join(work, 'dist-bad');
    const r = await node([BUNDLES, '--scenarios', dir, '--outdir', out]);
    expectOneLineError(r, 2, 'build: 2 scenario errors, no bundle written: fix the file(s) above');
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^error: \S*inf\.yml:6:57: phases\[0\]\.actions\[0\]\.params\.cpu: must be a finite number between 1 and 64, got \.inf$/,
    );
    expect(lines[1]).toMatch(/^error: \S*long\.yml:4:5: phases\[0\]\.duration: "999999999999h" is longer than 24h/);
    expect(existsSync(out)).toBe(false);
  });

  it('a YAML alias bomb is one line, exit 2', async () => {
    const bomb = [
      'name: bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`),
      'phases: []',
    ].join('\n');
    const r = await node([BUNDLES, '--scenarios', scenarioDir({ 'bomb.yml': bomb })]);
    expectOneLineError(
      r,
      2,
      /error: \S*bomb\.yml:1:1: YAML: Excessive alias count .*write the values out or use fewer aliases/,
    );
  });

  it('warnings are printed one line each and the bundle is still built (exit 0)', async () => {
    const warn =
      'name: warn\nphases:\n  - name: a\n    duration: 10s\n    actions:\n      - type: pause\n        target: cdc-connect\n        params: { duration: 60s }\n  - name: b\n    duration: 60s\n';
    const out = join(work, 'dist-warn');
    const r = await node([BUNDLES, '--scenarios', scenarioDir({ 'warn.yml': warn }), '--outdir', out]);
    expect(r.out).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^warning: \S*warn\.yml:8:19: phases\[0\]\.actions\[0\]\.params\.duration: pause on cdc-connect lasts 1m, longer than its 10s phase "a"/m,
    );
    expect(readdirSync(out)).toEqual(['chaos-warn.js']);
  });

  it('an unknown build flag is one line, exit 2', async () => {
    expectOneLineError(
      await node([BUNDLES, '--scenario', 'x']),
      2,
      "build/bundles.mjs: Unknown option '--scenario'",
      'usage: node build/bundles.mjs',
    );
  });
});

describe('user strings in generated code', () => {
  const scenario = (name: string, id: string): ScenarioSpec => {
    const v = validateScenario({ name: 'x', phases: [{ name: 'a', duration: '1s' }] }, 'x');
    if (!v.ok) throw new Error('fixture');
    return { ...v.scenario, name, id };
  };

  it.each([
    ['a line feed', 'evil\nglobalThis.pwned = 1;'],
    ['a carriage return', 'evil\rglobalThis.pwned = 1;'],
    ['U+2028 (a JavaScript line terminator JSON leaves raw)', 'evil\u2028globalThis.pwned = 1;'],
  ])('a scenario name or id with %s stays inside the banner comment', async (_what, evil) => {
    const outfile = join(work, `banner-${evil.charCodeAt(4)}.js`);
    await bundleScenario({ root, scenario: scenario(evil, evil), outfile });
    const code = readFileSync(outfile, 'utf8');
    const lines = code.split(/\r\n|\r|\n|\u2028|\u2029/);
    expect(lines[0]).toMatch(/^\/\/ /);
    expect(lines[1]).toMatch(/^\/\/ Run: /);
    // The only executable mention is the embedded (JSON-escaped) scenario: never a statement of its own.
    expect(lines.filter((l) => /^\s*globalThis\.pwned/.test(l))).toEqual([]);
  });

  it('a scenario file whose name holds a line break is refused, its name quoted on one line', () => {
    const d = mkdtempSync(join(work, 'odd-'));
    const file = join(d, 'evil\nname.yml');
    writeFileSync(file, BASE);
    const r = loadScenarioFile(file) as { errors: string[] };
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).not.toContain('\n');
    expect(r.errors[0]).toContain('file name: "evil\\nname" is not a scenario name: use 1-64 letters, digits, _ and -');
    expect(oneLine('plain')).toBe('plain');
  });
});

describe('cdc-chaos inject on bad input (the real CLI)', () => {
  it('a directory: one line, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', work]),
      2,
      'is a directory, not a scenario file: give a scenario .yml file or a scenario name',
    );
  });

  it('a file that does not exist: one line, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', join(work, 'nope.yml')]),
      2,
      'nope.yml: no such file: give a scenario .yml file or a scenario name',
    );
  });

  it('an alias bomb: one line, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', join(root, 'test/fixtures/bad-scenarios/yaml-alias-bomb.yml')]),
      2,
      'YAML: Excessive alias count',
    );
  });

  it('an unknown name with a line break is shown quoted, exit 2', async () => {
    expectOneLineError(await cli(['inject', 'kafka\npartition']), 2, 'Unknown scenario: "kafka\\npartition"');
  });

  it('-e without = names the flag and the form, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', 'connect-pause', '--dry-run', '-e', 'CHAOS_TIME_SCALE']),
      2,
      '-e must be KEY=VALUE (e.g. -e CHAOS_TIME_SCALE=0.1), got "CHAOS_TIME_SCALE"',
    );
  });

  it('--cooldown 99999h is over the 24h bound, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', 'all', '--dry-run', '--cooldown', '99999h']),
      2,
      '--cooldown="99999h" is too long; expected a duration such as 90s',
    );
  });

  it('all with --journal is refused, exit 2', async () => {
    expectOneLineError(
      await cli(['inject', 'all', '--journal', 'j.log']),
      2,
      '--journal names one file: with all, each scenario gets its own',
    );
  });

  it.each([
    [
      'CHAOS_QUIESCENCE_TIMEOUT=abc',
      'CHAOS_QUIESCENCE_TIMEOUT="abc": invalid duration "abc" at "abc" (units: ms, s, m, h); expected a duration such as 90s, 3m or 1m30s (0s to 24h)',
    ],
    [
      'CHAOS_SETTLE_TIMEOUT=-5s',
      'CHAOS_SETTLE_TIMEOUT="-5s": negative duration "-5s" (durations are >= 0); expected a duration such as 90s, 3m or 1m30s (0s to 24h); 0 = no check',
    ],
    ['CHAOS_TIME_SCALE=fast', 'CHAOS_TIME_SCALE must be a positive number, got "fast"'],
  ])("-e %s: the bundle's own check, before anything runs, exit 2", async (kv, message) => {
    expectOneLineError(
      await cli(['inject', 'connect-pause', '--dry-run', '-e', kv]),
      2,
      `cdc-chaos inject: ${message}; nothing was touched`,
    );
  });

  it('a 10,000-fault scenario dry-runs to completion: every phase, injection and heal listed in order', async () => {
    const n = 10_000;
    const lines = ['name: big', 'phases:'];
    for (let i = 0; i < n; i++)
      lines.push(
        `  - name: p${i}`,
        '    duration: 1s',
        '    actions:',
        '      - { type: pause, target: cdc-connect, params: { duration: 500ms } }',
      );
    const file = join(work, 'big.yml');
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['inject', file, '--dry-run', '-e', 'CHAOS_SEED=7']);
    expect(r.out).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.filter((l) => /^\s+\S+ {2}phase \d+ p\d+ \(1s\)$/.test(l))).toHaveLength(n);
    expect(out.filter((l) => /inject pause cdc-connect until/.test(l))).toHaveLength(n);
    expect(out.filter((l) => /heal pause cdc-connect: docker unpause cdc-connect$/.test(l))).toHaveLength(n);
    const at = out.findIndex((l) => l.endsWith('phase 10000 p9999 (1s)'));
    expect(out.slice(at, at + 5).map((l) => l.trim())).toEqual([
      '2h46m39s  phase 10000 p9999 (1s)',
      '2h46m39s    inject pause cdc-connect until 2h46m39s500ms (healed by duration)',
      'docker pause cdc-connect',
      '2h46m39s500ms    heal pause cdc-connect: docker unpause cdc-connect',
      '2h46m40s  verification (quiescence timeout 3m)',
    ]);
    expect(r.out).toContain('cdc-chaos inject: dry run of big, nothing was touched');
  }, 120_000);
});

describe('the dry-run timeline text', () => {
  it('lists a heal under the first phase holding its time, a 0s phase included, same as the shipped scenarios expect', () => {
    const s = shippedScenario('connect-pause');
    const lines = timelineLines(planFaults(s, 1), 180_000).map((l) => l.trim());
    expect(lines).toEqual([
      '0s  phase 1 baseline (1m)',
      '1m  phase 2 pause (0s)',
      '1m    inject pause cdc-connect until 1m30s (healed by action)',
      'docker pause cdc-connect',
      '1m  phase 3 outage (30s)',
      '1m30s    heal pause cdc-connect: docker unpause cdc-connect',
      '1m30s  phase 4 resume (0s)',
      '1m30s  phase 5 catchup (2m)',
      '3m30s  verification (quiescence timeout 3m)',
    ]);
  });
});

describe('bundle settings (environment variables): the message names the variable, the value and the form', () => {
  const s = shippedScenario('connect-pause');
  it.each([
    [
      { CHAOS_QUIESCENCE_TIMEOUT: 'abc' },
      'CHAOS_QUIESCENCE_TIMEOUT="abc": invalid duration "abc" at "abc" (units: ms, s, m, h); expected a duration such as 90s',
    ],
    [
      { CHAOS_QUIESCENCE_TIMEOUT: '48h' },
      'CHAOS_QUIESCENCE_TIMEOUT="48h" is too long; expected a duration such as 90s, 3m or 1m30s (0s to 24h)',
    ],
    [
      { CHAOS_QUIESCENCE_TIMEOUT: '90' },
      'CHAOS_QUIESCENCE_TIMEOUT="90": invalid duration "90" at "90" (a bare number needs a unit: ms, s, m or h)',
    ],
    [
      { CHAOS_SETTLE_TIMEOUT: '-5s' },
      'CHAOS_SETTLE_TIMEOUT="-5s": negative duration "-5s" (durations are >= 0); expected a duration such as 90s, 3m or 1m30s (0s to 24h); 0 = no check',
    ],
    [{ CHAOS_TIME_SCALE: '0' }, 'CHAOS_TIME_SCALE must be a positive number, got "0"'],
    [{ CHAOS_VUS: '1.5' }, 'CHAOS_VUS must be a positive integer, got "1.5"'],
    [{ CHAOS_VERIFY_READERS: '0' }, 'CHAOS_VERIFY_READERS must be a positive integer, got "0"'],
    [{ CHAOS_VERIFY_READERS: '17' }, 'CHAOS_VERIFY_READERS must be at most 16 (a reader reads whole shards), got 17'],
    [{ CHAOS_SEED: '-1' }, 'CHAOS_SEED must be a non-negative integer, got "-1"'],
    [{ CDC_DELIVERY: 'twice' }, 'CDC_DELIVERY must be at-least-once or exactly-once, got "twice"'],
    [{ CHAOS_RUN_ID: 'a b' }, 'CHAOS_RUN_ID must be 1-64 letters, digits, _ or -, got "a b"'],
    [
      { CHAOS_LEASE: '1s' },
      'CHAOS_LEASE="1s" is too short; expected a duration of at least 5s: renewals come every third of it, between fault steps',
    ],
  ])('%o is refused', (env, message) => {
    expect(() => readSettings(env, s)).toThrow(message);
  });

  it('good values and the defaults are read', () => {
    expect(readSettings({ CHAOS_SETTLE_TIMEOUT: '0', CHAOS_QUIESCENCE_TIMEOUT: '2m' }, s)).toMatchObject({
      settleTimeoutMs: 0,
      quiescenceTimeoutMs: 120_000,
      scale: 1,
      vus: 20,
    });
    expect(readSettings({}, s)).toMatchObject({
      settleTimeoutMs: 90_000,
      quiescenceTimeoutMs: s.slo.quiescenceTimeoutMs,
    });
  });
});

const J = (e: Record<string, unknown>) =>
  JSON.stringify({ cdc_chaos_journal: { run_id: 'r1', scenario: 's', at: '2026-01-01T00:00:00Z', ...e } });
const intent = (fault: string, undo: unknown) =>
  J({ event: 'fault_intent', fault, action: 'pause', target: 'cdc-consumer', undo });
const RUNNING = (c: string) => [{ kind: 'container_ensure_running', container: c }];

describe('malformed journal lines are skipped with their line number and why; the rest is read', () => {
  it.each([
    ['undo null', null, 'the undo of f2 is null, not a list of operations'],
    ['undo a string', 'rm -rf /', 'the undo of f2 is "rm -rf /", not a list of operations'],
    ['an undo operation null', [null], 'the undo of f2, operation 1: not an operation: null'],
    [
      'an unknown operation kind',
      [{ kind: 'format_disk' }],
      'the undo of f2, operation 1: unknown operation kind "format_disk"',
    ],
    [
      'an exec whose cmd is a string',
      [{ kind: 'exec', container: 'cdc-consumer', cmd: 'pkill stress-ng' }],
      'the undo of f2, operation 1: exec operation without a valid cmd',
    ],
    [
      'a toxic_add without its toxic',
      [{ kind: 'toxic_add', proxy: 'consumer_kafka' }],
      'the undo of f2, operation 1: toxic_add operation without a valid toxic',
    ],
    [
      'a container operation without a container',
      [...RUNNING('cdc-consumer'), { kind: 'container', op: 'start' }],
      'the undo of f2, operation 2: container operation without a valid container',
    ],
  ])('%s', (_what, undo, why) => {
    const text = [intent('f1', RUNNING('cdc-consumer')), intent('f2', undo), intent('f3', RUNNING('cdc-mongodb'))].join(
      '\n',
    );
    const parsed = parseJournal(text);
    expect(parsed.bad).toEqual([{ line: 2, why }]);
    expect(activeFaults(parsed.entries).map((f) => f.fault)).toEqual(['f1', 'f3']);
  });

  it('a fault field that is not a string', () => {
    expect(parseJournal(J({ event: 'fault_end', fault: 5 })).bad).toEqual([
      { line: 1, why: 'fault must be a string, got 5' },
    ]);
  });
});

describe('cdc-chaos heal on bad input', () => {
  let fake: FakeControlPath;
  beforeAll(async () => {
    fake = await fakeControlPath(work);
  });
  afterAll(async () => fake.close());
  const heal = (args: string[]) =>
    cli(['heal', ...args], { DOCKER_HOST: fake.dockerHost, TOXIPROXY_URL: fake.toxiproxyUrl });

  it('a null undo on one line: the faults before and after it are healed, the line is reported, exit 1', async () => {
    const journal = join(work, 'journal-bad.log');
    writeFileSync(
      journal,
      [intent('f1', RUNNING('cdc-consumer')), intent('f2', null), intent('f3', RUNNING('cdc-mongodb')), ''].join('\n'),
    );
    fake.requests.length = 0;
    const r = await heal(['--journal', journal]);
    expectOneLineError(
      r,
      1,
      'FAIL line 2 skipped: the undo of f2 is null, not a list of operations; what it recorded is not healed: check by hand or run cdc-chaos heal --all',
    );
    expect(r.out).toContain('ok   docker unpause/start cdc-consumer if needed: cdc-consumer already running');
    expect(r.out).toContain('ok   docker unpause/start cdc-mongodb if needed: cdc-mongodb already running');
    expect(fake.requests).toEqual(
      expect.arrayContaining(['GET /containers/cdc-consumer/json', 'GET /containers/cdc-mongodb/json']),
    );
    // Both repairs are recorded, so the next heal does not repeat them; the bad line stays reported.
    const again = await heal(['--journal', journal]);
    expect(again.code).toBe(1);
    expect(again.out).not.toContain('already running');
  });

  it('a clean journal heals and exits 0 (the fake path is sound)', async () => {
    const journal = join(work, 'journal-good.log');
    writeFileSync(journal, `${intent('f1', RUNNING('cdc-consumer'))}\n`);
    const r = await heal(['--journal', journal]);
    expect(r.out).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
  });

  it('a journal that does not exist: exit 2, names it', async () => {
    expectOneLineError(await heal(['--journal', join(work, 'nope.log')]), 2, 'heal: no such journal', 'nope.log');
  });

  it('a directory as --journal: exit 2, says to give the file', async () => {
    expectOneLineError(await heal(['--journal', work]), 2, 'is not a file: give the journal file itself');
  });

  it('an unreadable journal in reports/ does not stop the others: exit 1, names it', async () => {
    // A directory named like a journal: unreadable as a file whatever the user's rights (tests may run as root).
    const cwd = mkdtempSync(join(work, 'cwd-'));
    mkdirSync(join(cwd, 'reports', 'journal-a.log'), { recursive: true });
    writeFileSync(join(cwd, 'reports', 'journal-b.log'), `${intent('f9', RUNNING('cdc-mongodb'))}\n`);
    const r = await node([BIN, 'heal'], { DOCKER_HOST: fake.dockerHost, TOXIPROXY_URL: fake.toxiproxyUrl }, cwd);
    expectOneLineError(
      r,
      1,
      /journal \S*journal-a\.log: cannot be read \(EISDIR\): nothing in it was healed/,
      'cdc-mongodb already running',
    );
  });
});

describe('cdc-chaos stack: argument errors before any Docker call (exit 2)', () => {
  it.each([
    [['up', '--consumer-env', 'FOO'], '--consumer-env expects NAME=value with NAME a variable name, got "FOO"'],
    [['up', '--consumer-env', '=x'], '--consumer-env expects NAME=value with NAME a variable name, got "=x"'],
    [['up', '--consumer-env', '1BAD=x'], '--consumer-env expects NAME=value with NAME a variable name, got "1BAD=x"'],
    [['up', '--connector-config', '{nope'], '--connector-config is not valid JSON'],
    [['up', '--connector-config', '[1]'], '--connector-config must be a JSON object, got [1]'],
    [
      ['up', '--connector-config', '{"a":{"b":1}}'],
      '--connector-config: "a" must be a string, number or boolean, got {"b":1}',
    ],
    [['logs', 'nope'], 'no stack container named "nope"'],
    [['logs', 'consumer', '-n', 'abc'], '-n/--tail must be a positive whole number of lines, got "abc"'],
    [['logs', 'consumer', '-n', '0'], '-n/--tail must be a positive whole number of lines, got "0"'],
  ])('stack %j', async (args, message) => {
    const r = await cli(['stack', ...args]);
    expectOneLineError(r, 2, `error: ${message}`, 'what to do: ');
  });

  it('good arguments parse (flat connector values become strings)', () => {
    expect(upOptions({ consumerEnv: ['A=1', 'B=x=y'], connectorConfig: '{"max.batch.size":512,"x":true}' })).toEqual({
      consumer: undefined,
      consumerEnv: { A: '1', B: 'x=y' },
      connectorConfig: { 'max.batch.size': '512', x: 'true' },
    });
    expect(upOptions({ consumerImage: 'img' }).consumerEnv).toEqual({});
    expect(tailLines('50')).toBe(50);
  });
});

describe('after all of the above', () => {
  it('no journal was written for any bad input (no reports/ in the working directory)', () => {
    expect(existsSync(join(work, 'reports'))).toBe(false);
  });
});
