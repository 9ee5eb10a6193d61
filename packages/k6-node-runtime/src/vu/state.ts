// Per-VU state inside a VU worker: lifecycle phase, tags (test < scenario < VU < group < call),
// current group, iteration counters, and the sample buffer that travels to main in compact
// batches. k6 modules (k6, k6/metrics, k6/http, k6/x/*) build on emit() and declareMetric().
import { BUILTIN_METRICS, type MetricType, type Contains } from './builtin-metrics.js';
import { ROW, type SampleBatchMessage } from './sample-batch.js';
import { goError } from '../modules/go-error.js';

export type { MetricType, Contains };
export type Phase = 'init' | 'setup' | 'run' | 'teardown' | 'summary';

export interface ScenarioState {
  name: string;
  executor: string;
  startTime: number; // epoch ms
  tags: Record<string, string>;
  /** 0..1, computed on demand */
  progress: () => number;
  iterationInTest: number;
  iterationInInstance: number;
}

/** What the worker bootstrap plugs in: how messages reach main. */
export interface StateSink {
  post(msg: unknown, transfer?: ArrayBuffer[]): void;
}

const BATCH_ROWS = 1024;
const FLUSH_AGE_MS = 50;

let sink: StateSink = { post: () => {} };
let phase: Phase = 'init';
let vuId = 0;
let vuIdInTest = 0;
let testTags: Record<string, string> = {};
let scenario: ScenarioState | undefined;
let group = ''; // root group path is ""; nested "::a::b"
let iterationInInstance = 0; // __ITER
let iterationInScenario = 0;
let throwOnMetricError = false;
let options: Record<string, unknown> | null = null;

/** k6's default system tags (metrics/system_tag.go); `vu` and `iter` are opt-in via options.systemTags. */
export const DEFAULT_SYSTEM_TAGS = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
];
/** Every system tag name k6 knows; it drops other names from systemTags. */
export const ALL_SYSTEM_TAGS = new Set([...DEFAULT_SYSTEM_TAGS, 'iter', 'vu', 'ocsp_status', 'ip']);
let systemTags = new Set(DEFAULT_SYSTEM_TAGS);

function applySystemTags(o: Record<string, unknown> | null): void {
  const st = o?.systemTags;
  systemTags = new Set(Array.isArray(st) ? st.map(String) : DEFAULT_SYSTEM_TAGS);
}
/** Whether a system tag (scenario, group, check, status, url, vu, iter, ...) is attached to samples. */
export function systemTagEnabled(name: string): boolean {
  return systemTags.has(name);
}

// --- the VU's tag set (k6 lib.VUStateTags): rebuilt when the VU starts a scenario or a
// setup/teardown call, then changed by group(), iterations and exec.vu.metrics.tags ---
let tagsVersion = 0;
let vuTags: Record<string, string> = {};
/** exec.vu.metrics.metadata set by the script (cleared with the tag set, as k6 does). */
let userMetadata: Record<string, string> = {};

function resetTags(): void {
  const t: Record<string, string> = { ...testTags, ...(scenario?.tags ?? {}) };
  if (systemTags.has('vu')) t.vu = String(vuId);
  if (systemTags.has('iter')) t.iter = String(iterationInInstance);
  if (systemTags.has('group')) t.group = group;
  if (scenario && systemTags.has('scenario')) t.scenario = scenario.name;
  vuTags = t;
  userMetadata = {};
  tagsVersion++;
}

function setSystemTag(name: string, value: string): void {
  if (!systemTags.has(name)) return;
  vuTags[name] = value;
  tagsVersion++;
}

// --- metric registry (local view of k6's global registry) ---
const declared = new Map<string, { type: MetricType; contains: Contains }>();
for (const b of BUILTIN_METRICS) declared.set(b.name, { type: b.type, contains: b.contains });

// --- sample buffer ---
const metricIds = new Map<string, number>();
const tagSetIds = new Map<string, number>();
/**
 * emit's shortcut to a sample's tag-set id: from the VU tag set's id, one step per call tag in call order (its
 * key, then its value), so the same call tags over the same VU tags are found without building any text. As
 * many nodes as tag sets used.
 */
interface CallTags {
  id?: number;
  next?: Map<string, Map<string, CallTags>>;
}
const callTagSets = new Map<number, CallTags>();
let newMetrics: Array<[number, string]> = [];
let newTagSets: Array<[number, Record<string, string>]> = [];
let buf = new Float64Array(BATCH_ROWS * ROW);
let rows = 0;
let lastFlush = Date.now();

