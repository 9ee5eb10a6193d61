// Options consolidation (pure): CLI flags > K6_* env > script `options`, then the execution
// shortcuts → scenarios (k6 lib/executor/execution_config_shortcuts.go) and scenario validation.
// Every problem throws ConfigError (exit 104).
import { ConfigError } from '../metrics/types.js';
import { formatGoDuration, parseK6Duration } from '../metrics/duration.js';
import { DEFAULT_SUMMARY_TREND_STATS } from '../metrics/engine.js';
import { DEFAULT_SYSTEM_TAGS } from '../vu/state.js';
import { libStage } from './option-sources.js';
import {
  parseSegment,
  parseSequence,
  segmentNotInSequence,
  newExecutionTuple,
  segmentString,
  sequenceString,
  type ExecutionTuple,
} from './execution-segment.js';

export interface Stage {
  durationMs: number;
  target: number;
}

export type ExecutorName =
  | 'shared-iterations'
  | 'per-vu-iterations'
  | 'constant-vus'
  | 'ramping-vus'
  | 'constant-arrival-rate'
  | 'ramping-arrival-rate';
export const EXECUTORS: readonly ExecutorName[] = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
];

export interface ScenarioConfig {
  name: string;
  executor: ExecutorName;
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  vus: number;
  iterations: number;
  maxDurationMs: number;
  durationMs: number;
  stages: Stage[];
  startVUs: number;
  gracefulRampDownMs: number;
  rate: number;
  startRate: number;
  timeUnitMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

/** Execution-related settings of one config tier. */
export interface ExecTier {
  vus?: number;
  duration?: unknown;
  iterations?: number;
  stages?: unknown;
  scenarios?: unknown;
}

export interface Consolidated {
  /**
   * the merged options with shortcuts converted to scenarios, as k6's consolidated lib.Options (exec.test.options
   * shows them through options-object.ts)
   */
  options: Record<string, unknown>;
  scenarios: ScenarioConfig[];
  warnings: string[];
  /** this instance's execution segment in its sequence (the whole test without --execution-segment) */
  tuple: ExecutionTuple;
}

export function durationMs(v: unknown, what: string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ConfigError(`invalid ${what}: ${v}`);
    return v; // k6: a JSON number duration is milliseconds
  }
  if (typeof v !== 'string')
    throw new ConfigError(`invalid ${what}: expected a duration string like "30s", got ${JSON.stringify(v)}`);
  try {
    return parseK6Duration(v);
  } catch (e) {
    throw new ConfigError(`invalid ${what} "${v}": ${(e as Error).message}`);
  }
}

function int(v: unknown, what: string, min = 0): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new ConfigError(`invalid ${what}: ${JSON.stringify(v)} is not an integer`);
  if (n < min) {
    if (what.endsWith('vus') || what.endsWith('VUs'))
      throw new ConfigError(`invalid ${what}: the number of VUs can't be negative (${n})`);
    throw new ConfigError(`invalid ${what}: must be at least ${min}, got ${n}`);
  }
  return n;
}

function num(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new ConfigError(`invalid ${what}: ${JSON.stringify(v)} is not a number`);
  return n;
}

export function parseStages(v: unknown, what: string): Stage[] {
  if (!Array.isArray(v)) throw new ConfigError(`invalid ${what}: expected an array of {duration, target}`);
  return v.map((s, i) => {
    if (!s || typeof s !== 'object') throw new ConfigError(`invalid ${what}[${i}]: expected {duration, target}`);
    const o = s as { duration?: unknown; target?: unknown };
    const d = durationMs(o.duration ?? '0s', `${what}[${i}].duration`);
    if (d < 0) throw new ConfigError(`invalid ${what}[${i}].duration: can't be negative`);
    return { durationMs: d, target: o.target === undefined ? 0 : int(o.target, `${what}[${i}].target`) };
  });
}

/**
 * k6 --stage values, one stage each, `[duration]:[target]` (k6 lib.Stage.UnmarshalText; a missing
 * target is 0). Throws k6's message, e.g. `error for stage 0: time: invalid duration "x"`.
 */
