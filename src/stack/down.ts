// `stack down`: removes every stack container, the network and (unless keepData) the data directory.
import { rmSync } from 'node:fs';
import { stackConfig, type StackConfig } from './config.js';
import { removeStackContainers } from './containers.js';
import { docker } from './engine.js';
import { StackError } from './errors.js';
import { removeNetwork } from './network.js';
import { withStackLock } from './lock.js';
import { progress, type Progress } from './progress.js';

export interface DownOptions {
  keepData?: boolean;
  log?: Progress;
  config?: StackConfig;
}

export async function stackDown(opts: DownOptions = {}): Promise<{ removed: string[] }> {
  const cfg = opts.config ?? stackConfig();
  const log = opts.log ?? progress;
  return withStackLock('stack down', log, cfg.waitMs * 3, () => down(opts, cfg, log));
}

async function down(opts: DownOptions, cfg: StackConfig, log: Progress): Promise<{ removed: string[] }> {
  const d = docker();
  try {
    await d.ping();
  } catch {
    throw new StackError(
      'no Docker engine answers on /var/run/docker.sock',
      'start it (`cdc-chaos stack up` does) and retry',
    );
  }
  const removed = await removeStackContainers(d, log);
  await removeNetwork(d, log);
  if (!opts.keepData) {
    // Files in the data dirs belong to container users (postgres uid): we are root here, as everywhere on this kind.
    rmSync(cfg.dataDir, { recursive: true, force: true });
    log(`data removed (${cfg.dataDir})`);
  } else {
    log(`data kept in ${cfg.dataDir}`);
  }
  return { removed };
}
