import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-schema-'));

function load(name: string, text: string): { scenario?: any; errors?: string[] } {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, text);
  return loadScenarioFile(file, `${name}.yml`);
}

const GOOD = `name: ok
phases:
  - name: baseline
    duration: 10s
  - name: crash
    duration: 0s
    actions:
      - type: kill
        target: cdc-mongodb
  - name: recovery
    duration: 0s
    actions:
      - type: restart
        target: cdc-mongodb
  - name: catchup
    duration: 20s
validation:
  - container: cdc-mongodb
    condition: healthy
    within: 30s
    after_phase: recovery
`;

describe('scenario schema', () => {
  it('accepts every shipped scenario', () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const r = loadScenarioFile(join(root, 'scenarios', f), f);
      expect(r.errors, f).toBeUndefined();
      expect(r.scenario?.phases.length).toBeGreaterThan(0);
    }
  });

  it('normalizes the plan format: durations in ms, defaults, rule ids', () => {
    const r = load('good', GOOD);
    expect(r.errors).toBeUndefined();
    const s = r.scenario;
    expect(s.id).toBe('good');
    expect(s.phases.map((p: any) => p.durationMs)).toEqual([10_000, 0, 0, 20_000]);
    expect(s.validation[0]).toMatchObject({
      kind: 'container',
      id: 'cdc_mongodb_healthy_within_30s_after_recovery',
      withinMs: 30_000,
    });
    expect(s.load.vus).toBe(20);
    expect(s.slo.recoveryMs).toBe(60_000);
  });

  const bad: [string, string, RegExp][] = [
    [
      'unknown top-level key',
      GOOD.replace('name: ok', 'name: ok\nphasez: []'),
      /bad\.yml:2:1: phasez: unknown key "phasez"/,
    ],
    [
      'unknown phase key',
      GOOD.replace('    duration: 10s', '    durration: 10s'),
      /bad\.yml:4:5: phases\[0\]\.durration: unknown key/,
    ],
    [
      '30x duration',
      GOOD.replace('duration: 10s', 'duration: 30x'),
      /bad\.yml:4:\d+: phases\[0\]\.duration: invalid duration "30x"/,
    ],
    ['negative duration', GOOD.replace('duration: 10s', 'duration: -5s'), /phases\[0\]\.duration: negative duration/],
    [
      'phase min_duration longer than its duration',
      GOOD.replace('duration: 10s', 'duration: 10s\n    min_duration: 11s'),
      /bad\.yml:5:\d+: phases\[0\]\.min_duration: min_duration 11s is longer than the phase duration 10s/,
    ],
    [
      'fault min_duration without a duration',
      GOOD.replace(
        'target: cdc-mongodb\n  - name: recovery',
        'target: cdc-mongodb\n        params: { min_duration: 5s }\n  - name: recovery',
      ),
      /phases\[1\]\.actions\[0\]\.params\.min_duration: min_duration needs params\.duration/,
    ],
    [
      'min_duration on a fault type without a duration',
      GOOD.replace('type: restart', 'type: restart\n        params: { min_duration: 5s }'),
      /phases\[2\]\.actions\[0\]\.params\.min_duration: unknown key/,
    ],
    [
      'numeric duration',
      GOOD.replace('duration: 10s', 'duration: 10'),
      /phases\[0\]\.duration: must be a duration string/,
    ],
    [
      'unknown target',
      GOOD.replace('target: cdc-mongodb\n  - name: recovery', 'target: cdc-mysql\n  - name: recovery'),
      /bad\.yml:9:9: phases\[1\]\.actions\[0\]\.target: unknown target "cdc-mysql"/,
    ],
    [
      'unknown action',
      GOOD.replace('type: kill', 'type: explode'),
      /phases\[1\]\.actions\[0\]\.type: unknown action type "explode"/,
    ],
    [
      'kill with SIGTERM',
      GOOD.replace(
        'target: cdc-mongodb\n  - name: recovery',
        'target: cdc-mongodb\n        params: { signal: SIGTERM }\n  - name: recovery',
      ),
      /only SIGKILL is possible/,
    ],
    [
      'unknown after_phase',
      GOOD.replace('after_phase: recovery', 'after_phase: nope'),
      /validation\[0\]\.after_phase: unknown phase "nope"/,
    ],
    [
      'kill never healed',
      GOOD.replace('      - type: restart\n        target: cdc-mongodb\n', '').replace(
        '    actions:\n  - name: catchup',
        '  - name: catchup',
      ),
      /phases\[1\]\.actions\[0\]: kill on cdc-mongodb in the 0s phase "crash" is never healed/,
    ],
    [
      'partial loss',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: netem\n        target: cdc-kafka\n        params: { loss: 50% }\n',
      /bad\.yml:8:\d+: phases\[0\]\.actions\[0\]\.params\.loss: only 100% loss/,
    ],
    [
      'percentage over 100',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: stress\n        target: cdc-consumer\n        params: { cpu: 1, cpu_load: 150% }\n',
      /cpu_load: percentage must be between 0% and 100%/,
    ],
    [
      'unknown proxy',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: partition\n        target: cdc-kafka\n        params: { proxies: [kafka_everything] }\n',
      /params\.proxies\[0\]: unknown proxy "kafka_everything"/,
    ],
    [
      'unknown metric',
      GOOD.replace(
        '  - container: cdc-mongodb\n    condition: healthy',
        '  - metric: cpu_usage\n    condition: gt\n    value: 1',
      ),
      /validation\[0\]\.metric: unknown metric "cpu_usage"/,
    ],
    [
      'unpause heals nothing',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: unpause\n        target: cdc-connect\n',
      /unpause on cdc-connect heals nothing/,
    ],
    ['missing phases', 'name: x\n', /phases: is required/],
    [
      'redeliver off the broker',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: redeliver\n        target: cdc-consumer\n        params: { window: 5s }\n',
      /bad\.yml:7:\d+: phases\[0\]\.actions\[0\]\.target: redeliver re-publishes through the broker's own tools/,
    ],
    [
      'redeliver without window',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: redeliver\n        target: cdc-kafka\n',
      /params\.window: is required/,
    ],
    [
      'redeliver topic with a shell character',
      'name: x\nphases:\n  - name: p\n    duration: 10s\n    actions:\n      - type: redeliver\n        target: cdc-kafka\n        params: { window: 5s, topics: ["a;rm -rf /"] }\n',
      /params\.topics\[0\]: not a Kafka topic name/,
    ],
    ['YAML syntax error', 'name: x\nphases: [\n', /bad\.yml:\d+:\d+: YAML:/],
    ['duplicate key', 'name: x\nname: y\nphases: []\n', /YAML: Map keys must be unique/],
  ];
  for (const [what, text, expected] of bad) {
    it(`rejects ${what} with file:line and field`, () => {
      const r = load('bad', text);
      expect(r.scenario).toBeUndefined();
      expect(r.errors?.join('\n')).toMatch(expected);
    });
  }
});
