// Pieces every service spec shares: host mounts, a per-service /data and /tmp, a bash TCP probe.
import { chmodSync, chownSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { HOST_MOUNTS } from '../image.js';

/** host mounts + /data and /tmp from the service's data dir (no tmpfs: it loses mode 1777 on restart). */
export function baseBinds(dataDir: string): string[] {
  return [...HOST_MOUNTS, `${dataDir}:/data`, `${dataDir}/tmp:/tmp`];
}

/** The project read-only at /project, for services that run its code with the host's node. Installed from npm
 *  (…/node_modules/cdc-chaos), its dependencies sit in the node_modules folder around it: that folder goes to
 *  /node_modules, the last place node looks. */
export function projectBinds(projectDir: string): string[] {
  const around = dirname(projectDir);
  return [`${projectDir}:/project:ro`, ...(basename(around) === 'node_modules' ? [`${around}:/node_modules:ro`] : [])];
}

export function makeDataDir(dataDir: string, owner?: { uid: number; gid: number }): void {
  mkdirSync(`${dataDir}/tmp`, { recursive: true });
  chmodSync(`${dataDir}/tmp`, 0o1777);
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
}

/** Writes a file only when its content changed (keeps `up` idempotent). */
export function writeIfChanged(path: string, content: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Healthcheck: the port accepts a TCP connection (bash's /dev/tcp; the host's bash is mounted). */
export const tcpCheck = (port: number): string => `/bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}'`;
export const httpCheck = (url: string): string => `/usr/bin/curl -fsS -o /dev/null --max-time 3 ${url}`;
