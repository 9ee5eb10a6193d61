// Bad input: every malformed scenario in test/fixtures/bad-scenarios is refused by the validator
// build/bundles.mjs and `cdc-chaos inject <file>` share, with file:line:column, the field and a
// message saying what is wrong; through the CLI it exits 2 before anything is bundled or touched.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error build/ is plain ESM JavaScript without types
import { loadScenarioFile } from '../../build/bundles.mjs';
import { validateScenario } from '../../src/experiment/schema.js';
import { injectCommand } from '../../src/cli/commands/inject.js';

const dir = new URL('../fixtures/bad-scenarios/', import.meta.url).pathname;

/** Fixture → the first error expected: `line:column: field: message` (prefix of the message). */
const EXPECTED: [string, string][] = [
  ['action-duration-30x', '10:19: phases[1].actions[0].params.duration: invalid duration "30x" at "30x"'],
  ['action-duration-negative', '10:19: phases[1].actions[0].params.duration: negative duration "-10s"'],
  ['action-missing-target', '8:9: phases[1].actions[0].target: is required'],
  ['action-unknown-key', '9:9: phases[1].actions[0].targett: unknown key "targett"'],
  ['action-unknown-type', '8:9: phases[1].actions[0].type: unknown action type "explode"'],
  ['cpu-load-over-100', '10:27: phases[1].actions[0].params.cpu_load: percentage must be between 0% and 100%, got 120%'],
  ['duration-30x', '4:5: phases[0].duration: invalid duration "30x" at "30x"'],
  ['duration-negative', '4:5: phases[0].duration: negative duration "-5s"'],
  ['duration-number', '4:5: phases[0].duration: must be a duration string such as 30s or 1m30s, got number 30'],
  ['empty-file', '1:1: (top level): must be a mapping, got null'],
  ['jitter-without-delay', '10:19: phases[1].actions[0].params.jitter: jitter needs a delay'],
  ['kill-never-healed', '8:9: phases[1].actions[0]: kill on cdc-consumer in the 0s phase "crash" is never healed: give it params.duration or'],
  ['kill-sigterm', '10:19: phases[1].actions[0].params.signal: only SIGKILL is possible: xk6-docker has no kill-with-signal'],
  ['loss-over-100', '10:19: phases[1].actions[0].params.loss: percentage must be between 0% and 100%, got 150%'],
  ['loss-partial', '10:19: phases[1].actions[0].params.loss: only 100% loss'],
  ['missing-phases', '1:1: phases: is required'],
  ['netem-nothing', '10:9: phases[1].actions[0].params: netem needs loss: 100%, delay or rate'],
  ['param-unknown-for-type', '10:19: phases[1].actions[0].params.signal: unknown key "signal"'],
  ['partition-mode-bad', '10:19: phases[1].actions[0].params.mode: must be blackhole'],
  ['phase-bad-name', '3:5: phases[0].name: phase names are identifiers'],
  ['phase-duplicate-name', '5:5: phases[1].name: duplicate phase name "a"'],
  ['phase-missing-duration', '3:5: phases[0].duration: is required'],
  ['phase-unknown-key', '4:5: phases[0].durration: unknown key "durration"'],
  ['phases-empty', '2:1: phases: needs at least one phase'],
  ['proxy-unknown', '10:29: phases[1].actions[0].params.proxies[0]: unknown proxy "kafka_everything"'],
  ['rate-bad', '10:19: phases[1].actions[0].params.rate: must be a bandwidth such as 1mbit, 512kbit or 100KB, got "fast"'],
  ['rule-two-heads', '6:5: validation[0]: a rule has exactly one of metric, container, custom, alert'],
  ['rule-unknown-container', '6:5: validation[0].container: unknown container "cdc-mysql"'],
  ['rule-unknown-metric', '6:5: validation[0].metric: unknown metric "cdc_made_up_total"'],
  ['rule-unknown-phase', '8:5: validation[0].after_phase: unknown phase "recoveryy"'],
  ['stress-nothing', '10:9: phases[1].actions[0].params: stress needs cpu'],
  ['stress-vm-bytes', '10:26: phases[1].actions[0].params.vm_bytes: must be a size such as 256M, got "256MB"'],
  ['target-control-prometheus', "9:9: phases[1].actions[0].target: cdc-prometheus is on the harness's control path"],
  ['target-control-toxiproxy', "9:9: phases[1].actions[0].target: cdc-toxiproxy is on the harness's control path"],
  ['target-unknown', '9:9: phases[1].actions[0].target: unknown target "cdc-mysql"'],
  ['top-not-mapping', '1:1: (top level): must be a mapping, got a list'],
  ['total-zero', '2:1: phases: the phases last 0s in total: nothing to run'],
  ['unknown-top-key', '2:1: phasess: unknown key "phasess"'],
  ['unpause-heals-nothing', '8:9: phases[1].actions[0]: unpause on cdc-connect heals nothing: no earlier pause on that container'],
  ['yaml-bad-indent', '4:1: YAML: Sequence item without - indicator at line 4, column 1:'],
  ['yaml-duplicate-key', '2:1: YAML: Map keys must be unique at line 2, column 1:'],
  ['yaml-tab-indent', '3:1: YAML: Tabs are not allowed as indentation at line 3, column 1:'],
  ['yaml-unclosed-flow', '3:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:'],
];

function firstError(name: string): string {
  const r = loadScenarioFile(join(dir, `${name}.yml`), validateScenario, `${name}.yml`) as { scenario?: unknown; errors?: string[] };
  expect(r.scenario).toBeUndefined();
  return (r.errors ?? [])[0] ?? '';
}

describe('bad scenario files', () => {
  it('there are at least 30, and each has its expected message (and vice versa)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4)).sort();
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
    for (const n of ['kafka-partition', 'mongodb-failure', 'consumer-restart', 'network-delay', 'cpu-stress', 'memory-stress', 'all']) expect(usage).toContain(`  - ${n}`);
  });

  it('a malformed -e or --cooldown is refused before anything runs', async () => {
    const lines: string[] = [];
    expect(await injectCommand('mongodb-failure', { cooldown: '60s', env: ['NOEQUALS'] }, (l) => lines.push(l))).toBe(2);
    expect(await injectCommand('mongodb-failure', { cooldown: '30x' }, (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual(['-e must be KEY=VALUE (e.g. -e CHAOS_TIME_SCALE=0.1), got "NOEQUALS"', '--cooldown: invalid duration "30x" at "30x" (units: ms, s, m, h)']);
  });
});
