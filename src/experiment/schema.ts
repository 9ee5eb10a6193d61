// Validates a parsed scenario file (plain data from YAML) into a ScenarioSpec. Hand-written checks so
// that every error carries the exact path of the offending field; the build step turns the path into
// file:line (yaml's parseDocument keeps node ranges). Unknown keys are errors: a typo such as
// `durration` must not silently drop a fault.

import { isControlPath } from './allowlist.js';
import { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';
import { checkFaultPlan } from './fault-plan.js';
import { k6TrendStat, knownRuleMetrics, PROBE_METRICS } from './pipeline-metrics.js';
import {
  ACTION_TYPES, DEFAULT_LOAD, DEFAULT_SLO,
  type ActionSpec, type ActionType, type LoadSpec, type MetricCondition, type PhaseSpec, type RuleValue,
  type ScenarioSpec, type SloSpec, type ValidationRule,
} from './scenario.js';
import { CDC_TOPICS, FAULT_TARGETS, isFaultTarget, isProxy, PROXIES } from './targets.js';

export type Path = (string | number)[];
export interface SchemaError { path: Path; message: string }
/** Problems are errors (the file is refused) or warnings (printed by the build and inject, one line each). */
export type SchemaResult = { ok: true; scenario: ScenarioSpec; warnings: SchemaError[] } | { ok: false; errors: SchemaError[]; warnings: SchemaError[] };

/** The machine the build runs on, for warnings about faults it could not hold (the engine may be elsewhere: DOCKER_HOST). */
export interface HostResources { cpus: number; memoryBytes: number }

/** Longest scenario name and description: they are copied into the bundle, the report and every log line that names the run. */
export const MAX_NAME_CHARS = 120;
export const MAX_DESCRIPTION_CHARS = 2000;

type Obj = Record<string, unknown>;

class Checker {
  constructor(readonly host?: HostResources) {}
  readonly errors: SchemaError[] = [];
  readonly warnings: SchemaError[] = [];
  fail(path: Path, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }
  warn(path: Path, message: string): void {
    this.warnings.push({ path, message });
  }
  object(v: unknown, path: Path, allowed: readonly string[]): Obj | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(path, `must be a mapping, got ${kind(v)}`);
    for (const key of Object.keys(v)) {
      if (allowed.indexOf(key) < 0) this.fail(path.concat(key), `unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    }
    return v as Obj;
  }
  /** A one-line string of at most `max` characters, or (multiline) a text such as a description. */
  string(o: Obj, key: string, path: Path, required: boolean, max = MAX_NAME_CHARS, multiline = false): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path.concat(key), 'is required') : undefined;
    if (typeof v !== 'string' || v.trim() === '') return this.fail(path.concat(key), `must be a non-empty string, got ${kind(v)}`);
    if (v.length > max) return this.fail(path.concat(key), `is ${v.length} characters long, at most ${max} are allowed: shorten it`);
    if ((multiline ? /[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/ : /[\x00-\x1f\x7f\u2028\u2029]/).test(v)) {
      return this.fail(path.concat(key), `contains a ${multiline ? 'control character' : 'line break or control character'}: write it on one line of plain text`);
    }
    return v;
  }
  duration(o: Obj, key: string, path: Path, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path.concat(key), 'is required (e.g. 30s)') : undefined;
    if (typeof v !== 'string') return this.fail(path.concat(key), `must be a duration string such as 30s or 1m30s, got ${kind(v)} ${JSON.stringify(v)}`);
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      return this.fail(path.concat(key), (e as Error).message);
    }
    if (ms > MAX_DURATION_MS) return this.fail(path.concat(key), `${JSON.stringify(v)} is longer than ${formatDuration(MAX_DURATION_MS)}, the longest duration a scenario takes: split the experiment into several runs`);
    return ms;
  }
  number(o: Obj, key: string, path: Path, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number') return this.fail(path.concat(key), `must be a number between ${min} and ${max}, got ${kind(v)} ${JSON.stringify(v)}`);
    if (!Number.isFinite(v)) return this.fail(path.concat(key), `must be a finite number between ${min} and ${max}, got ${shown(v)}`);
    if (v < min || v > max) return this.fail(path.concat(key), `must be between ${min} and ${max}, got ${v}`);
    return v;
  }
  array(o: Obj, key: string, path: Path, required: boolean): unknown[] | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path.concat(key), 'is required (a list)') : undefined;
    if (!Array.isArray(v)) return this.fail(path.concat(key), `must be a list, got ${kind(v)}`);
    return v;
  }
}

/** A value as the file wrote it: YAML's .inf/.nan are not JSON (JSON.stringify would say null). */
function shown(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return JSON.stringify(v) ?? String(v);
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : typeof v;
}

/** Percent as `100%` or a number 0–100. */
function percent(c: Checker, v: unknown, path: Path): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v) ? parseFloat(v) : NaN;
  if (!Number.isFinite(n)) return c.fail(path, `must be a percentage such as 100%, got ${shown(v)}`);
  if (n < 0 || n > 100) return c.fail(path, `percentage must be between 0% and 100%, got ${n}%`);
  return n;
}

const RATE_UNITS: Record<string, number> = { kbit: 1 / 8, mbit: 1000 / 8, gbit: 1_000_000 / 8, kb: 1, mb: 1000 };

/** Bandwidth (`1mbit`, `512kbit`, `100KB`) → KB/s, Toxiproxy's unit. */
function rate(c: Checker, v: unknown, path: Path): number | undefined {
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(kbit|mbit|gbit|kb|mb)\s*$/i.exec(v) : null;
  if (!m) return c.fail(path, `must be a bandwidth such as 1mbit, 512kbit or 100KB, got ${JSON.stringify(v)}`);
  const kbps = Number(m[1]) * RATE_UNITS[m[2].toLowerCase()];
  if (kbps < 1) return c.fail(path, 'bandwidth below 1 KB/s cannot be expressed in Toxiproxy');
  return Math.round(kbps);
}

const SIZE_UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const MAX_VM_BYTES = 1024 * 1024 ** 3;
/** stress-ng's own --vm-bytes default. */
const STRESS_NG_VM_BYTES = 256 * 1024 ** 2;

/** stress-ng's `256M` sizes → bytes (undefined if not one). */
function sizeBytes(text: string): number | undefined {
  const m = /^(\d{1,15})([KMG])$/.exec(text);
  return m ? Number(m[1]) * SIZE_UNITS[m[2]] : undefined;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

const ACTION_KEYS = ['type', 'target', 'params'];
/** Params each fault type takes (scenario-json-schema.ts describes each for editors). */
export const PARAMS_BY_TYPE: Record<ActionType, string[]> = {
  kill: ['signal', 'duration'],
  stop: ['duration'],
  start: [],
  restart: [],
  pause: ['duration'],
  unpause: [],
  netem: ['duration', 'loss', 'delay', 'jitter', 'rate', 'interface', 'proxies', 'partition'],
  partition: ['duration', 'proxies', 'mode'],
  reset_peer: ['duration', 'proxies'],
  stress: ['duration', 'cpu', 'cpu_load', 'vm', 'vm_bytes'],
  redeliver: ['window', 'age', 'topics'],
};

function proxiesParam(c: Checker, p: Obj, path: Path): string[] | undefined {
  const list = c.array(p, 'proxies', path, false);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !isProxy(v)) c.fail(path.concat('proxies', i), `unknown proxy ${JSON.stringify(v)} (contract proxies: ${PROXIES.join(', ')})`);
    else out.push(v);
  });
  if (out.length === 0 && list.length === 0) c.fail(path.concat('proxies'), 'must name at least one proxy');
  return out;
}

function action(c: Checker, raw: unknown, path: Path): ActionSpec | undefined {
  const o = c.object(raw, path, ACTION_KEYS);
  if (!o) return undefined;
  const type = c.string(o, 'type', path, true);
  const target = c.string(o, 'target', path, true);
  if (type !== undefined && (ACTION_TYPES as readonly string[]).indexOf(type) < 0) {
    c.fail(path.concat('type'), `unknown action type "${type}" (one of: ${ACTION_TYPES.join(', ')})`);
    return undefined;
  }
  if (target !== undefined && isControlPath(target)) {
    c.fail(path.concat('target'), `${target} is on the harness's control path (Toxiproxy's API, Prometheus) and is never a fault target (faultable containers: ${FAULT_TARGETS.join(', ')})`);
  } else if (target !== undefined && !isFaultTarget(target)) {
    c.fail(path.concat('target'), `unknown target "${target}" (faultable containers: ${FAULT_TARGETS.join(', ')})`);
  }
  if (type === undefined || target === undefined) return undefined;
  const t = type as ActionType;
  const pPath = path.concat('params');
  const p = o.params === undefined || o.params === null ? {} : c.object(o.params, pPath, PARAMS_BY_TYPE[t]);
  if (!p) return undefined;
  const spec: ActionSpec = { type: t, target };
  const d = c.duration(p, 'duration', pPath, false);
  if (d !== undefined) spec.durationMs = d;
  if (t === 'kill' && p.signal !== undefined && p.signal !== 'SIGKILL') {
    c.fail(pPath.concat('signal'), `only SIGKILL is possible: xk6-docker has no kill-with-signal (its stop kills at once), got ${JSON.stringify(p.signal)}`);
  }
  if (t === 'netem' || t === 'partition' || t === 'reset_peer') {
    spec.network = {};
    const proxies = proxiesParam(c, p, pPath);
    if (proxies) spec.network.proxies = proxies;
  }
  if (t === 'netem' && spec.network) {
    if (p.loss !== undefined) {
      const loss = percent(c, p.loss, pPath.concat('loss'));
      if (loss !== undefined && loss !== 100 && loss !== 0) {
        c.fail(pPath.concat('loss'), `only 100% loss (a partition) can be injected: netem maps to Toxiproxy, which has no packet-level loss; got ${loss}%`);
      } else if (loss === 100) spec.network.partition = 'blackhole';
    }
    if (p.partition !== undefined) {
      if (p.partition !== 'blackhole' && p.partition !== 'down') c.fail(pPath.concat('partition'), 'must be blackhole (silent drop) or down (connections refused/closed)');
      else if (spec.network.partition) spec.network.partition = p.partition;
      else c.fail(pPath.concat('partition'), 'only meaningful with loss: 100%');
    }
    const delay = c.duration(p, 'delay', pPath, false);
    if (delay !== undefined) spec.network.delayMs = delay;
    const jitter = c.duration(p, 'jitter', pPath, false);
    if (jitter !== undefined) {
      if (delay === undefined) c.fail(pPath.concat('jitter'), 'jitter needs a delay');
      spec.network.jitterMs = jitter;
    }
    if (p.rate !== undefined) spec.network.rateKBps = rate(c, p.rate, pPath.concat('rate'));
    if (p.interface !== undefined && typeof p.interface !== 'string') c.fail(pPath.concat('interface'), 'must be a string (accepted and ignored: Toxiproxy works per link, not per interface)');
    if (!spec.network.partition && delay === undefined && spec.network.rateKBps === undefined) {
      c.fail(pPath, 'netem needs loss: 100%, delay or rate');
    }
  }
  if (t === 'partition' && spec.network) {
    const mode = p.mode ?? 'blackhole';
    if (mode !== 'blackhole' && mode !== 'down') c.fail(pPath.concat('mode'), 'must be blackhole (silent drop) or down (connections refused/closed)');
    spec.network.partition = mode as 'blackhole' | 'down';
  }
  if (t === 'stress') {
    const cpu = c.number(p, 'cpu', pPath, 1, 64);
    const cpuLoad = p.cpu_load === undefined ? undefined : percent(c, p.cpu_load, pPath.concat('cpu_load'));
    const vm = c.number(p, 'vm', pPath, 1, 64);
    const vmBytes = p.vm_bytes;
    const bytes = typeof vmBytes === 'string' ? sizeBytes(vmBytes) : undefined;
    if (vmBytes !== undefined && bytes === undefined) {
      c.fail(pPath.concat('vm_bytes'), `must be a size such as 256M, got ${shown(vmBytes)}`);
    } else if (bytes !== undefined && bytes > MAX_VM_BYTES) {
      c.fail(pPath.concat('vm_bytes'), `${vmBytes} per vm worker is more than 1024G: give a size such as 256M`);
    }
    if (p.cpu === undefined && p.vm === undefined) c.fail(pPath, 'stress needs cpu (workers) and/or vm (workers)');
    if (c.host && cpu !== undefined && cpu > c.host.cpus) {
      c.warn(pPath.concat('cpu'), `${cpu} CPU workers, but this host has ${c.host.cpus} CPUs: the whole machine starves, not just ${target} (fine only if DOCKER_HOST is a bigger machine)`);
    }
    const memory = (vm ?? 0) * (bytes ?? STRESS_NG_VM_BYTES);
    if (c.host && memory > c.host.memoryBytes) {
      c.warn(pPath.concat(vmBytes === undefined ? 'vm' : 'vm_bytes'), `${vm} vm worker(s) x ${vmBytes ?? '256M'} = ${gib(memory)}, but this host has ${gib(c.host.memoryBytes)} of memory: the kernel's OOM killer picks the victim, not the scenario (fine only if DOCKER_HOST is a bigger machine)`);
    }
    spec.stress = {};
    if (cpu !== undefined) spec.stress.cpu = cpu;
    if (cpuLoad !== undefined) spec.stress.cpuLoad = cpuLoad;
    if (vm !== undefined) spec.stress.vm = vm;
    if (typeof vmBytes === 'string') spec.stress.vmBytes = vmBytes;
  }
  if (t === 'redeliver') {
    if (target !== 'cdc-kafka') c.fail(path.concat('target'), `redeliver re-publishes through the broker's own tools: its target is cdc-kafka, got "${target}"`);
    const windowMs = c.duration(p, 'window', pPath, true);
    const ageMs = c.duration(p, 'age', pPath, false);
    const list = c.array(p, 'topics', pPath, false);
    const topics: string[] = [];
    (list ?? CDC_TOPICS).forEach((v, i) => {
      // Topic names go into a shell command: Kafka's own charset only.
      if (typeof v !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(v)) c.fail(pPath.concat('topics', i), `not a Kafka topic name: ${JSON.stringify(v)}`);
      else topics.push(v);
    });
    if (list && list.length === 0) c.fail(pPath.concat('topics'), 'must name at least one topic');
    if (windowMs !== undefined && windowMs <= 0) c.fail(pPath.concat('window'), 'must be longer than 0s');
    if (d !== undefined) c.fail(pPath.concat('duration'), 'a redelivery is instantaneous: it has a window, not a duration');
    spec.redeliver = { windowMs: windowMs ?? 0, ageMs: ageMs ?? 0, topics };
  }
  return spec;
}