// cached base tag set (everything but call tags)
let baseVersion = -1;
let baseTags: Record<string, string> = {};
let baseKey = '';
let baseId = -1;

export function configure(o: {
  sink: StateSink;
  vu: number;
  /** the VU's number in the whole (segmented) test; defaults to `vu` */
  vuIdInTest?: number;
  testTags?: Record<string, string>;
  throw?: boolean;
  options?: Record<string, unknown> | null;
}): void {
  sink = o.sink;
  vuId = o.vu;
  vuIdInTest = o.vuIdInTest ?? o.vu;
  testTags = { ...(o.testTags ?? {}) };
  throwOnMetricError = o.throw ?? false;
  options = o.options ?? null;
  applySystemTags(options);
  resetTags();
}

export function setPhase(p: Phase): void {
  phase = p;
  group = p === 'setup' ? '::setup' : p === 'teardown' ? '::teardown' : '';
  resetTags();
}
export function getPhase(): Phase {
  return phase;
}
export function inInit(): boolean {
  return phase === 'init';
}
/** k6's InitContextError for APIs that need a running VU ("Using check()", "Making http requests", ...). */
export function assertNotInit(what: string): void {
  if (phase === 'init') throw goError(`${what} in the init context is not supported`);
}

export function vu(): number {
  return vuId;
}
export function vuInTest(): number {
  return vuIdInTest;
}
export function setTestOptions(
  o: Record<string, unknown> | null,
  testWideTags?: Record<string, string>,
  throwFlag?: boolean,
): void {
  options = o;
  applySystemTags(o);
  if (testWideTags) testTags = { ...testWideTags };
  if (throwFlag !== undefined) throwOnMetricError = throwFlag;
  resetTags();
}
export function testOptions(): Record<string, unknown> | null {
  return options;
}
export function metricErrorsThrow(): boolean {
  return throwOnMetricError;
}

export function setScenario(s: ScenarioState | undefined): void {
  scenario = s;
  iterationInScenario = 0;
  resetTags();
}
export function currentScenario(): ScenarioState | undefined {
  return scenario;
}

/** Called by the iteration loop at the start of each iteration. */
export function beginIteration(inTest: number, inInstance: number): void {
  if (scenario) {
    scenario.iterationInTest = inTest;
    scenario.iterationInInstance = inInstance;
  }
}
/** Called by the iteration loop after each iteration (interrupted or not). */
export function endIteration(): void {
  iterationInInstance++;
  iterationInScenario++;
  setSystemTag('iter', String(iterationInInstance));
  if (group !== '') setGroup(''); // an exception thrown inside group() must not leak the group into the next iteration
}
export function iterations(): { inInstance: number; inScenario: number } {
  return { inInstance: iterationInInstance, inScenario: iterationInScenario };
}

export function currentGroup(): string {
  return group;
}
export function setGroup(path: string): void {
  group = path;
  setSystemTag('group', path);
}

/** k6 keeps the high-cardinality system tags vu and iter as metadata, not tags. */
const METADATA_SYSTEM_TAGS = new Set(['vu', 'iter']);

/** exec.vu.metrics.tags: the VU's current tags (system ones included); writes change later samples. */
export function vuTagsView(): {
  get(k: string): string | undefined;
  keys(): string[];
  set(k: string, v: string): void;
  delete(k: string): void;
} {
  return {
    get: (k) => (METADATA_SYSTEM_TAGS.has(k) ? undefined : vuTags[k]),
    keys: () => Object.keys(vuTags).filter((k) => !METADATA_SYSTEM_TAGS.has(k)),
    set: (k, v) => {
      vuTags[k] = v;
      tagsVersion++;
    },
    delete: (k) => {
      delete vuTags[k];
      tagsVersion++;
    },
  };
}

/** exec.vu.metrics.metadata: vu/iter (when enabled) and what the script set. Not attached to samples. */
export function vuMetadataView(): {
  get(k: string): string | undefined;
  keys(): string[];
  set(k: string, v: string): void;
  delete(k: string): void;
} {
  const all = (): Record<string, string> => {
    const m: Record<string, string> = {};
    for (const k of METADATA_SYSTEM_TAGS) if (vuTags[k] !== undefined) m[k] = vuTags[k];
    return { ...m, ...userMetadata };
  };
  return {
    get: (k) => all()[k],
    keys: () => Object.keys(all()),
    set: (k, v) => {
      userMetadata[k] = v;
    },
    delete: (k) => {
      delete userMetadata[k];
      if (METADATA_SYSTEM_TAGS.has(k)) {
        delete vuTags[k];
        tagsVersion++;
      }
    },
  };
}

