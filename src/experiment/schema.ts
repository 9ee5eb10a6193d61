// Validates a parsed scenario file (plain data from YAML) into a ScenarioSpec. Hand-written checks so
// that every error carries the exact path of the offending field; the build step turns the path into
// file:line (yaml's parseDocument keeps node ranges). Unknown keys are errors: a typo such as
// `durration` must not silently drop a fault.

import { isControlPath } from './allowlist.js';
import { Checker, kind, shown, type HostResources, type Obj, type Path, type SchemaError } from './checker.js';
import { formatDuration, MAX_DURATION_MS } from './duration.js';
import { checkFaultPlan } from './fault-plan.js';
import { k6TrendStat, knownRuleMetrics, PROBE_METRICS } from './pipeline-metrics.js';
import { FAULT_TYPES, faultType, paramKeysOf } from './faults/index.js';
import {
  DEFAULT_LOAD,
  DEFAULT_SLO,
  type ActionSpec,
  type LoadSpec,
  type MetricCondition,
  type PhaseSpec,
  type RuleValue,
  type ScenarioSpec,
  type SloSpec,
  type ValidationRule,
} from './scenario.js';
import { FAULT_TARGETS, isFaultTarget } from './targets.js';

/** Problems are errors (the file is refused) or warnings (printed by the build and inject, one line each). */
export type SchemaResult =
  | { ok: true; scenario: ScenarioSpec; warnings: SchemaError[] }
  | { ok: false; errors: SchemaError[]; warnings: SchemaError[] };

/** Longest scenario description: copied into the bundle and the report. */
export const MAX_DESCRIPTION_CHARS = 2000;

const ACTION_KEYS = ['type', 'target', 'params'];

/** An action: its type and target here, its params by its fault type (faults/). */
function action(c: Checker, raw: unknown, path: Path): ActionSpec | undefined {
  const o = c.object(raw, path, ACTION_KEYS);
  if (!o) return undefined;
  const type = c.string(o, 'type', path, true);
  const target = c.string(o, 'target', path, true);
  const ft = type === undefined ? undefined : faultType(type);
  if (type !== undefined && !ft) {
    c.fail(path.concat('type'), `unknown action type "${type}" (one of: ${FAULT_TYPES.map((t) => t.name).join(', ')})`);
    return undefined;
  }
  if (target !== undefined && isControlPath(target)) {
    c.fail(
      path.concat('target'),
      `${target} is on the harness's control path (Toxiproxy's API, Prometheus) and is never a fault target (faultable containers: ${FAULT_TARGETS.join(', ')})`,
    );
  } else if (target !== undefined && !isFaultTarget(target)) {
    c.fail(path.concat('target'), `unknown target "${target}" (faultable containers: ${FAULT_TARGETS.join(', ')})`);
  }
  if (type === undefined || ft === undefined || target === undefined) return undefined;
  const pPath = path.concat('params');
  const p = o.params === undefined || o.params === null ? {} : c.object(o.params, pPath, paramKeysOf(ft));
  if (!p) return undefined;
  const spec: ActionSpec = { type, target };
  const d = c.duration(p, 'duration', pPath, false);
  if (d !== undefined) spec.durationMs = d;
  const min = minDuration(c, p, pPath, d, 'params.duration');
  if (min !== undefined) spec.minDurationMs = min;
  return Object.assign(spec, ft.parseParams?.(c, { params: p, at: pPath, actionAt: path, target, durationMs: d }));
}

/** `min_duration` of a phase or a fault: a real-time floor of its scaled duration, so never above the duration. */
function minDuration(c: Checker, o: Obj, path: Path, durationMs: number | undefined, what: string): number | undefined {
  const min = c.duration(o, 'min_duration', path, false);
  if (min === undefined) return undefined;
  if (durationMs === undefined)
    return c.fail(
      path.concat('min_duration'),
      `min_duration needs ${what}: it is the floor of that duration when scaled`,
    );
  if (min > durationMs)
    return c.fail(
      path.concat('min_duration'),
      `min_duration ${formatDuration(min)} is longer than ${what} ${formatDuration(durationMs)}: a floor of the scaled duration is at most the duration`,
    );
  return min;
}