function phase(c: Checker, raw: unknown, path: Path): PhaseSpec | undefined {
  const o = c.object(raw, path, ['name', 'duration', 'description', 'actions']);
  if (!o) return undefined;
  const name = c.string(o, 'name', path, true);
  if (name !== undefined && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) c.fail(path.concat('name'), `phase names are identifiers (letters, digits, _ and -), got "${name}"`);
  const durationMs = c.duration(o, 'duration', path, true);
  const description = o.description === undefined ? undefined : c.string(o, 'description', path, false, MAX_DESCRIPTION_CHARS, true);
  const actions: ActionSpec[] = [];
  (c.array(o, 'actions', path, false) ?? []).forEach((a, i) => {
    const spec = action(c, a, path.concat('actions', i));
    if (spec) actions.push(spec);
  });
  if (name === undefined || durationMs === undefined) return undefined;
  return { name, durationMs, actions, ...(description ? { description } : {}) };
}

const METRIC_CONDITIONS: MetricCondition[] = ['gt', 'gte', 'lt', 'lte', 'increases', 'decreasing', 'rate_lt', 'rate_gt'];

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
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return c.fail(path, `must be a mapping, got ${kind(raw)}`);
  const r = raw as Obj;
  const heads = ['metric', 'container', 'custom', 'alert'].filter((k) => r[k] !== undefined);
  if (heads.length !== 1) return c.fail(path, `a rule has exactly one of metric, container, custom, alert (found ${heads.length === 0 ? 'none' : heads.join(', ')})`);
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
  const suffix = [withinMs !== undefined ? `within_${o.within}` : undefined, afterPhase ? `after_${afterPhase}` : undefined];

  if (head === 'metric') {
    const metric = c.string(o, 'metric', path, true);
    const condition = c.string(o, 'condition', path, true) as MetricCondition | undefined;
    if (condition !== undefined && METRIC_CONDITIONS.indexOf(condition) < 0) c.fail(path.concat('condition'), `unknown condition "${condition}" (one of: ${METRIC_CONDITIONS.join(', ')})`);
    if (metric === undefined || condition === undefined) return undefined;
    const trend = k6TrendStat(metric);
    if (!PROBE_METRICS[metric] && !trend) {
      return c.fail(path.concat('metric'), `unknown metric "${metric}" (known: ${knownRuleMetrics().join(', ')})`);
    }
    const needsValue = condition !== 'increases' && condition !== 'decreasing';
    const value = o.value === undefined ? undefined : ruleValue(c, o.value, path.concat('value'));
    if (needsValue && o.value === undefined) c.fail(path.concat('value'), `condition ${condition} needs a value`);
    if (!needsValue && o.value !== undefined) c.fail(path.concat('value'), `condition ${condition} takes no value`);
    if (value?.kind === 'baseline_rate' && condition !== 'rate_gt' && condition !== 'rate_lt') c.fail(path.concat('value'), 'baseline_rate only compares with rate_gt / rate_lt');
    if (trend && (['gt', 'gte', 'lt', 'lte'].indexOf(condition) < 0 || afterPhase || withinMs !== undefined || value?.kind !== 'number')) {
      c.fail(path, `${metric} is a k6 Trend bounded over the whole run: use lt/lte/gt/gte with a number and no within/after_phase`);
    }
    const valueText = value?.kind === 'number' ? String(value.value) : value ? `baseline_x${value.factor}` : undefined;
    return { kind: 'metric', id: slug([metric, condition, valueText, ...suffix]), text, metric, condition, ...(value ? { value } : {}), ...base };
  }
  if (head === 'container') {
    const container = c.string(o, 'container', path, true);
    if (container !== undefined && !isFaultTarget(container)) c.fail(path.concat('container'), `unknown container "${container}" (${FAULT_TARGETS.join(', ')})`);
    if (o.condition !== 'healthy') c.fail(path.concat('condition'), 'container rules support condition: healthy');
    if (container === undefined) return undefined;
    return { kind: 'container', id: slug([container, 'healthy', ...suffix]), text, container, condition: 'healthy', ...base };
  }
  if (head === 'custom') {
    const custom = c.string(o, 'custom', path, true);
    if (custom !== 'verify_no_duplicates' && custom !== 'verify_event_processing') {
      return c.fail(path.concat('custom'), `unknown custom check ${JSON.stringify(custom)} (verify_no_duplicates, verify_event_processing)`);
    }
    const collection = o.collection === undefined ? undefined : c.string(o, 'collection', path, false);
    if (collection !== undefined && collection !== 'customers' && collection !== 'orders') c.fail(path.concat('collection'), 'must be customers or orders');
    if (o.expected_count !== undefined && o.expected_count !== 'accumulated_during_outage') {
      c.fail(path.concat('expected_count'), 'only accumulated_during_outage is supported (the changes committed while a fault was active)');
    }
    return { kind: 'custom', id: slug([custom, collection]), text, custom, ...(collection ? { collection } : {}) };
  }
  const alert = c.string(o, 'alert', path, true);
  const condition = o.condition ?? 'fires_and_resolves';
  if (condition !== 'fires' && condition !== 'resolves' && condition !== 'fires_and_resolves') c.fail(path.concat('condition'), 'alert rules support fires, resolves, fires_and_resolves');
  const minTimeScale = c.number(o, 'min_time_scale', path, 0, 1000);
  if (alert === undefined) return undefined;
  return {
    kind: 'alert', id: slug(['alert', alert, condition as string, ...suffix]), text, alert,
    condition: condition as 'fires' | 'resolves' | 'fires_and_resolves', ...base, ...(minTimeScale !== undefined ? { minTimeScale } : {}),
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
      if (spec.mix.insert <= 0) c.fail(path.concat('mix', 'insert'), 'the mix needs inserts (updates and deletes act on inserted rows)');
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
    if (total > phasesTotalMs) c.fail(path.concat('stages'), `load stages last longer (${total} ms) than the phases (${phasesTotalMs} ms)`);
  }
  return spec;
}

function slo(c: Checker, raw: unknown, path: Path): SloSpec {
  const spec = { ...DEFAULT_SLO };
  if (raw === undefined) return spec;
  const o = c.object(raw, path, ['recovery', 'canary_timeout', 'quiescence_timeout', 'error_rate', 'resilience_rate', 'action_delay']);
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
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*(\{.*\})?$/.test(metric)) c.fail(path.concat(metric), `not a k6 metric name: "${metric}"`);
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
  const description = top.description === undefined ? undefined : c.string(top, 'description', [], false, MAX_DESCRIPTION_CHARS, true);
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
  if (total > MAX_DURATION_MS) c.fail(['phases'], `the phases last ${formatDuration(total)} in total, more than ${formatDuration(MAX_DURATION_MS)}: split the experiment into several runs`);
  if (c.errors.length === 0) {
    const plan = checkFaultPlan(scenario);
    c.errors.push(...plan.errors);
    c.warnings.push(...plan.warnings);
  }
  return c.errors.length > 0 ? { ok: false, errors: c.errors, warnings: c.warnings } : { ok: true, scenario, warnings: c.warnings };
}
