// The field checker every part of a scenario's validation shares (schema.ts, the fault types in faults/,
// the fault plan's consistency checks): errors and warnings carry the exact path of the offending field,
// which the build turns into file:line:col. Its own module so the validator and the planner, which both
// report problems, do not import each other.

import { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';

export type Path = (string | number)[];
export interface SchemaError {
  path: Path;
  message: string;
}

/** The machine the build runs on, for warnings about faults it could not hold (the engine may be elsewhere: DOCKER_HOST). */
export interface HostResources {
  cpus: number;
  memoryBytes: number;
}

/** Longest one-line string (a scenario name): copied into the bundle, the report and every log line that names the run. */
export const MAX_NAME_CHARS = 120;

export type Obj = Record<string, unknown>;

export class Checker {
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
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      return this.fail(path, `must be a mapping, got ${kind(v)}`);
    for (const key of Object.keys(v)) {
      if (allowed.indexOf(key) < 0)
        this.fail(path.concat(key), `unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    }
    return v as Obj;
  }
  /** A one-line string of at most `max` characters, or (multiline) a text such as a description. */
  string(
    o: Obj,
    key: string,
    path: Path,
    required: boolean,
    max = MAX_NAME_CHARS,
    multiline = false,
  ): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path.concat(key), 'is required') : undefined;
    if (typeof v !== 'string' || v.trim() === '')
      return this.fail(path.concat(key), `must be a non-empty string, got ${kind(v)}`);
    if (v.length > max)
      return this.fail(path.concat(key), `is ${v.length} characters long, at most ${max} are allowed: shorten it`);
    if ((multiline ? /[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/ : /[\x00-\x1f\x7f\u2028\u2029]/).test(v)) {
      return this.fail(
        path.concat(key),
        `contains a ${multiline ? 'control character' : 'line break or control character'}: write it on one line of plain text`,
      );
    }
    return v;
  }
  duration(o: Obj, key: string, path: Path, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined || v === null)
      return required ? this.fail(path.concat(key), 'is required (e.g. 30s)') : undefined;
    if (typeof v !== 'string')
      return this.fail(
        path.concat(key),
        `must be a duration string such as 30s or 1m30s, got ${kind(v)} ${JSON.stringify(v)}`,
      );
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      return this.fail(path.concat(key), (e as Error).message);
    }
    if (ms > MAX_DURATION_MS)
      return this.fail(
        path.concat(key),
        `${JSON.stringify(v)} is longer than ${formatDuration(MAX_DURATION_MS)}, the longest duration a scenario takes: split the experiment into several runs`,
      );
    return ms;
  }
  number(o: Obj, key: string, path: Path, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number')
      return this.fail(
        path.concat(key),
        `must be a number between ${min} and ${max}, got ${kind(v)} ${JSON.stringify(v)}`,
      );
    if (!Number.isFinite(v))
      return this.fail(path.concat(key), `must be a finite number between ${min} and ${max}, got ${shown(v)}`);
    if (v < min || v > max) return this.fail(path.concat(key), `must be between ${min} and ${max}, got ${v}`);
    return v;
  }
  array(o: Obj, key: string, path: Path, required: boolean): unknown[] | undefined {
    const v = o[key];
    if (v === undefined || v === null)
      return required ? this.fail(path.concat(key), 'is required (a list)') : undefined;
    if (!Array.isArray(v)) return this.fail(path.concat(key), `must be a list, got ${kind(v)}`);
    return v;
  }
}

/** A value as the file wrote it: YAML's .inf/.nan are not JSON (JSON.stringify would say null). */
export function shown(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return JSON.stringify(v) ?? String(v);
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : typeof v;
}

/** Percent as `100%` or a number 0–100. */
export function percent(c: Checker, v: unknown, path: Path): number | undefined {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v) ? parseFloat(v) : NaN;
  if (!Number.isFinite(n)) return c.fail(path, `must be a percentage such as 100%, got ${shown(v)}`);
  if (n < 0 || n > 100) return c.fail(path, `percentage must be between 0% and 100%, got ${n}%`);
  return n;
}
