// The scenario file format as a JSON Schema (draft-07, what yaml-language-server reads best), for editors:
// completion, hover text and unknown-key marks while writing scenarios/*.yml. The build writes it to
// scenario.schema.json. It describes the shape only; validateScenario (schema.ts) stays the judge of a file (phase
// references, the fault plan, bounds that depend on each other) and the one that reports file:line:col.
// test/unit/scenario-json-schema.test.ts holds both to the same keys and names.
import { MAX_NAME_CHARS } from './checker.js';
import { FAULT_TYPES, paramKeysOf } from './faults/index.js';
import { MAX_DESCRIPTION_CHARS } from './schema.js';

/** Each registered fault type's params (faults/<type>.ts), in the registry's order. */
const PARAMS_BY_TYPE: Record<string, readonly string[]> = Object.fromEntries(
  FAULT_TYPES.map((f) => [f.name, paramKeysOf(f)]),
);
import { knownRuleMetrics } from './pipeline-metrics.js';
import { FAULT_TARGETS, PROXIES } from './targets.js';

export type JsonSchema = { [key: string]: unknown };

const string = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const number = (description: string, minimum: number, maximum: number): JsonSchema => ({
  type: 'number',
  minimum,
  maximum,
  description,
});
const duration = (description: string): JsonSchema =>
  string(`${description} (a duration such as 30s, 1m30s or 200ms)`, {
    pattern: '^\\s*(\\d+(\\.\\d+)?(ms|s|m|h))+\\s*$',
  });
/** 0–100 as a number or a string such as 80%. */
const percent = (description: string): JsonSchema => ({
  description,
  anyOf: [
    { type: 'number', minimum: 0, maximum: 100 },
    { type: 'string', pattern: '^\\s*(100(\\.0+)?|\\d{1,2}(\\.\\d+)?)\\s*%\\s*$' },
  ],
});
const oneOfWords = (description: string, words: readonly string[]): JsonSchema =>
  string(description, { enum: [...words] });
/** A mapping with exactly these keys (unknown keys are errors, as in the validator). */
const mapping = (
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  description?: string,
): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});

const MIN_DURATION_TEXT =
  'Real-time floor of the duration under CHAOS_TIME_SCALE (at most the duration): what the fault needs to test anything, e.g. to outlast the consumer timeouts';

/** Every fault param by name: a name means the same in every fault type that takes it. */
const PARAMS: Record<string, JsonSchema> = {
  signal: oneOfWords('Signal of kill: only SIGKILL (xk6-docker has no kill-with-signal)', ['SIGKILL']),
  duration: duration('How long the fault lasts; absent = until a later healing action or the end of the experiment'),
  min_duration: duration(MIN_DURATION_TEXT),
  loss: {
    description: 'Packet loss: only 100% (a partition) or 0%; Toxiproxy has no packet-level loss',
    anyOf: [{ enum: [0, 100] }, { type: 'string', pattern: '^\\s*(0|100)(\\.0+)?\\s*%\\s*$' }],
  },
  delay: duration('Added latency on each link'),
  jitter: duration('Latency variation around delay (needs delay)'),
  rate: string('Bandwidth cap such as 1mbit, 512kbit or 100KB', {
    pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][bB][iI][tT]|[kKmM][bB])\\s*$',
  }),
  interface: string('Accepted and ignored: Toxiproxy works per link, not per interface'),
  proxies: {
    type: 'array',
    minItems: 1,
    items: { enum: [...PROXIES] },
    description: 'Toxiproxy links to fault; default: every link touching the target',
  },
  partition: oneOfWords('With loss: 100%: blackhole (silent drop) or down (connections refused/closed)', [
    'blackhole',
    'down',
  ]),
  mode: oneOfWords('blackhole (silent drop, the default) or down (connections refused/closed)', ['blackhole', 'down']),
  cpu: number('stress-ng CPU workers', 1, 64),
  cpu_load: percent('Load of each CPU worker, such as 80%'),
  vm: number('stress-ng memory workers', 1, 64),
  vm_bytes: string('Memory per vm worker such as 256M (K, M or G; at most 1024G)', { pattern: '^\\d{1,15}[KMG]$' }),
  window: duration('Span of the change events re-published'),
  age: duration('Age of the newest re-published event at the action (0s = the window ends at the action)'),
  topics: {
    type: 'array',
    minItems: 1,
    items: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,249}$' },
    description: 'Kafka topics to re-publish; default: the CDC topics',
  },
};

/** One action schema per fault type, from the table of the params each type takes. */
export function faultActionSchemas(paramsByType: Record<string, readonly string[]>): JsonSchema[] {
  return Object.entries(paramsByType).map(([type, params]) => {
    const properties: Record<string, JsonSchema> = {};
    for (const p of params) {
      if (!PARAMS[p])
        throw new Error(
          `scenario JSON Schema: fault param "${p}" of ${type} has no description: add it to PARAMS in scenario-json-schema.ts`,
        );
      properties[p] = PARAMS[p];
    }
    return mapping(
      { type: { const: type }, target: oneOfWords('Container to fault', FAULT_TARGETS), params: mapping(properties) },
      ['type', 'target'],
      `${type} fault`,
    );
  });
}

