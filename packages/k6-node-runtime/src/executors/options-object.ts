// exec.test.options as k6 v1.8.1 builds it (internal/js/modules/k6/execution/execution.go optionsAsObject), from the
// consolidated options a VU holds (options.ts consolidate): json.Marshal(lib.Options) — every key in lib/options.go's
// order, null when unset, durations as Go's Duration.String(), map keys sorted — without vus, duration, iterations
// and stages, then consoleOutput and localIPs. Pure; k6-execution.ts freezes the result.
import { formatGoDuration, parseK6Duration } from '../metrics/duration.js';
import { marshalThresholds } from '../metrics/thresholds.js';
import { ALL_SYSTEM_TAGS } from '../vu/state.js';

type Obj = Record<string, unknown>;
type Field = (v: unknown) => unknown;

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
/** null.Bool / null.String: the value as given. */
const value: Field = (v) => (isSet(v) ? v : null);
/** null.Int (k6 reads a numeric string too). */
const int: Field = (v) => (isSet(v) ? Number(v) : null);
/** types.NullDuration (a number is milliseconds, as k6 reads it). */
const duration: Field = (v) => (isSet(v) ? formatGoDuration(parseK6Duration(v)) : null);

/** A Go map: json.Marshal sorts its keys. */
function sortedMap(v: unknown, field: (x: unknown, key: string) => unknown): Obj | null {
  if (typeof v !== 'object' || v === null) return null;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = field((v as Obj)[k], k);
  return out;
}
const stringMap: Field = (v) => sortedMap(v, String);

const stages: Field = (v) =>
  Array.isArray(v) ? v.map((s: Obj) => ({ duration: duration(s.duration), target: int(s.target) })) : null;

/** Each executor config's own fields after BaseConfig's, in struct order (lib/executor/*.go). */
const EXECUTOR_FIELDS: Record<string, Array<[string, Field]>> = {
  'shared-iterations': [
    ['vus', int],
    ['iterations', int],
    ['maxDuration', duration],
  ],
  'per-vu-iterations': [
    ['vus', int],
    ['iterations', int],
    ['maxDuration', duration],
  ],
  'constant-vus': [
    ['vus', int],
    ['duration', duration],
  ],
  'ramping-vus': [
    ['startVUs', int],
    ['stages', stages],
    ['gracefulRampDown', duration],
  ],
  'constant-arrival-rate': [
    ['rate', int],
    ['timeUnit', duration],
    ['duration', duration],
    ['preAllocatedVUs', int],
    ['maxVUs', int],
  ],
  'ramping-arrival-rate': [
    ['startRate', int],
    ['timeUnit', duration],
    ['stages', stages],
    ['preAllocatedVUs', int],
    ['maxVUs', int],
  ],
};

/**
 * One scenario as given (validated by consolidate): defaults the executor fills in stay null, as in k6, whose
 * constructors mark them unset. Scenario `options` (browser) are refused, so that omitempty key never appears.
 */
function scenario(raw: unknown): Obj {
  const s = raw as Obj;
  const out: Obj = {
    executor: s.executor,
    startTime: duration(s.startTime),
    gracefulStop: duration(s.gracefulStop),
    env: stringMap(s.env),
    exec: isSet(s.exec) ? String(s.exec) : null,
    tags: stringMap(s.tags),
  };
  for (const [k, field] of EXECUTOR_FIELDS[s.executor as string]) out[k] = field(s[k]);
  return out;
}

/** metrics.SystemTagSet: the names k6 knows, sorted; an empty set is null. */
const systemTags: Field = (v) => {
  if (!Array.isArray(v)) return null;
  const names = [...new Set(v.map(String))].filter((t) => ALL_SYSTEM_TAGS.has(t)).sort();
  return names.length > 0 ? names : null;
};

export function optionsObject(o: Obj): Obj {
  const dns = (o.dns ?? {}) as Obj;
  const tags = stringMap(o.tags) as Obj | null;
  return {
    paused: value(o.paused),
    scenarios: sortedMap(o.scenarios, scenario),
    executionSegment: value(o.executionSegment),
    executionSegmentSequence: value(o.executionSegmentSequence),
    noSetup: value(o.noSetup),
    setupTimeout: duration(o.setupTimeout),
    noTeardown: value(o.noTeardown),
    teardownTimeout: duration(o.teardownTimeout),
    rps: int(o.rps),
    // a struct, not a pointer: always an object
    dns: { ttl: value(dns.ttl), select: value(dns.select), policy: value(dns.policy) },
    maxRedirects: int(o.maxRedirects),
    userAgent: value(o.userAgent),
    batch: int(o.batch),
    batchPerHost: int(o.batchPerHost),
    httpDebug: value(o.httpDebug),
    insecureSkipTLSVerify: value(o.insecureSkipTLSVerify),
    // tlsCipherSuites, tlsVersion, tlsAuth, blacklistIPs, blockHostnames, hosts and localIPs are refused by
    // consolidate and the command line, so they are never set; cloud is refused too, and k6 omits it when unset
    tlsCipherSuites: null,
    tlsVersion: null,
    tlsAuth: null,
    throw: value(o.throw),
    thresholds: sortedMap(o.thresholds, (list, metric) => marshalThresholds(metric, list)),
    blacklistIPs: null,
    blockHostnames: null,
    hosts: null,
    noConnectionReuse: value(o.noConnectionReuse),
    noVUConnectionReuse: value(o.noVUConnectionReuse),
    minIterationDuration: duration(o.minIterationDuration),
    ext: sortedMap(o.ext, (raw) => structuredClone(raw)),
    summaryTrendStats: Array.isArray(o.summaryTrendStats) ? o.summaryTrendStats.map(String) : null,
    summaryTimeUnit: value(o.summaryTimeUnit),
    systemTags: systemTags(o.systemTags),
    // k6 applies run tags only when there are some
    tags: tags && Object.keys(tags).length > 0 ? tags : null,
    metricSamplesBufferSize: int(o.metricSamplesBufferSize),
    noCookiesReset: value(o.noCookiesReset),
    discardResponseBodies: value(o.discardResponseBodies),
    // not marshalled by k6 (`json:"-"`): optionsAsObject appends them
    consoleOutput: value(o.consoleOutput),
    localIPs: null,
  };
}