function phase(c: Checker, raw: unknown, path: Path): PhaseSpec | undefined {
  const o = c.object(raw, path, ['name', 'duration', 'min_duration', 'description', 'actions']);
  if (!o) return undefined;
  const name = c.string(o, 'name', path, true);
  if (name !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
    c.fail(path.concat('name'), `phase names are identifiers (letters, digits, _ and -), got "${name}"`);
  const durationMs = c.duration(o, 'duration', path, true);
  const minDurationMs = minDuration(c, o, path, durationMs, 'the phase duration');
  const description =
    o.description === undefined ? undefined : c.string(o, 'description', path, false, MAX_DESCRIPTION_CHARS, true);
  const actions: ActionSpec[] = [];
  (c.array(o, 'actions', path, false) ?? []).forEach((a, i) => {
    const spec = action(c, a, path.concat('actions', i));
    if (spec) actions.push(spec);
  });
  if (name === undefined || durationMs === undefined) return undefined;
  return {
    name,
    durationMs,
    ...(minDurationMs !== undefined ? { minDurationMs } : {}),
    actions,
    ...(description ? { description } : {}),
  };
}

const METRIC_CONDITIONS: MetricCondition[] = [
  'gt',
  'gte',
  'lt',
  'lte',
  'increases',
  'decreasing',
  'rate_lt',
  'rate_gt',
];

function ruleValue(c: Checker, v: unknown, path: Path): RuleValue | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { kind: 'number', value: v };
  const m = typeof v === 'string' ? /^\s*baseline_rate\s*(?:\*\s*(\d+(?:\.\d+)?))?\s*$/.exec(v) : null;
  if (m) return { kind: 'baseline_rate', factor: m[1] === undefined ? 1 : Number(m[1]) };
  return c.fail(path, `must be a finite number or "baseline_rate * <factor>", got ${shown(v)}`);
}

function slug(parts: (string | number | undefined)[]): string {
  return parts
    .filter((p) => p !== undefined && p !== '')
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

function rule(c: Checker, raw: unknown, path: Path, phaseNames: string[]): ValidationRule | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return c.fail(path, `must be a mapping, got ${kind(raw)}`);
  const r = raw as Obj;
  const heads = ['metric', 'container', 'custom', 'alert'].filter((k) => r[k] !== undefined);
  if (heads.length !== 1)
    return c.fail(
      path,
      `a rule has exactly one of metric, container, custom, alert (found ${heads.length === 0 ? 'none' : heads.join(', ')})`,
    );
  const head = heads[0];
  const common = ['condition', 'within', 'after_phase'];
  const allowed: Record<string, string[]> = {
    metric: ['metric', 'value', ...common],
    container: ['container', ...common],
    custom: ['custom', 'collection', 'expected_count'],
    alert: ['alert', 'min_time_scale', ...common],
  };
  const o = c.object(raw, path, allowed[head]);
  if (!o) return undefined;
  const afterPhase = o.after_phase === undefined ? undefined : c.string(o, 'after_phase', path, false);
  if (afterPhase !== undefined && phaseNames.indexOf(afterPhase) < 0) {
    c.fail(path.concat('after_phase'), `unknown phase "${afterPhase}" (phases: ${phaseNames.join(', ')})`);
  }
  const withinMs = c.duration(o, 'within', path, false);
  const base = { ...(afterPhase ? { afterPhase } : {}), ...(withinMs !== undefined ? { withinMs } : {}) };
  const text = JSON.stringify(raw);
  const suffix = [
    withinMs !== undefined ? `within_${o.within}` : undefined,
    afterPhase ? `after_${afterPhase}` : undefined,
  ];

  if (head === 'metric') {
    const metric = c.string(o, 'metric', path, true);
    const condition = c.string(o, 'condition', path, true) as MetricCondition | undefined;
    if (condition !== undefined && METRIC_CONDITIONS.indexOf(condition) < 0)
      c.fail(path.concat('condition'), `unknown condition "${condition}" (one of: ${METRIC_CONDITIONS.join(', ')})`);
    if (metric === undefined || condition === undefined) return undefined;
    const trend = k6TrendStat(metric);
    if (!PROBE_METRICS[metric] && !trend) {
      return c.fail(path.concat('metric'), `unknown metric "${metric}" (known: ${knownRuleMetrics().join(', ')})`);
    }
    const needsValue = condition !== 'increases' && condition !== 'decreasing';
    const value = o.value === undefined ? undefined : ruleValue(c, o.value, path.concat('value'));
    if (needsValue && o.value === undefined) c.fail(path.concat('value'), `condition ${condition} needs a value`);
    if (!needsValue && o.value !== undefined) c.fail(path.concat('value'), `condition ${condition} takes no value`);
    if (value?.kind === 'baseline_rate' && condition !== 'rate_gt' && condition !== 'rate_lt')
      c.fail(path.concat('value'), 'baseline_rate only compares with rate_gt / rate_lt');
    if (
      trend &&
      (['gt', 'gte', 'lt', 'lte'].indexOf(condition) < 0 ||
        afterPhase ||
        withinMs !== undefined ||
        value?.kind !== 'number')
    ) {
      c.fail(
        path,
        `${metric} is a k6 Trend bounded over the whole run: use lt/lte/gt/gte with a number and no within/after_phase`,
      );
    }
    const valueText = value?.kind === 'number' ? String(value.value) : value ? `baseline_x${value.factor}` : undefined;
    return {
      kind: 'metric',
      id: slug([metric, condition, valueText, ...suffix]),
      text,
      metric,
      condition,
      ...(value ? { value } : {}),
      ...base,
    };
  }
  if (head === 'container') {
    const container = c.string(o, 'container', path, true);
    if (container !== undefined && !isFaultTarget(container))
      c.fail(path.concat('container'), `unknown container "${container}" (${FAULT_TARGETS.join(', ')})`);
    if (o.condition !== 'healthy') c.fail(path.concat('condition'), 'container rules support condition: healthy');
    if (container === undefined) return undefined;
    return {
      kind: 'container',
      id: slug([container, 'healthy', ...suffix]),
      text,
      container,
      condition: 'healthy',
      ...base,
    };
  }
  if (head === 'custom') {
    const custom = c.string(o, 'custom', path, true);
    if (custom !== 'verify_no_duplicates' && custom !== 'verify_event_processing') {
      return c.fail(
        path.concat('custom'),
        `unknown custom check ${JSON.stringify(custom)} (verify_no_duplicates, verify_event_processing)`,
      );
    }
    const collection = o.collection === undefined ? undefined : c.string(o, 'collection', path, false);
    if (collection !== undefined && collection !== 'customers' && collection !== 'orders')
      c.fail(path.concat('collection'), 'must be customers or orders');
    if (o.expected_count !== undefined && o.expected_count !== 'accumulated_during_outage') {
      c.fail(
        path.concat('expected_count'),
        'only accumulated_during_outage is supported (the changes committed while a fault was active)',
      );
    }
    return { kind: 'custom', id: slug([custom, collection]), text, custom, ...(collection ? { collection } : {}) };
  }
  const alert = c.string(o, 'alert', path, true);
  const condition = o.condition ?? 'fires_and_resolves';
  if (condition !== 'fires' && condition !== 'resolves' && condition !== 'fires_and_resolves')
    c.fail(path.concat('condition'), 'alert rules support fires, resolves, fires_and_resolves');
  const minTimeScale = c.number(o, 'min_time_scale', path, 0, 1000);
  if (alert === undefined) return undefined;
  return {
    kind: 'alert',
    id: slug(['alert', alert, condition as string, ...suffix]),
    text,
    alert,
    condition: condition as 'fires' | 'resolves' | 'fires_and_resolves',
    ...base,
    ...(minTimeScale !== undefined ? { minTimeScale } : {}),
  };
}

