// Bad input: every malformed scenario in test/fixtures/bad-scenarios is refused by the validator
// the build (src/bundle/scenario-file.ts) and `cdc-chaos inject <file>` share, with file:line:column, the field and a
// message saying what is wrong; through the CLI it exits 2 before anything is bundled or touched.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import { validateScenario } from '../../src/experiment/schema.js';
import { injectCommand } from '../../src/cli/commands/inject.js';

const dir = new URL('../fixtures/bad-scenarios/', import.meta.url).pathname;

/** Fixture → the first error expected: `line:column: field: message` (prefix of the message). */
const EXPECTED: [string, string][] = [
  [
    'action-duration-too-long',
    '10:19: phases[1].actions[0].params.duration: "25h" is longer than 24h, the longest duration a scenario takes: split the experiment',
  ],
  ['action-duration-30x', '10:19: phases[1].actions[0].params.duration: invalid duration "30x" at "30x"'],
  ['action-duration-negative', '10:19: phases[1].actions[0].params.duration: negative duration "-10s"'],
  ['action-missing-target', '8:9: phases[1].actions[0].target: is required'],
  ['action-unknown-key', '9:9: phases[1].actions[0].targett: unknown key "targett"'],
  ['action-unknown-type', '8:9: phases[1].actions[0].type: unknown action type "explode"'],
  ['bad name', '1:1: file name: bad name is not a scenario name: use 1-64 letters, digits, _ and -'],
  ['cpu-inf', '10:19: phases[1].actions[0].params.cpu: must be a finite number between 1 and 64, got .inf'],
  ['cpu-string', '10:19: phases[1].actions[0].params.cpu: must be a number between 1 and 64, got string "lots"'],
  [
    'cpu-load-over-100',
    '10:27: phases[1].actions[0].params.cpu_load: percentage must be between 0% and 100%, got 120%',
  ],
  ['description-too-long', '2:1: description: is 2399 characters long, at most 2000 are allowed: shorten it'],
  ['duration-30x', '4:5: phases[0].duration: invalid duration "30x" at "30x"'],
  ['duration-negative', '4:5: phases[0].duration: negative duration "-5s"'],
  ['duration-number', '4:5: phases[0].duration: must be a duration string such as 30s or 1m30s, got number 30'],
  ['duration-too-long', '4:5: phases[0].duration: "999999999999h" is longer than 24h'],
  ['empty-file', '1:1: (top level): must be a mapping, got null'],
  [
    'fault-outlives-scenario',
    '8:9: phases[1].actions[0]: pause on cdc-connect lasts until 1m10s but the scenario ends at 20s: shorten params.duration or lengthen the phases',
  ],
  ['jitter-without-delay', '10:19: phases[1].actions[0].params.jitter: jitter needs a delay'],
  [
    'kill-never-healed',
    '8:9: phases[1].actions[0]: kill on cdc-consumer in the 0s phase "crash" is never healed: give it params.duration or',
  ],
  [
    'kill-sigterm',
    '10:19: phases[1].actions[0].params.signal: only SIGKILL is possible: xk6-docker has no kill-with-signal',
  ],
  ['loss-over-100', '10:19: phases[1].actions[0].params.loss: percentage must be between 0% and 100%, got 150%'],
  ['loss-partial', '10:19: phases[1].actions[0].params.loss: only 100% loss'],
  ['missing-phases', '1:1: phases: is required'],
  ['name-line-break', '1:1: name: contains a line break or control character: write it on one line of plain text'],
  ['name-too-long', '1:1: name: is 121 characters long, at most 120 are allowed: shorten it'],
  ['netem-nothing', '10:9: phases[1].actions[0].params: netem needs loss: 100%, delay or rate'],
  [
    'overlap-container',
    "12:9: phases[1].actions[0]: kill on cdc-connect (0s-5s) overlaps pause on cdc-connect (0s-1m) on the same container cdc-connect: one's heal would undo the other",
  ],
  [
    'overlap-proxy',
    '12:9: phases[1].actions[0]: partition on cdc-kafka (10s-20s) overlaps netem on cdc-kafka (0s-30s) on the same proxy ',
  ],
  [
    'overlap-stress',
    '9:9: phases[0].actions[1]: stress on cdc-consumer (0s-10s) overlaps stress on cdc-consumer (0s-30s) on the same stress-ng in cdc-consumer',
  ],
  ['param-unknown-for-type', '10:19: phases[1].actions[0].params.signal: unknown key "signal"'],
  ['partition-mode-bad', '10:19: phases[1].actions[0].params.mode: must be blackhole'],
  ['phase-bad-name', '3:5: phases[0].name: phase names are identifiers'],
  ['phase-duplicate-name', '5:5: phases[1].name: duplicate phase name "a"'],
  ['phase-missing-duration', '3:5: phases[0].duration: is required'],
  ['phase-unknown-key', '4:5: phases[0].durration: unknown key "durration"'],
  ['phases-empty', '2:1: phases: needs at least one phase'],
  ['proxy-unknown', '10:29: phases[1].actions[0].params.proxies[0]: unknown proxy "kafka_everything"'],
  [
    'rate-bad',
    '10:19: phases[1].actions[0].params.rate: must be a bandwidth such as 1mbit, 512kbit or 100KB, got "fast"',
  ],
  [
    'restart-inside-kill',
    '12:9: phases[1].actions[0]: restart on cdc-consumer (10s-10s) overlaps kill on cdc-consumer (0s-30s) on the same container cdc-consumer',
  ],
  ['rule-two-heads', '6:5: validation[0]: a rule has exactly one of metric, container, custom, alert'],
  ['rule-unknown-container', '6:5: validation[0].container: unknown container "cdc-mysql"'],
  ['rule-unknown-metric', '6:5: validation[0].metric: unknown metric "cdc_made_up_total"'],
  ['rule-unknown-phase', '8:5: validation[0].after_phase: unknown phase "recoveryy"'],
  ['rule-value-inf', '8:5: validation[0].value: must be a finite number or "baseline_rate * <factor>", got -.inf'],
  ['stress-nothing', '10:9: phases[1].actions[0].params: stress needs cpu'],
  ['stress-vm-bytes', '10:26: phases[1].actions[0].params.vm_bytes: must be a size such as 256M, got "256MB"'],
  ['target-control-prometheus', "9:9: phases[1].actions[0].target: cdc-prometheus is on the harness's control path"],
  ['target-control-toxiproxy', "9:9: phases[1].actions[0].target: cdc-toxiproxy is on the harness's control path"],
  ['target-unknown', '9:9: phases[1].actions[0].target: unknown target "cdc-mysql"'],
  ['top-not-mapping', '1:1: (top level): must be a mapping, got a list'],
  ['total-zero', '2:1: phases: the phases last 0s in total: nothing to run'],
  [
    'total-too-long',
    '2:1: phases: the phases last 40h in total, more than 24h: split the experiment into several runs',
  ],
  ['unknown-top-key', '2:1: phasess: unknown key "phasess"'],
  [
    'unpause-heals-nothing',
    '8:9: phases[1].actions[0]: unpause on cdc-connect heals nothing: no earlier pause on that container',
  ],
  [
    'vm-bytes-huge',
    '10:26: phases[1].actions[0].params.vm_bytes: 2048G per vm worker is more than 1024G: give a size such as 256M',
  ],
  ['vm-nan', '10:19: phases[1].actions[0].params.vm: must be a finite number between 1 and 64, got .nan'],
  ['yaml-bad-indent', '4:1: YAML: Sequence item without - indicator at line 4, column 1:'],
  ['yaml-duplicate-key', '2:1: YAML: Map keys must be unique at line 2, column 1:'],
  [
    'yaml-alias-bomb',
    '1:1: YAML: Excessive alias count indicates a resource exhaustion attack: aliases (*name) expand to more than 100 copies',
  ],
  ['yaml-tab-indent', '3:1: YAML: Tabs are not allowed as indentation at line 3, column 1:'],
  [
    'yaml-unclosed-flow',
    '3:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:',
  ],
];

