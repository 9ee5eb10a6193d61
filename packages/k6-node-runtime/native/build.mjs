// Builds the PostgreSQL addon of k6/x/sql (native/pq.c → native/build/pq.node) with the system's C compiler
// against libpq (Debian: libpq-dev) and Node's own Node-API headers: one C file, no node-gyp/Python, works
// offline. `npm run build` and the package's install script run it; skipped when the addon is newer than pq.c.
//   --if-possible   (the install script) a missing compiler or libpq only warns: the package still installs,
//                   and k6/x/sql says how to build the addon when a script opens a database.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const ADDON = join(dir, 'build', 'pq.node');
const SOURCE = join(dir, 'pq.c');

function headerDir(candidates, file) {
  return candidates.find((d) => d && existsSync(join(d, file)));
}

function pgConfigIncludes() {
  try {
    return execFileSync('pg_config', ['--includedir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Compiles the addon unless it is up to date; returns what it did. Throws one line saying what is missing. */
export function buildNative() {
  if (existsSync(ADDON) && statSync(ADDON).mtimeMs >= statSync(SOURCE).mtimeMs) return 'up to date';
  const nodeInc = headerDir(
    [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'],
    'node_api.h',
  );
  if (!nodeInc) throw new Error(`node_api.h not found next to ${process.execPath} nor in /usr/include/node`);
  const pqInc = headerDir([pgConfigIncludes(), '/usr/include/postgresql'], 'libpq-fe.h');
  if (!pqInc) throw new Error('libpq-fe.h not found: install libpq-dev (Debian/Ubuntu) or libpq-devel');
  mkdirSync(dirname(ADDON), { recursive: true });
  const cc = process.env.CC || 'cc';
  // -z nodelete: Node unloads an addon when the last worker that loaded it exits, but a detached cancel thread
  // (pq.c) may still be running its code or libpq's then.
  const args = [
    '-O2',
    '-Wall',
    '-shared',
    '-fPIC',
    '-pthread',
    '-Wl,-z,nodelete',
    `-I${nodeInc}`,
    `-I${pqInc}`,
    SOURCE,
  ];
  args.push('-lpq', '-o', ADDON);
  try {
    execFileSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (e) {
    throw new Error(
      `${cc} ${args.join(' ')} failed: ${e.code === 'ENOENT' ? `no C compiler '${cc}' (set CC)` : 'see above'}`,
    );
  }
  return 'built';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.error(`k6-node-runtime: PostgreSQL addon ${buildNative()} (${ADDON})`);
  } catch (e) {
    const what = `k6-node-runtime: could not build the PostgreSQL addon of k6/x/sql: ${e.message}`;
    if (!process.argv.includes('--if-possible')) {
      console.error(what);
      process.exit(1);
    }
    console.error(`${what}; scripts using k6/x/sql will fail until \`npm rebuild k6-node-runtime\` succeeds`);
  }
}
