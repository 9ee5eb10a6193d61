// Every flag of `k6 run` in k6 v1.8.1, in k6's order and with k6's defaults and help texts
// (internal/cmd/options.go, runtime_options.go, config.go, root.go). What each one does here is
// in docs/runtime.md ("k6 run flags").
import type { FlagSpec } from './pflag.js';
import { DEFAULT_DNS } from '../executors/option-sources.js';

export const K6_VERSION = '1.8.1';

/** k6's persistent root flags: also valid before the subcommand (`k6 -q run x.js`). */
export const ROOT_FLAGS: readonly FlagSpec[] = [
  { name: 'secret-source', type: 'stringArray', usage: 'setting secret sources for k6 file[=./path.fileformat],' },
  {
    name: 'log-output',
    type: 'string',
    def: 'stderr',
    usage:
      "change the output for k6 logs, possible values are: 'stderr', 'stdout', 'none', 'loki[=host:port]', 'file[=./path.fileformat]'",
  },
  { name: 'log-format', type: 'string', usage: 'log output format' },
  { name: 'config', short: 'c', type: 'string', usage: 'JSON config file' },
  { name: 'no-color', type: 'bool', def: false, usage: 'disable colored output' },
  { name: 'verbose', short: 'v', type: 'bool', def: false, usage: 'enable verbose logging' },
  { name: 'quiet', short: 'q', type: 'bool', def: false, usage: 'disable progress updates' },
  { name: 'address', short: 'a', type: 'string', def: 'localhost:6565', usage: 'address for the REST API server' },
  {
    name: 'profiling-enabled',
    type: 'bool',
    def: false,
    usage: "enable profiling (pprof) endpoints, k6's REST API should be enabled as well",
  },
];

