// What the stack needs to know to run one container. Service modules build these; containers.ts runs them.
import type { StackConfig } from '../config.js';

export interface ServiceSpec {
  name: string; // container name, also its network alias
  image: string;
  cmd: string[];
  env?: Record<string, string>;
  user?: string;
  workingDir?: string;
  binds: string[]; // host:container[:ro]
  /** container port -> host port on 127.0.0.1 */
  ports?: Record<number, number>;
  target: boolean; // io.cdc-chaos.target=true: a scenario may fault it
  healthcheck?: string; // shell command run in the container (CMD-SHELL)
  stopSignal?: string;
  init?: boolean;
  /** writes config files / data dirs before the container is created (must be idempotent) */
  prepare?: () => void;
  /** extra input for the spec hash (e.g. config file contents) so a change recreates the container */
  fingerprint?: string;
}

export interface ServiceContext {
  cfg: StackConfig;
  /** data dir of this service on the host (mounted at /data) */
  dataDir: (service: string) => string;
  artifacts: { kafkaLibs: string; debeziumPlugins: string; ferretdb: string; toxiproxy: string };
}