export function parseStageFlag(values: string[]): Array<{ duration: string; target: number }> {
  return values.map((v, i) => {
    let stage: ReturnType<typeof libStage>;
    try {
      stage = libStage(v);
    } catch (e) {
      throw new Error(`error for stage ${i}: ${(e as Error).message}`);
    }
    if (stage.duration === undefined) throw new Error(`stage ${i} doesn't have a specified duration`);
    return { duration: stage.duration, target: stage.target ?? 0 };
  });
}

const set = (v: unknown): boolean => v !== undefined && v !== null;

function tierHasExec(t: ExecTier): boolean {
  return set(t.duration) || set(t.iterations) || set(t.stages) || set(t.scenarios);
}

/**
 * Derives scenarios from the winning tier's shortcuts (k6 DeriveScenariosFromShortcuts). Only what was set is
 * copied into the scenario, so exec.test.options can show the rest as unset; validateScenario fills the defaults.
 */
function deriveScenarios(t: ExecTier, vus: number | undefined, warnings: string[]): Record<string, unknown> {
  // k6 counts stages only when non-empty; `stages: []` falls through to the default scenario
  const hasStages = Array.isArray(t.stages) ? t.stages.length > 0 : set(t.stages);
  const conflicts: string[] = [];
  if (set(t.iterations) && hasStages) conflicts.push('iterations and stages');
  if (set(t.duration) && hasStages) conflicts.push('duration and stages');
  if (set(t.scenarios) && (set(t.iterations) || set(t.duration) || hasStages))
    conflicts.push('scenarios and iterations/duration/stages');
  if (conflicts.length) {
    throw new ConfigError(
      `using multiple execution config shortcuts (${conflicts.join('; ')}) simultaneously is not allowed; use them one at a time or define scenarios`,
    );
  }
  if (set(t.scenarios) && (typeof t.scenarios !== 'object' || Array.isArray(t.scenarios)))
    throw new ConfigError('invalid scenarios: expected an object keyed by scenario name');
  if (set(t.duration)) {
    const d = durationMs(t.duration, 'duration');
    if (d <= 0) throw new ConfigError('invalid duration: must be more than 0s');
  }
  const given = (key: string): Record<string, unknown> => (vus === undefined ? {} : { [key]: vus });
  if (set(t.iterations)) {
    const maxDuration = set(t.duration) ? { maxDuration: t.duration } : {};
    return { default: { executor: 'shared-iterations', ...given('vus'), iterations: t.iterations, ...maxDuration } };
  }
  if (set(t.duration)) return { default: { executor: 'constant-vus', ...given('vus'), duration: t.duration } };
  if (hasStages) return { default: { executor: 'ramping-vus', ...given('startVUs'), stages: t.stages } };
  if (set(t.scenarios) && Object.keys(t.scenarios as object).length > 0) return t.scenarios as Record<string, unknown>;
  // k6's warnings (execution_config_shortcuts.go), word for word
  if (vus !== undefined && vus !== 1)
    warnings.push(
      `\`vus=${vus}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``,
    );
  if (Array.isArray(t.stages))
    warnings.push('`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU');
  if (set(t.scenarios))
    warnings.push('`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU');
  return { default: { executor: 'per-vu-iterations' } };
}

const NAME_RE = /^[0-9a-zA-Z_-]+$/;
/** k6 lib/executor minDuration: a constant-VUs/arrival-rate duration or an iterations maxDuration below it is refused. */
const MIN_DURATION_MS = 1000;
const atLeast = (where: string, what: string, ms: number) =>
  `${where}: the ${what} must be at least ${formatGoDuration(MIN_DURATION_MS)}, but is ${formatGoDuration(ms)}`;
const COMMON_KEYS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];
const KEYS: Record<ExecutorName, string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['stages', 'startVUs', 'gracefulRampDown'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['stages', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'],
};

function strMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`invalid ${what}: expected an object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

export function validateScenario(name: string, raw: unknown): ScenarioConfig {
  const where = `scenario "${name}"`;
  if (!NAME_RE.test(name))
    throw new ConfigError(`invalid ${where}: scenario names may only contain letters, digits, '_' and '-'`);
  if (!raw || typeof raw !== 'object') throw new ConfigError(`invalid ${where}: expected an object`);
  const o = raw as Record<string, unknown>;
  const ex = o.executor;
  if (ex === 'externally-controlled') {
    throw new ConfigError(
      `${where}: executor "externally-controlled" is not supported by the cdc-chaos runtime (removed in k6 v2; see docs/runtime.md)`,
    );
  }
  if (typeof ex !== 'string' || !EXECUTORS.includes(ex as ExecutorName)) {
    throw new ConfigError(
      `${where}: unknown executor ${JSON.stringify(ex)}; supported executors: ${EXECUTORS.join(', ')}`,
    );
  }
  const executor = ex as ExecutorName;
  for (const k of Object.keys(o)) {
    if (!COMMON_KEYS.includes(k) && !KEYS[executor].includes(k)) {
      throw new ConfigError(`${where}: unknown option "${k}" for executor ${executor}`);
    }
  }
  if (o.options !== undefined)
    throw new ConfigError(`${where}: scenario "options" (browser) are not supported by the cdc-chaos runtime`);
  const d = (k: string, def: string) => durationMs(o[k] ?? def, `${where} ${k}`);
  const c: ScenarioConfig = {
    name,
    executor,
    startTimeMs: d('startTime', '0s'),
    gracefulStopMs: d('gracefulStop', '30s'),
    exec: o.exec === undefined ? 'default' : String(o.exec),
    env: strMap(o.env, `${where} env`),
    tags: strMap(o.tags, `${where} tags`),
    vus: 0,
    iterations: 0,
    maxDurationMs: 0,
    durationMs: 0,
    stages: [],
    startVUs: 0,
    gracefulRampDownMs: 0,
    rate: 0,
    startRate: 0,
    timeUnitMs: 1000,
    preAllocatedVUs: 0,
    maxVUs: 0,
  };
  if (c.startTimeMs < 0) throw new ConfigError(`${where}: startTime can't be negative`);
  if (c.gracefulStopMs < 0) throw new ConfigError(`${where}: gracefulStop can't be negative`);
  switch (executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      c.vus = int(o.vus ?? 1, `${where} vus`);
      c.iterations = int(o.iterations ?? 1, `${where} iterations`);
      c.maxDurationMs = d('maxDuration', '10m');
      if (c.vus === 0) throw new ConfigError(`${where}: the number of VUs must be more than 0`);
      if (c.iterations === 0) throw new ConfigError(`${where}: the number of iterations must be more than 0`);
      if (executor === 'shared-iterations' && c.iterations < c.vus) {
        throw new ConfigError(
          `${where}: the number of iterations (${c.iterations}) can't be less than the number of VUs (${c.vus})`,
        );
      }
      if (c.maxDurationMs < MIN_DURATION_MS) throw new ConfigError(atLeast(where, 'maxDuration', c.maxDurationMs));
      break;
    case 'constant-vus':
      c.vus = int(o.vus ?? 1, `${where} vus`);
      if (o.duration === undefined) throw new ConfigError(`${where}: the duration is unspecified`);
      c.durationMs = d('duration', '0s');
      if (c.vus === 0) throw new ConfigError(`${where}: the number of VUs must be more than 0`);
      if (c.durationMs < MIN_DURATION_MS) throw new ConfigError(atLeast(where, 'duration', c.durationMs));
      break;
    case 'ramping-vus':
      c.startVUs = int(o.startVUs ?? 1, `${where} startVUs`);
      c.stages = parseStages(o.stages, `${where} stages`);
      c.gracefulRampDownMs = d('gracefulRampDown', '30s');
      if (c.stages.length === 0) throw new ConfigError(`${where}: at least one stage has to be specified`);
      if (c.stages.every((s) => s.target === 0) && c.startVUs === 0)
        throw new ConfigError(`${where}: either startVUs or one of the stages' target values must be greater than 0`);
      break;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      c.timeUnitMs = d('timeUnit', '1s');
      if (c.timeUnitMs <= 0) throw new ConfigError(`${where}: the timeUnit must be more than 0`);
      if (o.preAllocatedVUs === undefined) throw new ConfigError(`${where}: preAllocatedVUs is required`);
      c.preAllocatedVUs = int(o.preAllocatedVUs, `${where} preAllocatedVUs`);
      c.maxVUs = o.maxVUs === undefined ? c.preAllocatedVUs : int(o.maxVUs, `${where} maxVUs`);
      if (c.maxVUs < c.preAllocatedVUs) throw new ConfigError(`${where}: maxVUs can't be less than preAllocatedVUs`);
      if (executor === 'constant-arrival-rate') {
        if (o.rate === undefined) throw new ConfigError(`${where}: the iteration rate is unspecified`);
        c.rate = num(o.rate, `${where} rate`);
        if (c.rate <= 0) throw new ConfigError(`${where}: the iteration rate must be more than 0`);
        if (o.duration === undefined) throw new ConfigError(`${where}: the duration is unspecified`);
        c.durationMs = d('duration', '0s');
        if (c.durationMs < MIN_DURATION_MS) throw new ConfigError(atLeast(where, 'duration', c.durationMs));
      } else {
        c.startRate = num(o.startRate ?? 0, `${where} startRate`);
        if (c.startRate < 0) throw new ConfigError(`${where}: startRate can't be negative`);
        c.stages = parseStages(o.stages, `${where} stages`);
        if (c.stages.length === 0) throw new ConfigError(`${where}: at least one stage has to be specified`);
      }
      break;
    }
  }
  return c;
}

