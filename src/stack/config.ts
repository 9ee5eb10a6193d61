// Where the local stack keeps things and which versions it runs. Every path and version can be overridden
// by an environment variable, so tests and users can point the stack elsewhere without code changes.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../chaos/paths.js';

export interface StackConfig {
  /** repository root (mounted read-only at /project in the containers that need it) */
  projectDir: string;
  /** artifact cache: Maven jars, Go builds (`CDC_CHAOS_CACHE`, default ~/.cache/cdc-chaos) */
  cacheDir: string;
  /** container data: PG data dir, Kafka logs, FerretDB files, TSDB (`CDC_CHAOS_DATA`) */
  dataDir: string;
  versions: { kafka: string; debezium: string; ferretdb: string; toxiproxy: string };
  /** per-wait deadline in ms (`CDC_CHAOS_STACK_TIMEOUT_S`, default 180 s) */
  waitMs: number;
  postgresUser: string; // numeric uid:gid of the host's postgres account (Docker cannot resolve names in an empty image)
  /** cdc-guard's poll interval (`CDC_CHAOS_GUARD_INTERVAL`, default 2s): a dead runner's faults heal within lease + this */
  guardInterval: string;
}

export const NETWORK = 'cdc-network';
export const BASE_IMAGE = 'cdc-base:empty';
export const LABEL_STACK = 'io.cdc-chaos.stack';
export const LABEL_TARGET = 'io.cdc-chaos.target';
export const LABEL_SPEC = 'io.cdc-chaos.spec-hash';
export const STACK_VALUE = 'local';

export function stackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const projectDir = env.CDC_CHAOS_PROJECT_DIR ?? projectRoot();
  const cacheDir = env.CDC_CHAOS_CACHE ?? join(homedir(), '.cache', 'cdc-chaos');
  const dataDir = env.CDC_CHAOS_DATA ?? join(homedir(), '.local', 'share', 'cdc-chaos', 'stack');
  const waitS = Number(env.CDC_CHAOS_STACK_TIMEOUT_S ?? '180');
  return {
    projectDir,
    cacheDir,
    dataDir,
    versions: {
      // Kafka 4.3.0 = version.kafka of debezium-build-parent 3.6.1.Final
      kafka: env.CDC_CHAOS_KAFKA_VERSION ?? '4.3.0',
      debezium: env.CDC_CHAOS_DEBEZIUM_VERSION ?? '3.6.1.Final',
      ferretdb: env.CDC_CHAOS_FERRETDB_VERSION ?? 'v1.24.2',
      toxiproxy: env.CDC_CHAOS_TOXIPROXY_VERSION ?? 'v2.12.0',
    },
    waitMs: (Number.isFinite(waitS) && waitS > 0 ? waitS : 180) * 1000,
    postgresUser: env.CDC_CHAOS_PG_UID ?? '',
    guardInterval: env.CDC_CHAOS_GUARD_INTERVAL || '2s',
  };
}
