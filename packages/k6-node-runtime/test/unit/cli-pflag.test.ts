// The k6 run command line's parsing rules (spf13/pflag v1.0.5, as k6 v1.8.1 uses it) and the
// version listing's extension table.
import { describe, it, expect } from 'vitest';
import { parseFlags, splitCsv, parseGoInt64, FlagError } from '../../src/cli/pflag.js';
import { RUN_FLAGS, hoistRootFlags } from '../../src/cli/run-flags.js';
import { XK6_EXTENSIONS, extensionImports } from '../../src/xk6-extensions.js';
import { MODULES } from '../../src/modules/registry.js';

const parse = (...argv: string[]) => parseFlags(argv, RUN_FLAGS);

describe('pflag parsing (k6 run flags)', () => {
  it('long and short forms, shorthand runs, values glued to a shorthand', () => {
    const p = parse('-qu5', 'x.js', '--iterations=7', '-d', '1m', '-e=A=1', '-eB=2', '--no-setup');
    expect(Object.fromEntries(p.set)).toEqual({
      quiet: true,
      vus: 5,
      iterations: 7,
      duration: '1m',
      env: ['A=1', 'B=2'],
      'no-setup': true,
    });
    expect(p.args).toEqual(['x.js']);
  });

  it('a bool flag takes a value only with `=`; `--` ends the flags; "-" is an argument', () => {
    const p = parse('--no-setup', 'false', '--no-teardown=false', '-', '--', '-u', '3');
    expect(p.set.get('no-setup')).toBe(true);
    expect(p.set.get('no-teardown')).toBe(false);
    expect(p.args).toEqual(['false', '-', '-u', '3']);
  });

  it('--http-debug alone means "headers" (NoOptDefVal); a value needs `=`', () => {
    expect(parse('--http-debug', 'x.js').set.get('http-debug')).toBe('headers');
    expect(parse('--http-debug=full').set.get('http-debug')).toBe('full');
  });

  it('string slices split CSV records and accumulate; string arrays keep each value', () => {
    expect(parse('-s', '10s:5,20s:0', '--stage', '5s:1').set.get('stage')).toEqual(['10s:5', '20s:0', '5s:1']);
    expect(parse('--tag', 'a=1,2', '--tag', 'b=3').set.get('tag')).toEqual(['a=1,2', 'b=3']);
    expect(splitCsv('"a,b",c')).toEqual(['a,b', 'c']);
    expect(splitCsv('')).toEqual([]);
    expect(() => splitCsv('a"b')).toThrow('bare " in non-quoted-field');
  });

  it('int64 values as Go strconv.ParseInt(s, 0, 64) reads them', () => {
    expect([
      parseGoInt64('0x10'),
      parseGoInt64('010'),
      parseGoInt64('0b11'),
      parseGoInt64('1_000'),
      parseGoInt64('-5'),
    ]).toEqual([16, 8, 3, 1000, -5]);
    expect(() => parseGoInt64('1.5')).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
    expect(() => parseGoInt64('9223372036854775808')).toThrow('value out of range');
  });

  it("pflag's error messages", () => {
    const err = (...argv: string[]) => {
      try {
        parse(...argv);
      } catch (e) {
        expect(e).toBeInstanceOf(FlagError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('--nope')).toBe('unknown flag: --nope');
    expect(err('-qZ')).toBe("unknown shorthand flag: 'Z' in -Z");
    expect(err('---x')).toBe('bad flag syntax: ---x');
    expect(err('--vus')).toBe('flag needs an argument: --vus');
    expect(err('-u')).toBe("flag needs an argument: 'u' in -u");
    expect(err('--min-iteration-duration', '5x')).toBe(
      'invalid argument "5x" for "--min-iteration-duration" flag: time: unknown unit "x" in duration "5x"',
    );
    expect(err('-l=yes')).toBe(
      'invalid argument "yes" for "-l, --linger" flag: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it('--no-summary is deprecated (a notice, still applied)', () => {
    const p = parse('--no-summary');
    expect(p.set.get('no-summary')).toBe(true);
    expect(p.notices).toEqual(['Flag --no-summary has been deprecated, use --summary-mode=disabled instead']);
  });
});

describe('root flags before `run` (cobra merges them into the subcommand)', () => {
  it('moves them behind `run`, with their values', () => {
    expect(hoistRootFlags(['-q', '--log-output', 'none', '-c=k.json', 'run', '-u', '2', 'x.js'])).toEqual([
      'run',
      '-q',
      '--log-output',
      'none',
      '-c=k.json',
      '-u',
      '2',
      'x.js',
    ]);
  });
  it('leaves other command lines alone', () => {
    expect(hoistRootFlags(['run', '-q', 'x.js'])).toEqual(['run', '-q', 'x.js']);
    expect(hoistRootFlags(['--version'])).toEqual(['--version']);
    expect(hoistRootFlags(['-q', 'stack', 'up'])).toEqual(['-q', 'stack', 'up']);
  });
});

describe('xk6 extensions of the version listing', () => {
  it('every k6/x module of the registry belongs to one extension, and every extension provides one', () => {
    const rows = extensionImports();
    expect(rows.map((r) => r.name).sort()).toEqual(
      Object.keys(MODULES)
        .filter((m) => m.startsWith('k6/x/'))
        .sort(),
    );
    for (const e of XK6_EXTENSIONS) expect(rows.some((r) => r.module === e.module)).toBe(true);
    expect(rows.find((r) => r.name === 'k6/x/sql/driver/postgres')?.module).toBe(
      'github.com/grafana/xk6-sql-driver-postgres',
    );
  });
});
