// k6's JSON config file (-c/--config, K6_CONFIG, else <user config dir>/k6/config.json when it
// exists): the lowest option tier, below the script's options (k6 internal/cmd/config.go).
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ConfigError } from './metrics/types.js';
import { goPathError } from './go-path-error.js';

export interface FileConfig {
  /** lib.Options fields */
  options: Record<string, unknown>;
  out?: string[];
  linger?: boolean;
}

/** Go os.UserConfigDir()/k6/config.json (k6's default ConfigFilePath). */
export function defaultConfigPath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base =
    process.platform === 'darwin'
      ? join(env.HOME ?? homedir(), 'Library', 'Application Support')
      : xdg && isAbsolute(xdg)
        ? xdg
        : join(env.HOME ?? homedir(), '.config');
  return join(base, 'k6', 'config.json');
}

/** Config keys that are not lib.Options: read here, or (cloud, dashboard) ignored as k6 run does. */
const NOT_OPTIONS = new Set(['out', 'linger', 'noUsageReport', 'webDashboard', 'noArchiveUpload', 'collectors']);

/** `explicit`: the user named the file (a missing default file is no error). Errors exit 104. */
export function readConfigFile(path: string, explicit: boolean): FileConfig {
  const fail = (why: string): never => {
    throw new ConfigError(`failed to load the configuration file from the local file system: ${why}`);
  };
  try {
    statSync(path);
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return { options: {} };
    fail(goPathError('stat', path, e));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`couldn't parse the configuration from ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    fail(`couldn't parse the configuration from ${JSON.stringify(path)}: expected a JSON object`);
  const conf = raw as Record<string, unknown>;
  const options = Object.fromEntries(Object.entries(conf).filter(([k]) => !NOT_OPTIONS.has(k)));
  const out = Array.isArray(conf.out) && conf.out.length > 0 ? conf.out.map(String) : undefined;
  return { options, out, linger: typeof conf.linger === 'boolean' ? conf.linger : undefined };
}
