// Where option tiers come from (pure): K6_* environment variables and CLI flags. Consolidation
// (CLI > env > script) is in options.ts.
import { ConfigError } from '../metrics/types.js';
import { parseExtendedDuration, parseGoDuration } from '../io/go-duration.js';
import { ALL_SYSTEM_TAGS } from '../vu/state.js';

/** The CLI flags that set options. */
export interface CliExecFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: Array<{ duration: string; target: number }>;
  noThresholds: boolean;
  noSetup: boolean;
  noTeardown: boolean;
  summaryTrendStats?: string[];
  /** --tag */
  tags?: Record<string, string>;
  /** further options set by flags (k6 getOptions), as option keys */
  options?: Record<string, unknown>;
}

/** K6_* environment variables that set options (k6: CLI > env > script), read as k6's readEnvConfig does: envconfig
 *  converts each variable to its field's Go type, in the fields' order, and the first it cannot convert fails the
 *  run (InvalidConfig, 104) with envconfig's ParseError text. */
export function envOptions(env: Record<string, string | undefined>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [name, field, type, key, convert] of ENV_FIELDS) {
    const value = env[name];
    if (value === undefined) continue;
    const v = envConfigValue(name, field, type, convert, value, (m) => new ConfigError(m));
    if (v !== undefined) o[key] = v;
  }
  return o;
}

/** envconfig's conversion of one variable to its field; a failure is `fail(envconfig's ParseError text)`. */
export function envConfigValue<T>(
  name: string,
  field: string,
  type: string,
  convert: (v: string) => T,
  value: string,
  fail: (message: string) => Error,
): T {
  try {
    return convert(value);
  } catch (e) {
    throw fail(
      `envconfig.Process: assigning ${name} to ${field}: converting '${value}' to type ${type}. details: ${(e as Error).message}`,
    );
  }
}

/** The guregu/null.v3 and k6 types' UnmarshalText, and envconfig's own slices and maps; undefined = left unset. */
export const nullBool = (v: string): boolean | undefined => {
  if (v === '' || v === 'null') return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Error(`invalid input:${v}`);
};
const nullInt = (v: string): number | undefined => (v === '' || v === 'null' ? undefined : parseInt64(v));
const nullString = (v: string): string | undefined => (v === '' ? undefined : v);
/** types.NullDuration: checked here (k6's error), kept as text for consolidation. */
const nullDuration = (v: string): string | undefined => {
  if (v === '') return undefined;
  parseExtendedDuration(v);
  return v;
};
/** envconfig splits a slice on commas (nothing when blank) and converts each element. */
const slice =
  <T>(each: (item: string) => T) =>
  (v: string): T[] | undefined =>
    v.trim() === '' ? undefined : v.split(',').map(each);
/** lib.Stage.UnmarshalText: `[duration]:[target]`, a Go duration and a base-10 integer, either may be missing. */
export const libStage = (item: string): { duration?: string; target?: number } => {
  const colon = item.indexOf(':');
  const dur = colon === -1 ? item : item.slice(0, colon);
  const target = colon === -1 ? '' : item.slice(colon + 1);
  if (dur !== '') parseGoDuration(dur);
  return { duration: dur === '' ? undefined : dur, target: target === '' ? undefined : parseInt64(target) };
};
/** metrics.SystemTagSet.UnmarshalText: names trimmed, unknown ones dropped. */
const systemTags = (v: string): string[] =>
  v
    .split(',')
    .map((t) => t.trim())
    .filter((t) => ALL_SYSTEM_TAGS.has(t));
/** envconfig's maps: `key:value` pairs separated by commas (nothing when blank). */
const stringMap = (v: string): Record<string, string> | undefined => {
  if (v.trim() === '') return undefined;
  const m: Record<string, string> = {};
  for (const pair of v.split(',')) {
    const kv = pair.split(':');
    if (kv.length !== 2) throw new Error(`invalid map item: ${JSON.stringify(pair)}`);
    m[kv[0]] = kv[1];
  }
  return m;
};

/** k6 types.DefaultDNSConfig().String(): the --dns flag's default. */
export const DEFAULT_DNS = 'ttl=5m,select=random,policy=preferIPv4';

/**
 * k6 types.DNSConfig.UnmarshalText: `ttl=...,select=...,policy=...` → the dns option object with the fields
 * named (k6's own default text names none: exec.test.options shows them unset).
 */
export function dnsConfig(text: string): { ttl?: string; select?: string; policy?: string } {
  const dns: { ttl?: string; select?: string; policy?: string } = {};
  if (text === DEFAULT_DNS) return dns;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const k = eq === -1 ? part : part.slice(0, eq);
    const v = eq === -1 ? '' : part.slice(eq + 1);
    if (v === '') throw new Error(`no value for key ${part}`);
    if (k === 'policy') {
      if (!['preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6', 'any'].includes(v))
        throw new Error(`${v} does not belong to DNSPolicy values`);
      dns.policy = v;
    } else if (k === 'select') {
      if (!['first', 'roundRobin', 'random'].includes(v)) throw new Error(`${v} does not belong to DNSSelect values`);
      dns.select = v;
    } else if (k === 'ttl') dns.ttl = v;
    else throw new Error(`unknown DNS configuration field: ${k}`);
  }
  return dns;
}

/** Go's strconv.ParseInt(s, 10, 64), with its errors. */
function parseInt64(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n)
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(n);
}