function firstError(name: string): string {
  const r = loadScenarioFile(join(dir, `${name}.yml`), `${name}.yml`) as { scenario?: unknown; errors?: string[] };
  expect(r.scenario).toBeUndefined();
  return (r.errors ?? [])[0] ?? '';
}

describe('bad scenario files', () => {
  it('there are at least 30, and each has its expected message (and vice versa)', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(EXPECTED.map(([n]) => n).sort());
  });

  it.each(EXPECTED)('%s → file:line:col, field and message', (name, expected) => {
    expect(firstError(name).startsWith(`${name}.yml:${expected}`)).toBe(true);
  });
});

describe('cdc-chaos inject on bad input', () => {
  const cwd = process.cwd();
  let work: string;
  beforeAll(() => {
    // A fresh working directory: proves no reports/ (journal) is even created.
    work = mkdtempSync(join(tmpdir(), 'cdc-chaos-badinput-'));
    process.chdir(work);
  });
  afterAll(() => process.chdir(cwd));

  it.each(EXPECTED.map(([n, e]) => [n, e]))('%s: exit 2, the same message, no journal', async (name, expected) => {
    const lines: string[] = [];
    const code = await injectCommand(join(dir, `${name}.yml`), { cooldown: '60s' }, (l) => lines.push(l));
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/is not a valid scenario, nothing was touched/);
    expect(lines.some((l) => l.includes(`.yml:${expected}`))).toBe(true);
    expect(existsSync(join(work, 'reports'))).toBe(false);
  });

  it('an unknown scenario name prints the usage with every scenario, exit 2', async () => {
    const lines: string[] = [];
    expect(await injectCommand('mongodb-failur', { cooldown: '60s' }, (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toBe('Unknown scenario: mongodb-failur');
    const usage = lines.slice(1).join('\n');
    for (const n of [
      'kafka-partition',
      'mongodb-failure',
      'consumer-restart',
      'network-delay',
      'cpu-stress',
      'memory-stress',
      'all',
    ])
      expect(usage).toContain(`  - ${n}`);
  });

  it('a malformed -e or --cooldown is refused before anything runs', async () => {
    const lines: string[] = [];
    expect(await injectCommand('mongodb-failure', { cooldown: '60s', env: ['NOEQUALS'] }, (l) => lines.push(l))).toBe(
      2,
    );
    expect(await injectCommand('mongodb-failure', { cooldown: '30x' }, (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual([
      '-e must be KEY=VALUE (e.g. -e CHAOS_TIME_SCALE=0.1), got "NOEQUALS"',
      '--cooldown="30x": invalid duration "30x" at "30x" (units: ms, s, m, h); expected a duration such as 90s, 3m or 1m30s (0s to 24h)',
    ]);
  });
});

describe('warnings: the file is accepted, the build and inject print one line each', () => {
  const stress = (params: Record<string, unknown>) => ({
    name: 'w',
    phases: [
      {
        name: 'a',
        duration: '10s',
        actions: [{ type: 'stress', target: 'cdc-consumer', params: { duration: '5s', ...params } }],
      },
    ],
  });
  const host = { cpus: 4, memoryBytes: 8 * 1024 ** 3 };
  const warnings = (raw: unknown) => {
    const r = validateScenario(raw, 'w', host);
    expect(r.ok).toBe(true);
    return r.warnings.map((w) => `${w.path.join('.')}: ${w.message}`);
  };

  it('stress asking for more CPUs than this host has', () => {
    expect(warnings(stress({ cpu: 64 }))).toEqual([
      'phases.0.actions.0.params.cpu: 64 CPU workers, but this host has 4 CPUs: the whole machine starves, not just cdc-consumer (fine only if DOCKER_HOST is a bigger machine)',
    ]);
  });

  it('stress asking for more memory than this host has (vm workers x vm_bytes)', () => {
    expect(warnings(stress({ vm: 2, vm_bytes: '999G' }))).toEqual([
      "phases.0.actions.0.params.vm_bytes: 2 vm worker(s) x 999G = 1998.0 GiB, but this host has 8.0 GiB of memory: the kernel's OOM killer picks the victim, not the scenario (fine only if DOCKER_HOST is a bigger machine)",
    ]);
  });

  it('stress within the host: no warning', () => {
    expect(warnings(stress({ cpu: 2, vm: 1, vm_bytes: '256M' }))).toEqual([]);
  });

  it('a fault longer than its (non-empty) phase goes on into the next: a warning, not an error', () => {
    const raw = {
      name: 'w',
      phases: [
        {
          name: 'a',
          duration: '10s',
          actions: [{ type: 'pause', target: 'cdc-connect', params: { duration: '60s' } }],
        },
        { name: 'b', duration: '60s' },
      ],
    };
    expect(warnings(raw)).toEqual([
      'phases.0.actions.0.params.duration: pause on cdc-connect lasts 1m, longer than its 10s phase "a": it goes on through the next phase(s) (to mean that, start it in a 0s phase)',
    ]);
  });

  it('a fault started in a 0s phase spans the following phases by design: no warning; no shipped scenario warns', () => {
    const raw = {
      name: 'w',
      phases: [
        { name: 'a', duration: '0s', actions: [{ type: 'pause', target: 'cdc-connect', params: { duration: '60s' } }] },
        { name: 'b', duration: '60s' },
      ],
    };
    expect(warnings(raw)).toEqual([]);
    for (const f of readdirSync(new URL('../../scenarios/', import.meta.url).pathname)) {
      // Without the host's size: cpu-stress's 2 workers would warn on a 1-CPU machine.
      const r = loadScenarioFile(new URL(`../../scenarios/${f}`, import.meta.url).pathname, f, null) as {
        warnings: string[];
      };
      expect(r.warnings, f).toEqual([]);
    }
  });
});