function load(c: Checker, raw: unknown, path: Path, phasesTotalMs: number): LoadSpec {
  const spec: LoadSpec = { ...DEFAULT_LOAD, mix: { ...DEFAULT_LOAD.mix } };
  if (raw === undefined) return spec;
  const o = c.object(raw, path, ['vus', 'stages', 'mix', 'think_time', 'hot_keys']);
  if (!o) return spec;
  spec.vus = c.number(o, 'vus', path, 1, 10_000) ?? spec.vus;
  spec.hotKeys = c.number(o, 'hot_keys', path, 0, 1000) ?? spec.hotKeys;
  spec.thinkMs = c.duration(o, 'think_time', path, false) ?? spec.thinkMs;
  if (o.mix !== undefined) {
    const m = c.object(o.mix, path.concat('mix'), ['insert', 'update', 'delete']);
    if (m) {
      spec.mix = {
        insert: c.number(m, 'insert', path.concat('mix'), 0, 1000) ?? 0,
        update: c.number(m, 'update', path.concat('mix'), 0, 1000) ?? 0,
        delete: c.number(m, 'delete', path.concat('mix'), 0, 1000) ?? 0,
      };
      if (spec.mix.insert <= 0)
        c.fail(path.concat('mix', 'insert'), 'the mix needs inserts (updates and deletes act on inserted rows)');
    }
  }
  const stages = c.array(o, 'stages', path, false);
  if (stages) {
    spec.stages = [];
    stages.forEach((s, i) => {
      const sp = path.concat('stages', i);
      const so = c.object(s, sp, ['duration', 'target']);
      if (!so) return;
      const durationMs = c.duration(so, 'duration', sp, true);
      const target = c.number(so, 'target', sp, 0, 10_000);
      if (target === undefined) c.fail(sp.concat('target'), 'is required');
      if (durationMs !== undefined && target !== undefined) spec.stages?.push({ durationMs, target });
    });
    const total = spec.stages.reduce((a, s) => a + s.durationMs, 0);
    if (total > phasesTotalMs)
      c.fail(path.concat('stages'), `load stages last longer (${total} ms) than the phases (${phasesTotalMs} ms)`);
  }
  return spec;
}