/** `k6 run`'s own flags (optionFlagSet + runtimeOptionFlagSet + configFlagSet) and cobra's help. */
export const LOCAL_FLAGS: readonly FlagSpec[] = [
  { name: 'vus', short: 'u', type: 'int64', def: 1, usage: 'number of virtual users' },
  { name: 'duration', short: 'd', type: 'duration', def: '0s', usage: 'test duration limit' },
  { name: 'iterations', short: 'i', type: 'int64', def: 0, usage: 'script total iteration limit (among all VUs)' },
  { name: 'stage', short: 's', type: 'stringSlice', usage: 'add a stage, as `[duration]:[target]`' },
  {
    name: 'execution-segment',
    type: 'string',
    usage: 'limit execution to the specified segment, e.g. 10%, 1/3, 0.2:2/3',
  },
  { name: 'execution-segment-sequence', type: 'string', usage: 'the execution segment sequence' },
  { name: 'paused', short: 'p', type: 'bool', def: false, usage: 'start the test in a paused state' },
  { name: 'no-setup', type: 'bool', def: false, usage: "don't run setup()" },
  { name: 'no-teardown', type: 'bool', def: false, usage: "don't run teardown()" },
  { name: 'max-redirects', type: 'int64', def: 10, usage: 'follow at most n redirects' },
  { name: 'batch', type: 'int64', def: 20, usage: 'max parallel batch reqs' },
  { name: 'batch-per-host', type: 'int64', def: 6, usage: 'max parallel batch reqs per host' },
  { name: 'rps', type: 'int64', def: 0, usage: 'limit requests per second' },
  { name: 'user-agent', type: 'string', def: `Grafana k6/${K6_VERSION}`, usage: 'user agent for http requests' },
  {
    name: 'http-debug',
    type: 'string',
    noOptDefVal: 'headers',
    usage: "log all HTTP requests and responses. Excludes body by default. To include body use '--http-debug=full'",
  },
  { name: 'insecure-skip-tls-verify', type: 'bool', def: false, usage: 'skip verification of TLS certificates' },
  { name: 'no-connection-reuse', type: 'bool', def: false, usage: 'disable keep-alive connections' },
  { name: 'no-vu-connection-reuse', type: 'bool', def: false, usage: "don't reuse connections between iterations" },
  {
    name: 'min-iteration-duration',
    type: 'duration',
    def: '0s',
    usage: 'minimum amount of time k6 will take executing a single iteration',
  },
  {
    name: 'throw',
    short: 'w',
    type: 'bool',
    def: false,
    usage: 'throw warnings (like failed http requests) as errors',
  },
  { name: 'blacklist-ip', type: 'stringSlice', usage: 'blacklist an `ip range` from being called' },
  {
    name: 'block-hostnames',
    type: 'stringSlice',
    usage: 'block a case-insensitive hostname `pattern`, with optional leading wildcard, from being called',
  },
  {
    name: 'summary-trend-stats',
    type: 'stringSlice',
    usage:
      "define `stats` for trend metrics (response times), one or more as 'avg,p(95),...' (default 'avg, min, med, max, p(90), p(95)')",
  },
  {
    name: 'summary-time-unit',
    type: 'string',
    usage: "define the time unit used to display the trend stats. Possible units are: 's', 'ms' and 'us'",
  },
  {
    name: 'system-tags',
    type: 'stringSlice',
    usage:
      'only include these system tags in metrics (default "proto, subproto, status, method, url, name, group, check, error, error_code, tls_version, scenario, service, expected_response")',
  },
  { name: 'tag', type: 'stringArray', usage: 'add a `tag` to be applied to all samples, as `[name]=[value]`' },
  { name: 'console-output', type: 'string', usage: 'redirects the console logging to the provided output file' },
  {
    name: 'discard-response-bodies',
    type: 'bool',
    def: false,
    usage: "Read but don't process or save HTTP response bodies",
  },
  {
    name: 'local-ips',
    type: 'string',
    usage:
      "Client IP Ranges and/or CIDRs from which each VU will be making requests, e.g. '192.168.220.1,192.168.0.10-192.168.0.25', 'fd:1::0/120', etc.",
  },
  {
    name: 'dns',
    type: 'string',
    def: DEFAULT_DNS,
    usage:
      "DNS resolver configuration. Possible ttl values are: 'inf' for a persistent cache, '0' to disable the cache, or a positive duration, e.g. '1s', '1m', etc. Milliseconds are assumed if no unit is provided. Possible select values to return a single IP are: 'first', 'random' or 'roundRobin'. Possible policy values are: 'preferIPv4', 'preferIPv6', 'onlyIPv4', 'onlyIPv6' or 'any'.",
  },
  {
    name: 'include-system-env-vars',
    type: 'bool',
    def: true,
    usage: 'pass the real system environment variables to the runtime',
  },
  {
    name: 'compatibility-mode',
    type: 'string',
    def: 'extended',
    usage: 'JavaScript compiler compatibility mode, "extended" or "base"',
  },
  { name: 'type', short: 't', type: 'string', usage: 'override test type, "js" or "archive"' },
  { name: 'env', short: 'e', type: 'stringArray', usage: 'add/override environment variable with `VAR=value`' },
  { name: 'no-thresholds', type: 'bool', def: false, usage: "don't run thresholds" },
  {
    name: 'no-summary',
    type: 'bool',
    def: false,
    deprecated: 'use --summary-mode=disabled instead',
    usage: "don't show the summary at the end of the test",
  },
  {
    name: 'summary-mode',
    type: 'string',
    def: 'compact',
    usage: 'determine the summary mode, "compact", "full" or "disabled"',
  },
  { name: 'summary-export', type: 'string', usage: 'output the end-of-test summary report to JSON file' },
  {
    name: 'new-machine-readable-summary',
    type: 'bool',
    def: false,
    usage:
      'enables the new machine-readable summary, which is used for summary exports and as handleSummary() argument',
  },
  {
    name: 'traces-output',
    type: 'string',
    def: 'none',
    usage: 'set the output for k6 traces, possible values are none,otel[=host:port]',
  },
  { name: 'out', short: 'o', type: 'stringArray', usage: '`uri` for an external metrics database' },
  { name: 'linger', short: 'l', type: 'bool', def: false, usage: 'keep the API server alive past test end' },
  {
    name: 'no-usage-report',
    type: 'bool',
    def: false,
    usage: "don't send anonymous usage stats (https://grafana.com/docs/k6/latest/set-up/usage-collection/)",
  },
  { name: 'help', short: 'h', type: 'bool', def: false, usage: 'help for run' },
];

export const RUN_FLAGS: readonly FlagSpec[] = [...LOCAL_FLAGS, ...ROOT_FLAGS];

/**
 * Moves k6's persistent root flags written before `run` (`k6 -q run x.js`) behind it, where the
 * run parser reads them (cobra merges them into the subcommand's flag set). Other command lines
 * are returned as they are.
 */
export function hoistRootFlags(argv: readonly string[]): string[] {
  const lead: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const a = argv[i];
    const isLong = a.startsWith('--');
    const spec = isLong
      ? ROOT_FLAGS.find((f) => a.slice(2).split('=')[0] === f.name)
      : ROOT_FLAGS.find((f) => f.short === a[1]);
    if (!spec) return [...argv];
    lead.push(a);
    // a value-taking flag without `=` (or, short, without a glued value) takes the next argument
    if (spec.type !== 'bool' && (isLong ? !a.includes('=') : a.length === 2)) lead.push(argv[++i]);
    i++;
  }
  if (lead.length === 0 || argv[i] !== 'run') return [...argv];
  return ['run', ...lead.filter((x) => x !== undefined), ...argv.slice(i + 1)];
}
