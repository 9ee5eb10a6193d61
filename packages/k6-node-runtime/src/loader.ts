// Re-bundles the user's script with esbuild so that k6 module specifiers resolve to this
// runtime's module files (kept external: each VU worker imports them itself, giving per-VU
// module instances). Relative imports are inlined; Node built-ins and unknown modules fail.
import { build, type Plugin, type Message } from 'esbuild';
import { mkdtempSync, writeFileSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { resolveSpecifier } from './modules/registry.js';

/** A script that cannot be loaded: k6 exits 107 (ScriptException) for these. */
export class ScriptError extends Error {
  override name = 'ScriptError';
  readonly exitCode = 107;
  constructor(
    message: string,
    /** logged as k6 logs an error's hint: a `hint` field */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Files esbuild reads as code by their extension; k6 reads any other test file as JavaScript too. */
const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const NOT_A_SCRIPT_HINT =
  'k6 runs JavaScript; an experiment (scenarios/<name>.yml) is built into dist/chaos-<name>.js by `npm run build`: run that bundle';

export interface LoadedBundle {
  url: string;
  scriptPath: string;
  /** the k6 modules (k6, k6/*, k6/x/*, jslib) the script imports */
  modules: Set<string>;
  dispose(): void;
}

const modulesDir = fileURLToPath(new URL('./modules/', import.meta.url));
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function k6Modules(entry: string, used: Set<string>): Plugin {
  return {
    name: 'cdc-chaos-k6-modules',
    setup(b) {
      // The test file is JavaScript whatever its name (k6 detects only archives; the rest is JS).
      b.onLoad({ filter: /.*/ }, (args) =>
        args.path === entry && !CODE_FILE.test(entry)
          ? { contents: readFileSync(entry, 'utf8'), loader: 'js' }
          : undefined,
      );
      b.onResolve({ filter: /.*/ }, (args) => {
        const spec = args.path;
        if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:')) return undefined;
        const r = resolveSpecifier(spec);
        if (r && 'file' in r) {
          used.add(spec);
          const file = join(modulesDir, r.file);
          if (!existsSync(file))
            return {
              errors: [{ text: `module '${spec}' is registered but its implementation (${r.file}) is not built` }],
            };
          // CommonJS scripts (k6 supports them) require() k6 modules: route through an inlined ESM
          // shim that imports the external module, which esbuild can then hand to require().
          if (args.kind === 'require-call') return { path: pathToFileURL(file).href, namespace: 'k6-cjs-shim' };
          return { path: pathToFileURL(file).href, external: true };
        }
        if (r) return { errors: [{ text: r.error }] };
        if (nodeBuiltins.has(spec)) {
          return { errors: [{ text: `Node.js built-in module '${spec}' cannot be imported by a k6 script` }] };
        }
        // Bare npm package: let esbuild inline it if installed (k6 bundles are self-contained anyway).
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'k6-cjs-shim' }, (args) => ({
        contents: `export * from ${JSON.stringify(args.path)};\nimport * as ns from ${JSON.stringify(args.path)};\nexport default ns.default;\n`,
        loader: 'js',
      }));
      // the shim's own import of the module URL stays external
      b.onResolve({ filter: /^file:/, namespace: 'k6-cjs-shim' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

function formatMessages(msgs: Message[]): string {
  return msgs
    .map((m) => {
      const l = m.location;
      const where = l ? `${l.file}:${l.line}:${l.column + 1}: ` : '';
      return `${where}${m.text}${l?.lineText ? `\n    ${l.lineText}` : ''}`;
    })
    .join('\n');
}

/** `scriptArg` "-" reads the script from stdin (k6 run -); its imports and open() start at the working directory. */
export async function loadScript(scriptArg: string): Promise<LoadedBundle> {
  const fromStdin = scriptArg === '-';
  const scriptPath = resolve(scriptArg);
  if (!fromStdin && !existsSync(scriptPath))
    throw new ScriptError(
      `The moduleSpecifier "${scriptArg}" couldn't be found on local disk. Make sure that you've specified the right path to the file.`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-'));
  const outFile = join(dir, 'bundle.mjs');
  const modules = new Set<string>();
  try {
    const res = await build({
      ...(fromStdin
        ? {
            stdin: {
              contents: readFileSync(0, 'utf8'),
              resolveDir: process.cwd(),
              sourcefile: '-',
              loader: 'js' as const,
            },
          }
        : { entryPoints: [scriptPath] }),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      keepNames: true, // stacks say `at default (...)` as in k6, not esbuild's `script_default`
      mainFields: ['module', 'main'],
      write: false,
      outfile: outFile, // so source map paths are relative to where the bundle really lives
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [k6Modules(scriptPath, modules)],
      absWorkingDir: process.cwd(),
    });
    writeFileSync(outFile, res.outputFiles[0].contents);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const errs = (e as { errors?: Message[] }).errors;
    if (errs?.length) {
      for (const m of errs) {
        if (!m.location) continue;
        const rel = relative(process.cwd(), resolve(m.location.file));
        m.location.file = rel && !rel.startsWith('..') ? rel : resolve(m.location.file);
      }
      throw new ScriptError(
        formatMessages(errs),
        fromStdin || CODE_FILE.test(scriptPath) ? undefined : NOT_A_SCRIPT_HINT,
      );
    }
    throw e;
  }
  return {
    url: pathToFileURL(outFile).href,
    scriptPath,
    modules,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