/** The variables of k6 v1.8.1's lib.Options that this runtime implements or refuses, in the struct's field order:
 *  [variable, Go field, Go type, option key, conversion]. The refused ones are kept as text: consolidation refuses
 *  them whatever they hold. */
const ENV_FIELDS: ReadonlyArray<readonly [string, string, string, string, (v: string) => unknown]> = [
  ['K6_PAUSED', 'Paused', 'null.Bool', 'paused', nullBool],
  ['K6_VUS', 'VUs', 'null.Int', 'vus', nullInt],
  ['K6_DURATION', 'Duration', 'types.NullDuration', 'duration', nullDuration],
  ['K6_ITERATIONS', 'Iterations', 'null.Int', 'iterations', nullInt],
  ['K6_STAGES', 'Stages', '[]lib.Stage', 'stages', slice(libStage)],
  ['K6_NO_SETUP', 'NoSetup', 'null.Bool', 'noSetup', nullBool],
  ['K6_SETUP_TIMEOUT', 'SetupTimeout', 'types.NullDuration', 'setupTimeout', nullDuration],
  ['K6_NO_TEARDOWN', 'NoTeardown', 'null.Bool', 'noTeardown', nullBool],
  ['K6_TEARDOWN_TIMEOUT', 'TeardownTimeout', 'types.NullDuration', 'teardownTimeout', nullDuration],
  // k6 v2.2's (v1.8.1 gives handleSummary a fixed 2 minutes): docs/runtime.md, known differences
  ['K6_HANDLE_SUMMARY_TIMEOUT', 'HandleSummaryTimeout', 'types.NullDuration', 'handleSummaryTimeout', nullDuration],
  ['K6_RPS', 'RPS', 'null.Int', 'rps', nullInt],
  ['K6_DNS', 'DNS', 'types.DNSConfig', 'dns', dnsConfig],
  ['K6_MAX_REDIRECTS', 'MaxRedirects', 'null.Int', 'maxRedirects', nullInt],
  ['K6_USER_AGENT', 'UserAgent', 'null.String', 'userAgent', nullString],
  ['K6_BATCH', 'Batch', 'null.Int', 'batch', nullInt],
  ['K6_BATCH_PER_HOST', 'BatchPerHost', 'null.Int', 'batchPerHost', nullInt],
  ['K6_HTTP_DEBUG', 'HTTPDebug', 'null.String', 'httpDebug', nullString],
  ['K6_INSECURE_SKIP_TLS_VERIFY', 'InsecureSkipTLSVerify', 'null.Bool', 'insecureSkipTLSVerify', nullBool],
  ['K6_TLS_CIPHER_SUITES', 'TLSCipherSuites', 'lib.TLSCipherSuites', 'tlsCipherSuites', nullString],
  ['K6_TLSAUTH', 'TLSAuth', '[]*lib.TLSAuth', 'tlsAuth', nullString],
  ['K6_THROW', 'Throw', 'null.Bool', 'throw', nullBool],
  ['K6_BLACKLIST_IPS', 'BlacklistIPs', '[]*lib.IPNet', 'blacklistIPs', nullString],
  ['K6_BLOCK_HOSTNAMES', 'BlockedHostnames', 'types.NullHostnameTrie', 'blockHostnames', nullString],
  ['K6_HOSTS', 'Hosts', 'types.NullHosts', 'hosts', nullString],
  ['K6_NO_CONNECTION_REUSE', 'NoConnectionReuse', 'null.Bool', 'noConnectionReuse', nullBool],
  ['K6_NO_VU_CONNECTION_REUSE', 'NoVUConnectionReuse', 'null.Bool', 'noVUConnectionReuse', nullBool],
  ['K6_MIN_ITERATION_DURATION', 'MinIterationDuration', 'types.NullDuration', 'minIterationDuration', nullDuration],
  ['K6_SUMMARY_TREND_STATS', 'SummaryTrendStats', '[]string', 'summaryTrendStats', slice((x) => x)],
  ['K6_SUMMARY_TIME_UNIT', 'SummaryTimeUnit', 'null.String', 'summaryTimeUnit', nullString],
  ['K6_SYSTEM_TAGS', 'SystemTags', 'metrics.SystemTagSet', 'systemTags', systemTags],
  ['K6_TAGS', 'RunTags', 'map[string]string', 'tags', stringMap],
  ['K6_DISCARD_RESPONSE_BODIES', 'DiscardResponseBodies', 'null.Bool', 'discardResponseBodies', nullBool],
  ['K6_LOCAL_IPS', 'LocalIPs', 'types.NullIPPool', 'localIPs', nullString],
];

export function cliOptions(f: CliExecFlags): Record<string, unknown> {
  const o: Record<string, unknown> = { ...f.options };
  if (f.vus !== undefined) o.vus = f.vus;
  if (f.duration !== undefined) o.duration = f.duration;
  if (f.iterations !== undefined) o.iterations = f.iterations;
  if (f.stages?.length) o.stages = f.stages;
  if (f.noThresholds) o.noThresholds = true;
  if (f.noSetup) o.noSetup = true;
  if (f.noTeardown) o.noTeardown = true;
  if (f.summaryTrendStats) o.summaryTrendStats = f.summaryTrendStats;
  // k6 replaces the script's tags with the command line's (lib.Options.Apply copies non-empty RunTags)
  if (f.tags && Object.keys(f.tags).length > 0) o.tags = f.tags;
  return o;
}