/** How long a scenario may run, from its start: duration/maxDuration/stages + gracefulStop (+ ramp-down). */
export function scenarioMaxMs(c: ScenarioConfig): number {
  const stages = c.stages.reduce((a, s) => a + s.durationMs, 0);
  switch (c.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return c.maxDurationMs + c.gracefulStopMs;
    case 'constant-vus':
    case 'constant-arrival-rate':
      return c.durationMs + c.gracefulStopMs;
    case 'ramping-vus':
      return stages + Math.max(c.gracefulStopMs, c.gracefulRampDownMs);
    case 'ramping-arrival-rate':
      return stages + c.gracefulStopMs;
  }
}

export interface Tiers {
  script: Record<string, unknown>;
  env: Record<string, unknown>;
  cli: Record<string, unknown>;
}

const EXEC_KEYS = ['vus', 'duration', 'iterations', 'stages', 'scenarios'];

/** Options the runtime knows; anything else in script options gets a warning (ignored). */
const KNOWN = new Set([
  ...EXEC_KEYS,
  'thresholds',
  'tags',
  'setupTimeout',
  'teardownTimeout',
  'handleSummaryTimeout',
  'summaryTrendStats',
  'summaryTimeUnit',
  'noThresholds',
  'noSetup',
  'noTeardown',
  'throw',
  'minIterationDuration',
  'systemTags',
  'noSummary',
  'summaryMode',
  // HTTP options the k6/http module reads
  'userAgent',
  'insecureSkipTLSVerify',
  'discardResponseBodies',
  'noConnectionReuse',
  'maxRedirects',
  'noUsageReport',
  'linger',
  'paused',
  'rps',
  'summaryExport',
  'executionSegment',
  'executionSegmentSequence',
]);