function refreshBase(): void {
  if (baseVersion === tagsVersion) return;
  const t: Record<string, string> = { ...vuTags };
  baseTags = t;
  baseKey = tagKey(t);
  baseId = tagSetId(baseKey, t);
  baseVersion = tagsVersion;
}

function tagKey(t: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(t)
      .sort()
      .map((k) => [k, t[k]]),
  );
}

function tagSetId(key: string, tags: Record<string, string>): number {
  let id = tagSetIds.get(key);
  if (id === undefined) {
    id = tagSetIds.size;
    tagSetIds.set(key, id);
    newTagSets.push([id, tags]);
  }
  return id;
}

/** Declares a custom metric; throws as k6 does when the name exists with another type/contains. */
export function declareMetric(name: string, type: MetricType, contains: Contains): void {
  const prev = declared.get(name);
  if (prev) {
    if (prev.type !== type)
      throw goError(`metric '${name}' already exists but with type ${prev.type}, instead of ${type}`);
    if (prev.contains !== contains) {
      throw goError(`metric '${name}' already exists but with a value type ${prev.contains}, instead of ${contains}`);
    }
    return;
  }
  declared.set(name, { type, contains });
  sink.post({ type: 'declare', name, metricType: type, contains });
}

/**
 * Records one sample with the VU's tag set (options.tags < scenario tags < system tags, as changed
 * by group() and exec.vu.metrics.tags) and the call tags over it.
 * `time` is epoch ms (defaults to now).
 */
export function emit(metric: string, value: number, tags?: Record<string, string>, time?: number): void {
  refreshBase();
  let id = baseId;
  if (tags) {
    // The same call tags over the same VU tags are the same set: found without merging, sorting and serializing
    // them again (a script adds the same few tag sets in every iteration).
    let node: CallTags | undefined;
    for (const k in tags) {
      if (!node) {
        node = callTagSets.get(baseId);
        if (!node) callTagSets.set(baseId, (node = {}));
      }
      const byKey = (node.next ??= new Map());
      let byValue = byKey.get(k);
      if (!byValue) byKey.set(k, (byValue = new Map()));
      const v = String(tags[k]);
      let child = byValue.get(v);
      if (!child) byValue.set(v, (child = {}));
      node = child;
    }
    if (node) {
      if (node.id === undefined) {
        const merged: Record<string, string> = { ...baseTags };
        for (const k in tags) merged[k] = String(tags[k]);
        node.id = tagSetId(tagKey(merged), merged);
      }
      id = node.id;
    }
  }
  let mid = metricIds.get(metric);
  if (mid === undefined) {
    mid = metricIds.size;
    metricIds.set(metric, mid);
    newMetrics.push([mid, metric]);
  }
  const now = Date.now();
  const o = rows * ROW;
  buf[o] = mid;
  buf[o + 1] = id;
  buf[o + 2] = time ?? now;
  buf[o + 3] = value;
  rows++;
  if (rows === BATCH_ROWS || now - lastFlush >= FLUSH_AGE_MS) flushSamples();
}

/** Sends buffered samples to main (transferring the buffer). Cheap when empty. */
export function flushSamples(): void {
  lastFlush = Date.now();
  if (rows === 0 && newMetrics.length === 0) return;
  const data = buf.subarray(0, rows * ROW);
  const msg: SampleBatchMessage = { type: 'samples', metrics: newMetrics, tagSets: newTagSets, data, count: rows };
  sink.post(msg, [buf.buffer]);
  buf = new Float64Array(BATCH_ROWS * ROW);
  rows = 0;
  newMetrics = [];
  newTagSets = [];
}

/** Flush only if the buffer is old: called at iteration ends, which may be very frequent. */
export function maybeFlushSamples(): void {
  if (rows > 0 && Date.now() - lastFlush >= FLUSH_AGE_MS) flushSamples();
}

/** Sends any other message to main (logs are written directly; this is for control). */
export function postToMain(msg: unknown): void {
  sink.post(msg);
}