const ruleTiming: Record<string, JsonSchema> = {
  within: duration('The rule must hold within this time'),
  after_phase: string('Checked after this phase (a phase name of this file)'),
};

const rules: JsonSchema[] = [
  mapping(
    {
      metric: string('A probe metric, or a k6 Trend stat such as cdc_e2e_latency_p95', {
        examples: knownRuleMetrics(),
      }),
      condition: oneOfWords('Comparison', ['gt', 'gte', 'lt', 'lte', 'increases', 'decreasing', 'rate_lt', 'rate_gt']),
      value: {
        description: 'A number, or "baseline_rate * <factor>" (with rate_gt/rate_lt)',
        anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*baseline_rate\\s*(\\*\\s*\\d+(\\.\\d+)?)?\\s*$' }],
      },
      ...ruleTiming,
    },
    ['metric', 'condition'],
    'A bound on a metric',
  ),
  mapping(
    {
      container: oneOfWords('Container that must be healthy', FAULT_TARGETS),
      condition: { const: 'healthy' },
      ...ruleTiming,
    },
    ['container', 'condition'],
    'A container health rule',
  ),
  mapping(
    {
      custom: oneOfWords('A built-in check', ['verify_no_duplicates', 'verify_event_processing']),
      collection: oneOfWords('Collection checked', ['customers', 'orders']),
      expected_count: { const: 'accumulated_during_outage' },
    },
    ['custom'],
    'A built-in data check',
  ),
  mapping(
    {
      alert: string('A Prometheus alert name (prometheus/alerts.yml)'),
      condition: oneOfWords('What the alert must do (default fires_and_resolves)', [
        'fires',
        'resolves',
        'fires_and_resolves',
      ]),
      min_time_scale: number(
        'Below this CHAOS_TIME_SCALE the rule is skipped (alert for: windows do not scale)',
        0,
        1000,
      ),
      ...ruleTiming,
    },
    ['alert'],
    'A Prometheus alert rule',
  ),
];

/** The whole file. `paramsByType`: each fault type's params (the fault registry's by default). */
export function scenarioJsonSchema(paramsByType: Record<string, readonly string[]> = PARAMS_BY_TYPE): JsonSchema {
  const phase = mapping(
    {
      name: string('Phase name (an identifier: letters, digits, _ and -)', { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }),
      duration: duration('How long the phase lasts (0s = a point in time)'),
      min_duration: duration(MIN_DURATION_TEXT),
      description: string('What the phase does', { maxLength: MAX_DESCRIPTION_CHARS }),
      actions: {
        type: 'array',
        description: 'Faults fired when the phase starts',
        items: { oneOf: faultActionSchemas(paramsByType) },
      },
    },
    ['name', 'duration'],
  );
  const load = mapping(
    {
      vus: number('Writer VUs', 1, 10_000),
      stages: {
        type: 'array',
        description: 'Explicit ramping stages (default: derived from the phases)',
        items: mapping(
          { duration: duration('Stage length'), target: number('VUs at the end of the stage', 0, 10_000) },
          ['duration', 'target'],
        ),
      },
      mix: mapping(
        {
          insert: number('Weight of inserts (> 0)', 0, 1000),
          update: number('Weight of updates', 0, 1000),
          delete: number('Weight of deletes', 0, 1000),
        },
        [],
        'Relative weights of the write mix',
      ),
      think_time: duration('Pause after each write'),
      hot_keys: number('Rows every VU updates concurrently (per-key order probe)', 0, 1000),
    },
    [],
    'The write load',
  );
  const slo = mapping(
    {
      recovery: duration('Heal → first end-to-end success'),
      canary_timeout: duration('A canary counts as resilient if visible in MongoDB within this'),
      quiescence_timeout: duration('Verification waits this long for quiescence'),
      error_rate: number('Write error rate bound', 0, 1),
      resilience_rate: number('chaos_resilience_rate bound', 0, 1),
      action_delay: duration('p95 bound of |actual − scheduled| fault time'),
    },
    [],
    'Service-level bounds of the verdict',
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'cdc-chaos scenario',
    description:
      'A cdc-chaos experiment (docs/experiments.md). Generated from src/experiment/scenario-json-schema.ts by npm run build.',
    ...mapping(
      {
        name: string('Experiment name', { maxLength: MAX_NAME_CHARS }),
        description: string('What the experiment shows', { maxLength: MAX_DESCRIPTION_CHARS }),
        phases: { type: 'array', minItems: 1, items: phase, description: 'The timeline, in order' },
        validation: { type: 'array', items: { oneOf: rules }, description: 'Rules of the verdict' },
        load,
        slo,
        thresholds: {
          type: 'object',
          description: 'Extra k6 thresholds: metric → expressions such as "rate>0.9"',
          propertyNames: { pattern: '^[a-zA-Z_][a-zA-Z0-9_]*(\\{.*\\})?$' },
          additionalProperties: { type: 'array', items: { type: 'string' } },
        },
      },
      ['name', 'phases'],
    ),
  };
}

/** The text of scenario.schema.json. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
