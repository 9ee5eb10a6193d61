// The `k6 run` command line of k6 v1.8.1 (internal/cmd/options.go, runtime_options.go, config.go,
// root.go; pflag v1.0.5 messages; exit -1 = 255 for bad flags, 104 for what the runtime refuses).
// docs/runtime.md, "k6 run flags". `cdc-chaos version` is the harness's (test/conformance/cli-harness.test.ts).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, cli, results, built, bin, script, type RunResult, type SummaryData } from './helpers.js';

const summaryIn = (dir: string): SummaryData => JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as SummaryData;

/** stderr is exactly one k6 log line at error level carrying `msg`; nothing on stdout. */
function oneErrorLine(r: RunResult, msg: string): void {
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^time="[^"]+" level=error msg=/);
  expect(lines[0]).toContain(`msg=${JSON.stringify(msg)}`);
  expect(r.stdout).toBe('');
}

describe.skipIf(!built)('k6 run v1.8.1 command line', () => {
  it('accepts the flags this runtime implements as no-ops (docs/runtime.md) together in one run', () => {
    const r = run('cli-overrides.js', [
      '--no-usage-report',
      '-a',
      'localhost:0',
      '--profiling-enabled',
      '--no-connection-reuse',
      '--no-vu-connection-reuse',
      '--batch',
      '5',
      '--batch-per-host',
      '2',
      '--http-debug',
      '--dns',
      'ttl=1m,select=first,policy=any',
      '--traces-output',
      'none',
      '--rps',
      '0',
      '--paused=false',
      '--new-machine-readable-summary=false',
      '--secret-source',
      'mock=name=m',
      '--compatibility-mode',
      'extended',
      '-t',
      'js',
      '--user-agent',
      'agent/1',
      '--max-redirects',
      '3',
      '--insecure-skip-tls-verify',
      '--discard-response-bodies',
      '--blacklist-ip',
      '',
      '--block-hostnames',
      '',
      '--local-ips',
      '',
      '--linger=false',
      '--min-iteration-duration',
      '0s',
      '--no-color',
    ]);
    expect(r.stderr).not.toMatch(/level=error/);
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.iterations.values.count).toBe(1);
  });

  it('pflag forms: -qu2, --iterations=3, flags after the script, -- ends the flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const r = cli(
      ['run', '-qu2', '--iterations=3', script('cli-overrides.js'), '-e', 'SUMMARY_OUT=s.json', '--no-color', '--'],
      { dir },
    );
    expect(r.code).toBe(0);
    expect(summaryIn(dir).metrics.iterations.values.count).toBe(3);
    expect(summaryIn(dir).metrics.vus_max.values.value).toBe(2);
  });

  it("k6's root flags may come before `run` (k6 -q run ...)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const r = cli(
      ['-q', '--log-format', 'json', 'run', '-i', '2', '-e', 'SUMMARY_OUT=s.json', script('cli-overrides.js')],
      { dir },
    );
    expect(r.code).toBe(0);
    expect(summaryIn(dir).metrics.iterations.values.count).toBe(2);
  });

  it('a script from stdin (k6 run -)', () => {
    const r = cli(['run', '-q', '-'], {
      input: 'export default function () { console.log(\'RESULT "from stdin"\'); }',
    });
    expect(r.code).toBe(0);
    expect(results(r)).toEqual(['from stdin']);
  });

  it('-h prints the run help with every flag and exits 0', () => {
    const r = cli(['run', '-h']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--vus',
      '--summary-time-unit',
      '--console-output',
      '--linger',
      '--no-usage-report',
      '--secret-source',
      '--address',
    ])
      expect(r.stdout).toContain(flag);
  });

  it('--no-summary is deprecated: the notice goes to stdout, as cobra prints it', () => {
    const r = run('cli-overrides.js', ['--no-summary']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Flag --no-summary has been deprecated, use --summary-mode=disabled instead');
  });

  it('--summary-time-unit, --system-tags and -w/--throw reach the test options', () => {
    const r = run('cli-overrides.js', [
      '--summary-time-unit',
      's',
      '--system-tags',
      'scenario,nonsense',
      '-o',
      'json=out.json',
    ]);
    expect(r.code).toBe(0);
    expect((r.summary as unknown as { options: { summaryTimeUnit: string } }).options.summaryTimeUnit).toBe('s');
    const point = readFileSync(join(r.dir, 'out.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } })
      .find((l) => l.type === 'Point' && l.metric === 'iterations');
    expect(point?.data.tags).toEqual({ scenario: 'default' }); // k6 drops unknown system tag names
    expect(results(run('throw.js', ['-w']))).toEqual([
      "'NaN' is an invalid value for metric 'cc', a number or a boolean value is expected",
    ]);
    expect(results(run('throw.js'))).toEqual(['no error']);
  });

  it('--console-output sends console.* lines to the file (appended), not to stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    writeFileSync(join(dir, 'console.log'), 'before\n');
    const r = cli(['run', '-q', '--console-output', 'console.log', script('console-output.js')], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('to the console file');
    const lines = readFileSync(join(dir, 'console.log'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('before');
    expect(lines.slice(1).map((l) => /level=(\w+) msg="([^"]*)"/.exec(l)?.slice(1))).toEqual([
      ['info', 'to the console file'],
      ['warning', 'also there'],
    ]);
  });

  it('K6_CONSOLE_OUTPUT does what --console-output does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const r = cli(['run', '-q', script('console-output.js')], { dir, env: { K6_CONSOLE_OUTPUT: 'console.log' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('to the console file');
    expect(readFileSync(join(dir, 'console.log'), 'utf8')).toContain('msg="to the console file"');
  });

  it("lib.Options' K6_* variables set options (envconfig: maps as key:value pairs, system tags filtered)", () => {
    const r = run('test-options.js', [], {
      K6_TAGS: 'team:cdc,env:ci',
      K6_USER_AGENT: 'cdc-chaos-conformance',
      K6_MIN_ITERATION_DURATION: '1500',
      K6_SYSTEM_TAGS: 'status, vu,no_such_tag',
      K6_MAX_REDIRECTS: '3',
      K6_DISCARD_RESPONSE_BODIES: 'true',
    });
    expect(r.code, r.stderr).toBe(0);
    const [first] = results(r) as Array<{ json: string }>;
    expect(JSON.parse(first.json)).toMatchObject({
      tags: { team: 'cdc', env: 'ci' },
      userAgent: 'cdc-chaos-conformance',
      minIterationDuration: '1.5s',
      systemTags: ['status', 'vu'],
      maxRedirects: 3,
      discardResponseBodies: true,
    });
    const bad = run('test-options.js', [], { K6_TAGS: 'team=cdc' });
    expect(bad.code).toBe(104); // k6's readEnvConfig: InvalidConfig
    expect(bad.stderr).toContain("converting 'team=cdc' to type map[string]string. details: invalid map item");
    // null.Bool takes only "true"/"false" (strconv.ParseBool's "1" is for the runtime options, e.g. K6_NO_THRESHOLDS)
    const one = run('test-options.js', [], { K6_NO_SETUP: '1' });
    expect(one.code).toBe(104);
    expect(one.stderr).toContain(
      "assigning K6_NO_SETUP to NoSetup: converting '1' to type null.Bool. details: invalid input:1",
    );
    const linger = run('test-options.js', [], { K6_LINGER: 'yes' });
    expect(linger.code).toBe(104);
    expect(linger.stderr).toContain("converting 'yes' to type null.Bool. details: invalid input:yes");
  });

  it('--compatibility-mode base has no `global`; extended (the default) has it', () => {
    expect(results(run('compat-global.js'))).toEqual(['object']);
    expect(results(run('compat-global.js', ['--compatibility-mode', 'base']))).toEqual(['undefined']);
  });

  it('-c/--config: the JSON config file is the option tier below the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    writeFileSync(join(dir, 'k6.json'), JSON.stringify({ vus: 2, iterations: 4, collectors: {} }));
    const r = run('config-file.js', ['-c', join(dir, 'k6.json')]);
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.iterations.values.count).toBe(4);
    expect(r.summary!.metrics.vus_max.values.value).toBe(2);
    const missing = run('config-file.js', ['-c', join(dir, 'nope.json')]);
    expect(missing.code).toBe(104);
    expect(missing.stderr).toContain(
      `failed to load the configuration file from the local file system: stat ${join(dir, 'nope.json')}: no such file or directory`,
    );
  });

  it('--linger: after the test k6 waits for Ctrl+C (saying so on stdout unless -q), then prints the summary and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const child = spawn(
      process.execPath,
      [bin, 'run', '--linger', '-i', '1', script('config-file.js'), '-e', `SUMMARY_OUT=${join(dir, 's.json')}`],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    let lingered = false;
    const code = await new Promise<number>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!lingered && stdout.includes('--linger was enabled, so k6 is waiting for Ctrl+C')) {
          lingered = true;
          expect(existsSync(join(dir, 's.json'))).toBe(false); // the summary waits for Ctrl+C
          child.kill('SIGINT');
        }
      });
      child.on('exit', (c) => resolve(c ?? -1));
    });
    expect(lingered).toBe(true);
    expect(code).toBe(0);
    expect(existsSync(join(dir, 's.json'))).toBe(true);
  });
});

