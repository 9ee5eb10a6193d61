// Scenario bundles: validates every scenarios/*.yml (errors name file:line:column and field; any
// error fails the build) and bundles src/k6/entry.ts once per scenario into ONE self-contained
// k6 script dist/chaos-<name>.js with the validated scenario embedded. Bundles import only k6
// modules (k6, k6/*, k6/x/*, jslib URLs stay external); everything else is inlined.
import { build } from 'esbuild';
import { readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

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
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const where = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${displayPath}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => `${where(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`) };
  }
  const id = basename(file).replace(/\.ya?ml$/, '');
  const result = validate(doc.toJS(), id);
  if (result.ok) return { scenario: result.scenario };
  return {
    errors: result.errors.map((e) => {
      const node = nodeAt(doc, e.path);
      return `${node ? where(node.range[0]) : `${displayPath}:1:1`}: ${fieldName(e.path)}: ${e.message}`;
    }),
  };
}

/** `validate` defaults to the transpiled schema in out/ (build.mjs runs after the transpile). */
export async function buildBundles({ root, outdir = join(root, 'dist'), only, validate } = {}) {
  const started = Date.now();
  const validateScenario = validate ?? (await import(new URL('../out/src/experiment/schema.js', import.meta.url).href)).validateScenario;
  const dir = join(root, 'scenarios');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
    .filter((f) => !only || only.includes(f.replace(/\.ya?ml$/, '')));
  const loaded = files.map((f) => loadScenarioFile(join(dir, f), validateScenario, relative(root, join(dir, f))));
  const errors = loaded.flatMap((l) => l.errors ?? []);
  if (errors.length > 0) {
    throw new Error(`scenario validation failed (${errors.length} error${errors.length === 1 ? '' : 's'}):\n  ${errors.join('\n  ')}`);
  }
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
    banner: { js: `// ${bundleName(scenario.id)}.js — cdc-chaos experiment "${scenario.name}" (scenarios/${scenario.id}.yml), built by build/bundles.mjs.\n// Run: k6 run ${relative(root, outfile)}   (or: cdc-chaos run ${relative(root, outfile)})` },
  });
  return outfile;
}
