// One scenario file → a validated ScenarioSpec, or its problems as `file:line:col: field: message` lines (yaml's
// parseDocument keeps node ranges; the validator reports field paths). The build, `inject <file>`, the dashboards
// generator and the bench all load scenarios through here.
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { basename } from 'node:path';
import { type Document, LineCounter, type Node, parseDocument } from 'yaml';
import type { ScenarioSpec } from '../experiment/scenario.js';
import type { HostResources, Path } from '../experiment/checker.js';
import { validateScenario } from '../experiment/schema.js';

/** A scenario file name is its id: it names the bundle, the journal and the reports. */
const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** YAML aliases expanded at most this often (a "billion laughs" file is refused, not expanded). */
const MAX_ALIAS_COUNT = 100;

/** A loaded file: its scenario, or the errors that refuse it; warnings either way (none before it validates). */
export type LoadedFile =
  | { scenario: ScenarioSpec; errors?: undefined; warnings: string[] }
  | { scenario?: undefined; errors: string[]; warnings?: string[] };

/** A JSON string literal that is also one line of JavaScript (JSON leaves U+2028/U+2029 raw; JS ends a line there). */
export function quoted(text: string): string {
  return JSON.stringify(String(text))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text safe inside generated code's line comment and in a one-line message: quoted if it holds any line break or control character. */
export function oneLine(text: string): string {
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(String(text)) ? quoted(text) : String(text);
}

function fieldName(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)';
}

interface Collection {
  items: { key?: Node & { value?: unknown }; range?: unknown }[];
}

/** Node to blame for a path: the key of a mapping entry (so unknown keys point at themselves), else
 * the item, else the nearest existing ancestor (a missing required key points at its mapping). */
function nodeAt(doc: Document, path: Path): { range?: [number, number, number] | null } | undefined {
  for (let n = path.length; n > 0; n--) {
    const parent = (n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true)) as
      Partial<Collection> | null | undefined;
    const last = path[n - 1];
    if (parent && Array.isArray(parent.items)) {
      const item =
        typeof last === 'number' ? parent.items[last] : parent.items.find((p) => p.key && p.key.value === last);
      const node = (item && (item.key ?? item)) as { range?: [number, number, number] | null } | undefined;
      if (node && node.range) return node;
    }
  }
  return doc.contents ?? undefined;
}

/** This machine, for the validator's warnings about stress it could not hold. */
function thisHost(): HostResources {
  return { cpus: availableParallelism(), memoryBytes: totalmem() };
}

/**
 * Reads and validates one scenario file: { scenario, warnings } or { errors, warnings }, each line
 * `file:line:col: field: message` with `displayPath` as the file. `host` null = no warnings about this machine.
 */
export function loadScenarioFile(
  file: string,
  displayPath = file,
  host: HostResources | null = thisHost(),
): LoadedFile {
  const shownPath = oneLine(displayPath);
  const id = basename(file).replace(/\.ya?ml$/i, '');
  if (!SCENARIO_ID.test(id)) {
    return {
      errors: [
        `${shownPath}:1:1: file name: ${oneLine(id)} is not a scenario name: use 1-64 letters, digits, _ and - (it names the bundle, the journal and the reports)`,
      ],
    };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    const why =
      code === 'EISDIR'
        ? 'is a directory, not a scenario file'
        : code === 'ENOENT'
          ? 'no such file'
          : `cannot be read (${code ?? message})`;
    return { errors: [`${shownPath}: ${why}: give a scenario .yml file or a scenario name`] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shownPath}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => `${where(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml's only failure here is alias expansion beyond maxAliasCount (a "billion laughs" file).
    return {
      errors: [
        `${shownPath}:1:1: YAML: ${(e as Error).message}: aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; write the values out or use fewer aliases`,
      ],
    };
  }
  const result = validateScenario(data, id, host ?? undefined);
  const located = (e: { path: Path; message: string }) => {
    const node = nodeAt(doc, e.path);
    return `${node?.range ? where(node.range[0]) : `${shownPath}:1:1`}: ${fieldName(e.path)}: ${e.message}`;
  };
  const warnings = result.warnings.map(located);
  if (result.ok) return { scenario: result.scenario, warnings };
  return { errors: result.errors.map(located), warnings };
}

/** The lines build and inject print for a loaded file: one per problem, each starting file:line:col. */
export function problemLines(loaded: LoadedFile): string[] {
  return [...(loaded.errors ?? []).map((e) => `error: ${e}`), ...(loaded.warnings ?? []).map((w) => `warning: ${w}`)];
}
