// Scenario bundles: validates every scenarios/*.yml (errors name file:line:column and field; any
// error fails the build with exit 2, warnings are printed) and bundles src/k6/entry.ts once per
// scenario into ONE self-contained k6 script dist/chaos-<name>.js with the validated scenario
// embedded. Bundles import only k6 modules (k6, k6/*, k6/x/*, jslib URLs stay external); everything
// else is inlined. Run alone (`node build/bundles.mjs [--scenarios DIR] [--outdir DIR]`) it bundles
// without transpiling (out/ must exist): the bad-input tests use it on a temporary scenarios dir.
import { build } from 'esbuild';
import { readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';

/** A scenario file name is its id: it names the bundle, the journal and the reports. */
const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** YAML aliases expanded at most this often (a "billion laughs" file is refused, not expanded). */
const MAX_ALIAS_COUNT = 100;

/** Thrown by buildBundles when a scenario file is invalid: `lines` are what to print. */
export class ScenarioFilesError extends Error {
  constructor(lines) {
    super(lines.join('\n'));
    this.name = 'ScenarioFilesError';
    this.lines = lines;
  }
}

/** A JSON string literal that is also one line of JavaScript (JSON leaves U+2028/U+2029 raw; JS ends a line there). */
function quoted(text) {
  return JSON.stringify(String(text)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside generated code's line comment and in a one-line message: quoted if it holds any line break or control character. */
export function oneLine(text) {
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(String(text)) ? quoted(text) : String(text);
}

/** The plan's main job keeps its short name; every other scenario is chaos-<file name>. */
const BUNDLE_NAMES = { 'mongodb-failure': 'chaos-mongodb', 'chaos-resilience': 'chaos-resilience' };

export function bundleName(id) {
  return BUNDLE_NAMES[id] ?? `chaos-${id}`;
}

function fieldName(path) {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)';
}

/** Node to blame for a path: the key of a mapping entry (so unknown keys point at themselves), else
 * the item, else the nearest existing ancestor (a missing required key points at its mapping). */
function nodeAt(doc, path) {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (parent && Array.isArray(parent.items)) {
      const item = typeof last === 'number' ? parent.items[last] : parent.items.find((p) => p.key && p.key.value === last);
      const node = item && (item.key ?? item);
      if (node && node.range) return node;
    }
  }
  return doc.contents ?? undefined;
}

/**
 * Reads and validates one scenario file. Returns { scenario } or { errors: ["file:line:col: field: message"] }.
 * `validate` is validateScenario from src/experiment/schema (passed in so tests can use the TS source).
 */
export function loadScenarioFile(file, validate, displayPath = file) {
  const shownPath = oneLine(displayPath);
  const id = basename(file).replace(/\.ya?ml$/i, '');
  if (!SCENARIO_ID.test(id)) {
    return { errors: [`${shownPath}:1:1: file name: ${oneLine(id)} is not a scenario name: use 1-64 letters, digits, _ and - (it names the bundle, the journal and the reports)`] };
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = e.code === 'EISDIR' ? 'is a directory, not a scenario file' : e.code === 'ENOENT' ? 'no such file' : `cannot be read (${e.code ?? e.message})`;
    return { errors: [`${shownPath}: ${why}: give a scenario .yml file or a scenario name`] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const where = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shownPath}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => `${where(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`) };
  }
  let data;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml's only failure here is alias expansion beyond maxAliasCount (a "billion laughs" file).
    return { errors: [`${shownPath}:1:1: YAML: ${e.message}: aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; write the values out or use fewer aliases`] };
  }
  const result = validate(data, id, { cpus: availableParallelism(), memoryBytes: totalmem() });
  const located = (e) => {
    const node = nodeAt(doc, e.path);
    return `${node ? where(node.range[0]) : `${shownPath}:1:1`}: ${fieldName(e.path)}: ${e.message}`;
  };
  const warnings = (result.warnings ?? []).map(located);
  if (result.ok) return { scenario: result.scenario, warnings };
  return { errors: result.errors.map(located), warnings };
}

/** The lines build and inject print for a loaded file: one per problem, each starting file:line:col. */
export function problemLines(loaded) {
  return [...(loaded.errors ?? []).map((e) => `error: ${e}`), ...(loaded.warnings ?? []).map((w) => `warning: ${w}`)];
}