describe.skipIf(!built)('bad command lines: one error line, k6 wording, k6 exit code', () => {
  const s = () => script('cli-overrides.js');
  // pflag and k6 value checks: k6 returns these errors without an exit code, so it exits -1 (255)
  it.each([
    [['--foo'], 'unknown flag: --foo'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['--version'], 'unknown flag: --version'],
    [['-u', 'x'], 'invalid argument "x" for "-u, --vus" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    [
      ['-i', '99999999999999999999'],
      'invalid argument "99999999999999999999" for "-i, --iterations" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range',
    ],
    [['-d', '10'], 'invalid argument "10" for "-d, --duration" flag: time: missing unit in duration "10"'],
    [
      ['--no-setup=maybe'],
      'invalid argument "maybe" for "--no-setup" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
    [['--summary-time-unit', 'h'], "invalid summary time unit 'h', use 's', 'ms' or 'us'"],
    [['--summary-mode', 'short'], 'invalid summary mode'],
    [
      ['--compatibility-mode', 'es5'],
      'invalid compatibility mode "es5". Use: "extended", "base", "experimental_enhanced"',
    ],
    [['-e', '1X=2'], "invalid environment variable name '1X'"],
    [['--tag', 'team'], "error parsing tag 'team': invalid tag, empty value"],
    [['--stage', 'soon:5'], 'error for stage 0: time: invalid duration "soon"'],
    [
      ['--summary-trend-stats', 'avg,p(101)'],
      "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100",
    ],
    [['--dns', 'policy=ipv9'], 'ipv9 does not belong to DNSPolicy values'],
    [['--log-output', 'syslog'], "unsupported log output 'syslog'"],
    [['--secret-source', 'vault=x'], 'no secret source for type "vault" for configuration "vault=x"'],
  ])('%j → 255', (flags, msg) => {
    const r = cli(['run', ...flags, s()]);
    oneErrorLine(r, msg);
    expect(r.code).toBe(255);
  });

  it('a flag without its value, and the wrong number of scripts → 255', () => {
    oneErrorLine(cli(['run', s(), '--vus']), 'flag needs an argument: --vus');
    oneErrorLine(cli(['run', s(), '-u']), "flag needs an argument: 'u' in -u");
    const none = cli(['run']);
    oneErrorLine(
      none,
      'accepts 1 arg(s), received 0: arg should either be "-", if reading script from stdin, or a path to a script file',
    );
    expect(none.code).toBe(255);
    expect(cli(['run', s(), s()]).code).toBe(255);
  });

  // valid for k6, not doable here: refused as invalid configuration (104)
  it.each([
    [
      ['--paused'],
      '--paused (resuming needs the k6 REST API) is not supported by the cdc-chaos runtime (see docs/runtime.md)',
    ],
    [['--rps', '10'], '--rps is not supported by the cdc-chaos runtime (see docs/runtime.md)'],
    [
      ['--blacklist-ip', '10.0.0.0/8'],
      '--blacklist-ip is not supported by the cdc-chaos runtime (see docs/runtime.md)',
    ],
    [
      ['--block-hostnames', '*.example.com'],
      '--block-hostnames is not supported by the cdc-chaos runtime (see docs/runtime.md)',
    ],
    [['--local-ips', '10.0.0.1'], '--local-ips is not supported by the cdc-chaos runtime (see docs/runtime.md)'],
    [
      ['--new-machine-readable-summary'],
      '--new-machine-readable-summary is not supported by the cdc-chaos runtime (see docs/runtime.md)',
    ],
    [
      ['--traces-output', 'otel'],
      "--traces-output 'otel' is not supported by the cdc-chaos runtime (see docs/runtime.md)",
    ],
    [['-t', 'archive'], '--type archive (k6 archives) is not supported by the cdc-chaos runtime (see docs/runtime.md)'],
    [
      ['--log-output', 'loki=localhost:3100'],
      "--log-output 'loki=localhost:3100': Loki is not supported by the cdc-chaos runtime; use stderr, stdout, none or file=PATH",
    ],
    [['--secret-source', 'cloud'], "the 'cloud' secret source can only be used with 'k6 cloud run --local-execution'"],
  ])('%j → 104', (flags, msg) => {
    const r = cli(['run', ...flags, s()]);
    oneErrorLine(r, msg);
    expect(r.code).toBe(104);
  });

  it("--log-output=file= in a missing folder: k6's one line, exit 255, nothing created", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const r = cli(['run', `--log-output=file=${join(dir, 'missing', 'x.log')}`, s()]);
    oneErrorLine(r, `provided directory '${join(dir, 'missing')}' does not exist`);
    expect(r.code).toBe(255);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  // k6 v1.8.1 internal/cmd/run.go: a deprecation warning, then the default summary in the legacy layout.
  it("--summary-mode legacy: k6's deprecation warning and the legacy (jslib) layout", () => {
    const r = run('summary-none.js', ['--summary-mode', 'legacy']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('The \\"legacy\\" summary mode has been deprecated, and will be removed by k6 v2.0.');
    expect(r.stdout).not.toContain('TOTAL RESULTS');
    expect(r.stdout).toMatch(/^ {5}iterations\.+: \d+ +\S+\/s$/m);
  });

  it('--summary-export into a missing folder: k6 creates no folder, logs why and keeps exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const target = join(dir, 'missing', 's.json');
    const r = run('cli-overrides.js', ['--summary-export', target]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    const lines = r.stderr.split('\n').filter((l) => l.includes('level=error'));
    expect(lines).toEqual([
      expect.stringContaining(
        `msg="failed to handle the end-of-test summary" error="Could not save some summary information:\\n\\t- could not open '${target}': open ${target}: no such file or directory"`,
      ),
    ]);
  });
});

describe.skipIf(!built)("timers past Node's 32-bit limit (2^31-1 ms)", () => {
  it('-d 600h is honoured: the test runs until the script aborts it, not for a clamped 1 ms', () => {
    const r = run('long-duration.js', ['-u', '1', '-d', '600h']);
    expect(r.code).toBe(108);
    expect(r.summary!.metrics.iterations.values.count).toBe(2); // the third one aborts the test
  });

  it('a VU setTimeout of 2^31+1000 ms does not fire early', () => {
    expect(results(run('long-timer.js'))).toEqual([{ fired: false }]);
  });
});