export function consolidate(t: Tiers): Consolidated {
  const warnings: string[] = [];
  if (t.script.cloud !== undefined || (t.script.ext as Record<string, unknown> | undefined)?.loadimpact !== undefined) {
    throw new ConfigError(
      'k6 Cloud options (options.cloud / options.ext.loadimpact) are not supported by the cdc-chaos runtime (see docs/runtime.md)',
    );
  }
  // Refused rather than ignored: each decides where a request may go or how it is secured, so
  // ignoring it would send what k6 blocks or redirects
  for (const k of [
    'tlsAuth',
    'tlsCipherSuites',
    'localIPs',
    'hosts',
    'dns',
    'blockHostnames',
    'blacklistIPs',
    'tlsVersion',
  ]) {
    // from K6_* too, but dns: --dns and K6_DNS are accepted (docs/runtime.md)
    if (t.script[k] !== undefined || (k !== 'dns' && t.env[k] !== undefined))
      throw new ConfigError(`option "${k}" is not supported by the cdc-chaos runtime (see docs/runtime.md)`);
  }
  // The same for the values that would change the run, from whichever tier wins (the flags are refused with their
  // own message in cli/run-command.ts): a paused start waits for k6's REST API to resume it, and rps caps every
  // request — run without either, a test would send load k6 would not.
  const winning = (k: string): unknown => [t.cli, t.env, t.script].map((x) => x[k]).find((v) => v != null);
  if (winning('paused') === true)
    throw new ConfigError('option "paused" is not supported by the cdc-chaos runtime (see docs/runtime.md)');
  const rps = winning('rps');
  if (typeof rps === 'number' && rps > 0)
    throw new ConfigError('option "rps" is not supported by the cdc-chaos runtime (see docs/runtime.md)');
  const segment = segmentOption(t, 'executionSegment', parseSegment, 'lib.ExecutionSegment');
  const sequence = segmentOption(t, 'executionSegmentSequence', parseSequence, 'lib.ExecutionSegmentSequence');
  for (const k of Object.keys(t.script))
    if (!KNOWN.has(k) && k !== 'ext' && k !== 'cloud')
      warnings.push(`option "${k}" is not supported by the cdc-chaos runtime and is ignored`);

  const tiers: ExecTier[] = [t.script, t.env, t.cli];
  let winner: ExecTier = {};
  let winnerIdx = -1;
  tiers.forEach((tier, i) => {
    if (tierHasExec(tier)) {
      winner = tier;
      winnerIdx = i;
    }
  });
  let vus: number | undefined;
  for (const tier of tiers) if (set(tier.vus)) vus = int(tier.vus, 'vus');
  if (winnerIdx > 0 && tierHasExec(tiers[0])) {
    warnings.push(
      `the ${winnerIdx === 2 ? 'command-line' : 'environment'} execution settings overrode the script's scenarios configuration entirely`,
    );
  }
  const rawScenarios = deriveScenarios(winner, vus, warnings);
  const notInSequence = segmentNotInSequence(segment, sequence);
  if (notInSequence) throw new ConfigError(notInSequence);
  const scenarios = Object.entries(rawScenarios).map(([name, raw]) => validateScenario(name, raw));

  const merged: Record<string, unknown> = {};
  for (const tier of [t.script, t.env, t.cli])
    for (const [k, v] of Object.entries(tier)) {
      // k6 takes consoleOutput from the command line only (lib.Options `json:"-"`)
      if (tier === t.script && k === 'consoleOutput') continue;
      if (!EXEC_KEYS.includes(k) && v !== undefined) merged[k] = v;
    }
  // exec.test.options shows consolidated options: scenarios always present, shortcuts gone
  merged.scenarios = rawScenarios;
  // k6 applyDefault (internal/cmd/config.go): the only defaults exec.test.options shows as set
  merged.systemTags ??= [...DEFAULT_SYSTEM_TAGS];
  merged.summaryTrendStats ??= [...DEFAULT_SUMMARY_TREND_STATS];
  for (const k of ['setupTimeout', 'teardownTimeout', 'handleSummaryTimeout', 'minIterationDuration']) {
    if (merged[k] !== undefined) durationMs(merged[k], k);
  }
  if (merged.tags !== undefined) merged.tags = strMap(merged.tags, 'tags');
  // as k6 marshals them: `from:to` and the sequence's points, as fractions
  delete merged.executionSegment;
  delete merged.executionSegmentSequence;
  if (segment) merged.executionSegment = segmentString(segment);
  if (sequence) merged.executionSegmentSequence = sequenceString(sequence);
  let tuple: ExecutionTuple;
  try {
    tuple = newExecutionTuple(segment, sequence);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return { options: merged, scenarios, warnings, tuple };
}

/**
 * executionSegment / executionSegmentSequence: the flag, else the script's (or config file's)
 * option — k6 reads no K6_* variable for them. A bad value is k6's parse error (exit 104 from
 * the script; the flags are checked earlier, see src/cli/run-command.ts).
 */
function segmentOption<T>(t: Tiers, key: string, parse: (text: string) => T, goType: string): T | undefined {
  const v = t.cli[key] ?? t.script[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    const kind =
      typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : 'object';
    throw new ConfigError(
      `parsing options from script got error while parsing "${key}": json: cannot unmarshal ${kind} into Go struct field Options.${key} of type *${goType}`,
    );
  }
  try {
    return parse(v);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}
