// The xk6 extensions whose JS API this runtime reproduces: the Go modules pinned in
// xk6.Dockerfile (test/unit/runtime-version.test.ts keeps the two equal). Which imports each one
// provides is read from the module registry: every `k6/x/...` module there belongs to the
// extension owning the longest matching namespace.
import { MODULES } from './modules/registry.js';

export interface Xk6Extension {
  module: string;
  version: string;
  /** its import path, or the prefix of its import paths */
  namespace: string;
}

export const XK6_EXTENSIONS: readonly Xk6Extension[] = [
  { module: 'github.com/grafana/xk6-sql', version: 'v1.0.6', namespace: 'k6/x/sql' },
  { module: 'github.com/grafana/xk6-sql-driver-postgres', version: 'v0.1.2', namespace: 'k6/x/sql/driver/postgres' },
  { module: 'github.com/GhMartingit/xk6-mongo', version: 'v1.2.0', namespace: 'k6/x/mongo' },
  { module: 'github.com/grafana/xk6-docker', version: 'v0.2.0', namespace: 'k6/x/docker' },
];

export interface ExtensionImport {
  module: string;
  version: string;
  /** the JS import path (k6's ext.Extension.Name) */
  name: string;
}

/** One row per registered `k6/x/...` import, sorted as k6's ext.GetAll (module path, then name). */
export function extensionImports(): ExtensionImport[] {
  return Object.keys(MODULES)
    .filter((spec) => spec.startsWith('k6/x/'))
    .map((name) => {
      const owner = XK6_EXTENSIONS.filter((e) => name === e.namespace || name.startsWith(`${e.namespace}/`)).sort(
        (a, b) => b.namespace.length - a.namespace.length,
      )[0];
      if (!owner)
        throw new Error(`module registry: '${name}' belongs to no extension in XK6_EXTENSIONS (src/xk6-extensions.ts)`);
      return { module: owner.module, version: owner.version, name };
    })
    .sort((a, b) => (a.module === b.module ? cmp(a.name, b.name) : cmp(a.module, b.module)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
