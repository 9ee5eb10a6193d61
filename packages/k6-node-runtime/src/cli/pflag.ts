// Command-line parsing with spf13/pflag v1.0.5's rules and messages (the parser k6 v1.8.1 uses
// through cobra): `--name=value`, `--name value`, bool flags without a value, `-abc` shorthand
// runs, `-u5` / `-u=5`, `--` ends the flags, flags may follow positional arguments.
import { parseGoDuration } from '../io/go-duration.js';

export type FlagType = 'bool' | 'int64' | 'duration' | 'string' | 'stringSlice' | 'stringArray';
export type FlagValue = boolean | number | string | string[];

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** default as k6 declares it (shown in help) */
  def?: FlagValue;
  /** the value `--name` alone means (pflag NoOptDefVal; bools: "true") */
  noOptDefVal?: string;
  /** pflag MarkDeprecated: still parsed, with a notice */
  deprecated?: string;
  usage: string;
}

/** A bad command line: pflag's own message (k6 exits -1, i.e. 255). */
export class FlagError extends Error {
  override name = 'FlagError';
}

export interface Parsed {
  /** values of the flags that were given (pflag's Changed), by long name */
  set: Map<string, FlagValue>;
  args: string[];
  help: boolean;
  /** "Flag --x has been deprecated, ..." lines (cobra prints them to stdout) */
  notices: string[];
}

const quote = (s: string): string => JSON.stringify(s);

/** Go strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new Error(`strconv.ParseBool: parsing ${quote(s)}: invalid syntax`);
}

/** Go strconv.ParseInt(s, 0, 64): decimal, 0x/0o/0b prefixes, leading-0 octal, `_` between digits. */
export function parseGoInt64(s: string): number {
  const m =
    /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/.exec(s);
  if (!m) throw new Error(`strconv.ParseInt: parsing ${quote(s)}: invalid syntax`);
  let digits = m[2].replace(/_/g, '');
  if (/^0[0-7]/.test(digits)) digits = `0o${digits.slice(1)}`;
  const v = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  if (v > 9223372036854775807n || v < -9223372036854775808n)
    throw new Error(`strconv.ParseInt: parsing ${quote(s)}: value out of range`);
  return Number(v);
}

/** pflag's stringSlice: one value is a CSV record (encoding/csv), "" is the empty list. */
export function splitCsv(v: string): string[] {
  if (v === '') return [];
  const out: string[] = [];
  let i = 0;
  while (i <= v.length) {
    if (v[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        if (i >= v.length)
          throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (v[i] === '"') {
          if (v[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += v[i++];
      }
      if (i < v.length && v[i] !== ',')
        throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      out.push(field);
    } else {
      const end = v.indexOf(',', i);
      const field = v.slice(i, end === -1 ? v.length : end);
      const q = field.indexOf('"');
      if (q !== -1) throw new Error(`parse error on line 1, column ${i + q + 1}: bare " in non-quoted-field`);
      out.push(field);
      i = end === -1 ? v.length : end;
    }
    if (i >= v.length) break;
    i++; // the comma
    if (i === v.length) out.push('');
  }
  return out;
}

function convert(spec: FlagSpec, raw: string, prev: FlagValue | undefined): FlagValue {
  switch (spec.type) {
    case 'bool':
      return parseGoBool(raw);
    case 'int64':
      return parseGoInt64(raw);
    case 'duration':
      parseGoDuration(raw);
      return raw;
    case 'string':
      return raw;
    case 'stringSlice':
      return [...((prev as string[] | undefined) ?? []), ...splitCsv(raw)];
    case 'stringArray':
      return [...((prev as string[] | undefined) ?? []), raw];
  }
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: Parsed = { set: new Map(), args: [], help: false, notices: [] };
  const noOpt = (s: FlagSpec): string | undefined => s.noOptDefVal ?? (s.type === 'bool' ? 'true' : undefined);

  const apply = (spec: FlagSpec, raw: string): void => {
    let v: FlagValue;
    try {
      v = convert(spec, raw, out.set.get(spec.name));
    } catch (e) {
      const shown = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
      throw new FlagError(`invalid argument ${quote(raw)} for ${quote(shown)} flag: ${(e as Error).message}`);
    }
    out.set.set(spec.name, v);
    if (spec.name === 'help') out.help = v === true;
    if (spec.deprecated) out.notices.push(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`);
  };

  const args = [...argv];
  while (args.length > 0) {
    const s = args.shift()!;
    if (s.length < 2 || s[0] !== '-') {
      out.args.push(s);
      continue;
    }
    if (s === '--') {
      out.args.push(...args);
      break;
    }
    if (s[1] === '-') {
      const body = s.slice(2);
      if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq !== -1) apply(spec, body.slice(eq + 1));
      else if (noOpt(spec) !== undefined) apply(spec, noOpt(spec)!);
      else if (args.length > 0) apply(spec, args.shift()!);
      else throw new FlagError(`flag needs an argument: ${s}`);
      continue;
    }
    let shorts = s.slice(1);
    while (shorts.length > 0) {
      const c = shorts[0];
      const spec = byShort.get(c);
      if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorts}`);
      if (shorts.length > 2 && shorts[1] === '=') {
        apply(spec, shorts.slice(2));
        shorts = '';
      } else if (noOpt(spec) !== undefined) {
        apply(spec, noOpt(spec)!);
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        apply(spec, shorts.slice(1));
        shorts = '';
      } else if (args.length > 0) {
        apply(spec, args.shift()!);
        shorts = '';
      } else {
        throw new FlagError(`flag needs an argument: '${c}' in -${shorts}`);
      }
    }
  }
  return out;
}

/** cobra's flag usage lines (`  -u, --vus int   number of virtual users (default 1)`). */
export function flagUsages(specs: readonly FlagSpec[]): string {
  const typeName: Record<FlagType, string> = {
    bool: '',
    int64: 'int',
    duration: 'duration',
    string: 'string',
    stringSlice: 'strings',
    stringArray: 'stringArray',
  };
  const rows = specs
    .filter((s) => !s.deprecated)
    .map((s) => {
      const left = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${typeName[s.type] ? ` ${typeName[s.type]}` : ''}`;
      const def =
        s.def === undefined ||
        s.def === false ||
        s.def === '' ||
        s.def === 0 ||
        (Array.isArray(s.def) && s.def.length === 0)
          ? ''
          : ` (default ${typeof s.def === 'string' && s.type === 'string' ? quote(s.def) : String(s.def)})`;
      return [left, `${s.usage}${def}`];
    });
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([l, r]) => `  ${l.padEnd(w)}   ${r}`).join('\n');
}
