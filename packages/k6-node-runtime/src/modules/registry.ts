// Which module file a bundle's import specifier resolves to (loader, src/loader.ts).
// Files are relative to out/modules/ and are loaded by each VU worker itself, so
// every VU gets its own module instances (k6: one JS runtime per VU).

/** Exact specifier → file name in modules/. */
export const MODULES: Readonly<Record<string, string>> = {
  k6: 'k6.js',
  'k6/metrics': 'k6-metrics.js',
  'k6/execution': 'k6-execution.js',
  'k6/timers': 'k6-timers.js',
  'k6/data': 'k6-data.js',
  'k6/encoding': 'k6-encoding.js',
  'k6/http': 'k6-http.js',
  'k6/crypto': 'k6-crypto.js',
  'k6/x/sql': 'k6-x-sql.js',
  'k6/x/sql/driver/postgres': 'k6-x-sql-driver-postgres.js',
  'k6/x/mongo': 'k6-x-mongo.js',
  'k6/x/docker/containers': 'k6-x-docker-containers.js',
  'k6/x/docker/networks': 'k6-x-docker-networks.js',
  'k6/x/docker/images': 'k6-x-docker-images.js',
  'k6/x/docker/volumes': 'k6-x-docker-volumes.js',
};

/** Modules whose calls run in the I/O worker (src/bridge): a run importing one starts it before the first VU. k6/x/sql runs on the VU's thread. */
export const usesIoWorker = (spec: string): boolean =>
  spec === 'k6/http' || (spec.startsWith('k6/x/') && !spec.startsWith('k6/x/sql'));

/** jslib modules served built in (nothing is downloaded at run time); any version. */
const JSLIB: ReadonlyArray<{ re: RegExp; file: string; shown: string }> = [
  {
    re: /^https:\/\/jslib\.k6\.io\/k6-utils\/[^/]+\/index\.js$/,
    file: 'jslib-k6-utils.js',
    shown: 'https://jslib.k6.io/k6-utils/<version>/index.js',
  },
  {
    re: /^https:\/\/jslib\.k6\.io\/k6-summary\/[^/]+\/index\.js$/,
    file: 'jslib-k6-summary.js',
    shown: 'https://jslib.k6.io/k6-summary/<version>/index.js',
  },
];

/** k6 features this runtime deliberately does not implement (docs/runtime.md): fail loudly. */
const UNSUPPORTED: ReadonlyArray<{ re: RegExp; why: string }> = [
  { re: /^k6\/browser$|^k6\/experimental\/browser$/, why: 'browser testing is not supported by the cdc-chaos runtime' },
  {
    re: /^k6\/ws$|^k6\/experimental\/websockets$|^k6\/websockets$/,
    why: 'WebSockets are not supported by the cdc-chaos runtime',
  },
  { re: /^k6\/net\/grpc$|^k6\/experimental\/grpc$/, why: 'gRPC is not supported by the cdc-chaos runtime' },
  { re: /^k6\/experimental\//, why: 'k6/experimental/* modules are not supported by the cdc-chaos runtime' },
  { re: /^k6\/html$/, why: 'k6/html is not supported by the cdc-chaos runtime' },
  { re: /^k6\/secrets$/, why: 'k6/secrets is not supported by the cdc-chaos runtime' },
];

export type Resolution = { file: string } | { error: string };

export function supportedSpecifiers(): string[] {
  return [...Object.keys(MODULES), ...JSLIB.map((j) => j.shown)];
}

/** Resolves a bare/URL specifier a bundle imports; undefined = not a module this registry handles. */
export function resolveSpecifier(spec: string): Resolution | undefined {
  const file = MODULES[spec];
  if (file) return { file };
  for (const j of JSLIB) if (j.re.test(spec)) return { file: j.file };
  for (const u of UNSUPPORTED)
    if (u.re.test(spec)) return { error: `${u.why}: import '${spec}' (see docs/runtime.md)` };
  const isK6 = spec === 'k6' || spec.startsWith('k6/');
  const isRemote = /^https?:\/\//.test(spec);
  if (isK6 || isRemote) {
    return {
      error:
        `unknown module '${spec}'` +
        (isRemote ? ' (remote modules are never downloaded by cdc-chaos)' : '') +
        `; supported modules: ${supportedSpecifiers().join(', ')}`,
    };
  }
  return undefined;
}