/** `validate` defaults to the transpiled schema in out/ (build.mjs runs after the transpile). */
/**
 * Validates and bundles every scenario of `scenarios` (default root/scenarios). Warnings go to `warn`,
 * one line each; any error throws a ScenarioFilesError whose lines are every problem, one each.
 */
export async function buildBundles({ root, outdir = join(root, 'dist'), scenarios = join(root, 'scenarios'), only, validate, warn = (l) => console.error(l) } = {}) {
  const started = Date.now();
  const validateScenario = validate ?? (await import(new URL('../out/src/experiment/schema.js', import.meta.url).href)).validateScenario;
  const files = readdirSync(scenarios).filter((f) => /\.ya?ml$/.test(f)).sort()
    .filter((f) => !only || only.includes(f.replace(/\.ya?ml$/, '')));
  const loaded = files.map((f) => loadScenarioFile(join(scenarios, f), validateScenario, relative(process.cwd(), join(scenarios, f))));
  const errors = loaded.flatMap((l) => l.errors ?? []);
  if (errors.length > 0) {
    throw new ScenarioFilesError([
      ...loaded.flatMap(problemLines),
      `build: ${errors.length} scenario error${errors.length === 1 ? '' : 's'}, no bundle written: fix the file(s) above`,
    ]);
  }
  for (const l of loaded) for (const line of problemLines(l)) warn(line);
  mkdirSync(outdir, { recursive: true });
  const outputs = [];
  for (const { scenario } of loaded) {
    outputs.push(await bundleScenario({ root, scenario, outfile: join(outdir, `${bundleName(scenario.id)}.js`) }));
  }
  // A full build leaves no bundle of a scenario that no longer exists (it would still run, outdated).
  if (!only) {
    for (const f of readdirSync(outdir)) {
      if (/^chaos-.*\.js$/.test(f) && !outputs.includes(join(outdir, f))) rmSync(join(outdir, f));
    }
  }
  console.error(`build: ${outputs.length} scenario bundle(s) in ${relative(root, outdir) || '.'}/ in ${Date.now() - started} ms`);
  return outputs;
}

/** buildBundles for a command line (build.mjs, or this file run alone): problems one line each, exit 2 on an invalid scenario. */
export async function buildBundlesCli(options) {
  try {
    await buildBundles(options);
  } catch (e) {
    if (!(e instanceof ScenarioFilesError)) throw e;
    for (const line of e.lines) console.error(line);
    process.exitCode = 2;
  }
}

/** esbuild settings every k6 bundle shares (dist/ and the benches'): k6 modules stay imports, the scenario is inlined. */
export function k6BundleOptions(scenario) {
  return {
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['k6', 'k6/*', 'https://jslib.k6.io/*'],
    define: { __CHAOS_SCENARIO__: JSON.stringify(scenario) },
    logLevel: 'warning',
    legalComments: 'none',
    // k6 (and cdc-chaos run) read inline source maps: errors point at src/k6/*.ts, not the bundle's lines.
    // Sources are relative to the bundle (../src/k6/…); their text is in the repository, not in the map.
    sourcemap: 'inline',
    sourcesContent: false,
  };
}

/** One validated scenario → one self-contained k6 script (also `cdc-chaos inject path/to/file.yml`). */
export async function bundleScenario({ root, scenario, outfile }) {
  await build({
    ...k6BundleOptions(scenario),
    entryPoints: [join(root, 'src/k6/entry.ts')],
    outfile,
    // Every user string in generated code goes through oneLine: a line break in a name would end the comment.
    banner: { js: `// ${oneLine(bundleName(scenario.id))}.js — cdc-chaos experiment ${quoted(scenario.name)} (${oneLine(scenario.id)}.yml), built by build/bundles.mjs.\n// Run: k6 run ${oneLine(relative(root, outfile))}   (or: cdc-chaos run ${oneLine(relative(root, outfile))})` },
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let values;
  try {
    ({ values } = parseArgs({ options: { scenarios: { type: 'string' }, outdir: { type: 'string' } } }));
  } catch (e) {
    console.error(`build/bundles.mjs: ${e.message} (usage: node build/bundles.mjs [--scenarios DIR] [--outdir DIR])`);
    process.exit(2);
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  await buildBundlesCli({ root, ...(values.scenarios ? { scenarios: resolve(values.scenarios) } : {}), ...(values.outdir ? { outdir: resolve(values.outdir) } : {}) });
}
