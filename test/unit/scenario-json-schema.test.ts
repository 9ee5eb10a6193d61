// scenario.schema.json, the editors' view of the scenario format, against the validator that judges the files:
// the committed copy is what the source generates, both know the same keys, every file the validator accepts the
// schema accepts (no false marks in an editor), and the shape errors of the bad fixtures it marks too.
import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAULT_TYPES, paramKeysOf } from '../../src/experiment/faults/index.js';
import {
  scenarioJsonSchema,
  scenarioJsonSchemaText,
  type JsonSchema,
} from '../../src/experiment/scenario-json-schema.js';
import { validateScenario } from '../../src/experiment/schema.js';

const root = new URL('../..', import.meta.url).pathname;
const schema = scenarioJsonSchema();
const ajvValidate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const yamlFiles = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(root, dir, f));

/** The keys the validator allows at `path` of `raw`: it lists them when it meets an unknown one. */
function validatorKeys(raw: Record<string, unknown>, path: (string | number)[]): string[] {
  let at: Record<string, unknown> = raw;
  for (const p of path) at = (at as Record<string | number, Record<string, unknown>>)[p];
  at.zz_unknown = 1;
  const r = validateScenario(raw, 'probe');
  const e = (r.ok ? [] : r.errors).find((x) => x.path.join('.') === [...path, 'zz_unknown'].join('.'));
  const allowed = /\(allowed: ([^)]*)\)/.exec(e?.message ?? '');
  if (!allowed)
    throw new Error(`the validator did not refuse an unknown key at ${path.join('.')}: ${JSON.stringify(r)}`);
  return allowed[1].split(', ').sort();
}

const keys = (s: JsonSchema) => Object.keys(s.properties as object).sort();
const props = (s: JsonSchema, ...names: string[]): JsonSchema =>
  names.reduce((a, n) => (a.properties as Record<string, JsonSchema>)[n], s);
const phaseSchema = props(schema, 'phases').items as JsonSchema;
const actionSchemas = ((phaseSchema.properties as Record<string, JsonSchema>).actions.items as JsonSchema)
  .oneOf as JsonSchema[];
const ruleSchemas = (props(schema, 'validation').items as JsonSchema).oneOf as JsonSchema[];
const minimal = () => ({
  name: 'p',
  phases: [{ name: 'a', duration: '1s', actions: [] as unknown[] }] as Record<string, unknown>[],
});

describe('scenario.schema.json', () => {
  it('is what src/experiment/scenario-json-schema.ts generates (run npm run build, then commit it)', () => {
    expect(readFileSync(join(root, 'scenario.schema.json'), 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('every scenario file names it on its first line, for yaml-language-server', () => {
    for (const f of yamlFiles('scenarios'))
      expect(readFileSync(f, 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=../scenario.schema.json');
  });

  it('knows the same keys as the validator: top level, phase, load, mix, stages, slo', () => {
    expect(keys(schema)).toEqual(validatorKeys(minimal(), []));
    expect(keys(phaseSchema)).toEqual(validatorKeys(minimal(), ['phases', 0]));
    expect(keys(props(schema, 'load'))).toEqual(validatorKeys({ ...minimal(), load: {} }, ['load']));
    expect(keys(props(schema, 'load', 'mix'))).toEqual(
      validatorKeys({ ...minimal(), load: { mix: { insert: 1 } } }, ['load', 'mix']),
    );
    expect(keys(props(schema, 'load', 'stages').items as JsonSchema)).toEqual(
      validatorKeys({ ...minimal(), load: { stages: [{ duration: '1s', target: 1 }] } }, ['load', 'stages', 0]),
    );
    expect(keys(props(schema, 'slo'))).toEqual(validatorKeys({ ...minimal(), slo: {} }, ['slo']));
  });

  it('has one action per fault type, with the keys and params the validator allows', () => {
    expect(actionSchemas.map((a) => props(a, 'type').const)).toEqual(FAULT_TYPES.map((f) => f.name));
    for (const a of actionSchemas) {
      const type = props(a, 'type').const as string;
      const raw = () => {
        const s = minimal();
        s.phases[0].actions = [{ type, target: 'cdc-kafka', params: {} }];
        return s;
      };
      expect(keys(a), type).toEqual(validatorKeys(raw(), ['phases', 0, 'actions', 0]));
      const params = keys(props(a, 'params'));
      expect(params, type).toEqual(
        FAULT_TYPES.filter((f) => f.name === type)
          .flatMap((f) => [...paramKeysOf(f)])
          .sort(),
      );
      if (params.length > 0) expect(params, type).toEqual(validatorKeys(raw(), ['phases', 0, 'actions', 0, 'params']));
    }
  });

  it('has one rule per rule kind, with the keys the validator allows for it', () => {
    const heads: Record<string, Record<string, unknown>> = {
      metric: { metric: 'cdc_consumer_lag', condition: 'increases' },
      container: { container: 'cdc-kafka', condition: 'healthy' },
      custom: { custom: 'verify_no_duplicates' },
      alert: { alert: 'X' },
    };
    expect(ruleSchemas.map((r) => (r.required as string[])[0])).toEqual(Object.keys(heads));
    for (const r of ruleSchemas) {
      const head = (r.required as string[])[0];
      expect(keys(r), head).toEqual(
        validatorKeys({ ...minimal(), validation: [{ ...heads[head] }] }, ['validation', 0]),
      );
    }
  });

  it('accepts every file the validator accepts (shipped scenarios, safety fixtures)', () => {
    for (const f of [...yamlFiles('scenarios'), ...yamlFiles('test/fixtures/safety')]) {
      const data = parse(readFileSync(f, 'utf8')) as unknown;
      expect(validateScenario(data, 'x').ok, f).toBe(true);
      expect(ajvValidate(data) ? [] : ajvValidate.errors, f).toEqual([]);
    }
  });

  it.each([
    'action-unknown-key',
    'action-unknown-type',
    'action-missing-target',
    'param-unknown-for-type',
    'duration-30x',
    'duration-number',
    'cpu-string',
    'cpu-load-over-100',
    'description-too-long',
    'loss-over-100',
    'missing-phases',
    'name-too-long',
    'partition-mode-bad',
    'phase-bad-name',
    'phase-missing-duration',
    'phase-unknown-key',
    'phases-empty',
    'proxy-unknown',
    'rate-bad',
    'rule-two-heads',
    'rule-unknown-container',
    'stress-vm-bytes',
    'target-unknown',
    'top-not-mapping',
    'unknown-top-key',
  ])('marks the shape error of bad-scenarios/%s.yml, which the validator refuses too', (name) => {
    const data = parse(readFileSync(join(root, 'test/fixtures/bad-scenarios', `${name}.yml`), 'utf8')) as unknown;
    expect(validateScenario(data, name).ok).toBe(false);
    expect(ajvValidate(data)).toBe(false);
  });
});