function slo(c: Checker, raw: unknown, path: Path): SloSpec {
  const spec = { ...DEFAULT_SLO };
  if (raw === undefined) return spec;
  const o = c.object(raw, path, [
    'recovery',
    'canary_timeout',
    'quiescence_timeout',
    'error_rate',
    'resilience_rate',
    'action_delay',
  ]);
  if (!o) return spec;
  spec.recoveryMs = c.duration(o, 'recovery', path, false) ?? spec.recoveryMs;
  spec.canaryTimeoutMs = c.duration(o, 'canary_timeout', path, false) ?? spec.canaryTimeoutMs;
  spec.quiescenceTimeoutMs = c.duration(o, 'quiescence_timeout', path, false) ?? spec.quiescenceTimeoutMs;
  spec.actionDelayMs = c.duration(o, 'action_delay', path, false) ?? spec.actionDelayMs;
  spec.errorRate = c.number(o, 'error_rate', path, 0, 1) ?? spec.errorRate;
  spec.resilienceRate = c.number(o, 'resilience_rate', path, 0, 1) ?? spec.resilienceRate;
  return spec;
}

function extraThresholds(c: Checker, raw: unknown, path: Path): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (raw === undefined) return out;
  const o = c.object(raw, path, Object.keys((raw as Obj) ?? {}));
  if (!o) return out;
  for (const [metric, list] of Object.entries(o)) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*(\{.*\})?$/.test(metric))
      c.fail(path.concat(metric), `not a k6 metric name: "${metric}"`);
    if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) {
      c.fail(path.concat(metric), 'must be a list of k6 threshold expressions such as "rate>0.9"');
      continue;
    }
    out[metric] = list as string[];
  }
  return out;
}

/** Validates one scenario file's data. `id` is the file's base name; `host`, when given, adds warnings
 *  about stress this machine could not hold. */
export function validateScenario(raw: unknown, id: string, host?: HostResources): SchemaResult {
  const c = new Checker(host);
  const top = c.object(raw, [], ['name', 'description', 'phases', 'validation', 'load', 'slo', 'thresholds']);
  if (!top) return { ok: false, errors: c.errors, warnings: c.warnings };
  const name = c.string(top, 'name', [], true);
  const description =
    top.description === undefined ? undefined : c.string(top, 'description', [], false, MAX_DESCRIPTION_CHARS, true);
  const phases: PhaseSpec[] = [];
  const rawPhases = c.array(top, 'phases', [], true) ?? [];
  if (Array.isArray(top.phases) && rawPhases.length === 0) c.fail(['phases'], 'needs at least one phase');
  rawPhases.forEach((p, i) => {
    const spec = phase(c, p, ['phases', i]);
    if (!spec) return;
    if (phases.some((q) => q.name === spec.name)) c.fail(['phases', i, 'name'], `duplicate phase name "${spec.name}"`);
    phases.push(spec);
  });
  const phaseNames = phases.map((p) => p.name);
  const validation: ValidationRule[] = [];
  (c.array(top, 'validation', [], false) ?? []).forEach((r, i) => {
    const spec = rule(c, r, ['validation', i], phaseNames);
    if (!spec) return;
    if (validation.some((v) => v.id === spec.id)) c.fail(['validation', i], `duplicate rule (same id "${spec.id}")`);
    validation.push(spec);
  });
  const total = phases.reduce((a, p) => a + p.durationMs, 0);
  const scenario: ScenarioSpec = {
    id,
    name: name ?? id,
    ...(description ? { description } : {}),
    phases,
    validation,
    load: load(c, top.load, ['load'], total),
    slo: slo(c, top.slo, ['slo']),
    thresholds: extraThresholds(c, top.thresholds, ['thresholds']),
  };
  if (c.errors.length === 0 && total === 0) c.fail(['phases'], 'the phases last 0s in total: nothing to run');
  if (total > MAX_DURATION_MS)
    c.fail(
      ['phases'],
      `the phases last ${formatDuration(total)} in total, more than ${formatDuration(MAX_DURATION_MS)}: split the experiment into several runs`,
    );
  if (c.errors.length === 0) {
    const plan = checkFaultPlan(scenario);
    c.errors.push(...plan.errors);
    c.warnings.push(...plan.warnings);
  }
  return c.errors.length > 0
    ? { ok: false, errors: c.errors, warnings: c.warnings }
    : { ok: true, scenario, warnings: c.warnings };
}
