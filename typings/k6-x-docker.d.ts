// Types for grafana/xk6-docker v0.2.0 (`k6/x/docker/*`). Synchronous; Go errors are thrown.
// Option and result keys are the snake_case of the Docker Go SDK (v23, API 1.42) field names;
// map-valued fields (labels, networks, ports maps, options) keep their own keys.

declare module 'k6/x/docker/containers' {
  export interface Port {
    ip?: string;
    private_port: number;
    public_port?: number;
    type: string;
  }
  export interface Container {
    id: string;
    names: string[];
    image: string;
    image_id: string;
    command: string;
    created: number;
    ports: Port[];
    size_rw?: number;
    size_root_fs?: number;
    labels: Record<string, string>;
    state: string;
    status: string;
    host_config: { network_mode?: string };
    network_settings: { networks: Record<string, Record<string, unknown>> };
    mounts: Record<string, unknown>[];
  }
  export interface ContainerState {
    status: string;
    running: boolean;
    paused: boolean;
    restarting: boolean;
    oom_killed: boolean;
    dead: boolean;
    pid: number;
    exit_code: number;
    error: string;
    started_at: string;
    finished_at: string;
    health?: Record<string, unknown>;
  }
  export interface ContainerJSON {
    id: string;
    created: string;
    path: string;
    args: string[];
    state: ContainerState;
    image: string;
    name: string;
    restart_count: number;
    config: Record<string, unknown> & { labels?: Record<string, string>; env?: string[]; image?: string };
    host_config: Record<string, unknown>;
    network_settings: Record<string, unknown> & { networks?: Record<string, Record<string, unknown>> };
    mounts: Record<string, unknown>[];
    [key: string]: unknown;
  }
  export interface ListOptions {
    size?: boolean;
    all?: boolean;
    latest?: boolean;
    since?: string;
    before?: string;
    limit?: number;
  }
  export interface LogsOptions {
    show_stdout?: boolean;
    show_stderr?: boolean;
    since?: string;
    until?: string;
    timestamps?: boolean;
    follow?: boolean;
    tail?: string;
    details?: boolean;
  }
  export interface ExecOptions {
    cmd: string[];
    user?: string;
    privileged?: boolean;
    tty?: boolean;
    attach_stdin?: boolean;
    attach_stderr?: boolean;
    attach_stdout?: boolean;
    detach?: boolean;
    detach_keys?: string;
    env?: string[];
    working_dir?: string;
  }
  export function list(options?: ListOptions): Container[];
  export function start(id: string): void;
  /** Stop with timeout 0: immediate SIGKILL. */
  export function stop(id: string): void;
  export function pause(id: string): void;
  export function unpause(id: string): void;
  /** Raw log stream as a string (8-byte multiplexing headers included when the container has no TTY). */
  export function logs(id: string, options?: LogsOptions): string;
  export function inspect(id: string): ContainerJSON;
  /** Starts the command and returns at once: no output, no exit code. */
  export function exec(id: string, options: ExecOptions): void;
  const containers: {
    list: typeof list;
    start: typeof start;
    stop: typeof stop;
    pause: typeof pause;
    unpause: typeof unpause;
    logs: typeof logs;
    inspect: typeof inspect;
    exec: typeof exec;
  };
  export default containers;
}

declare module 'k6/x/docker/networks' {
  export interface NetworkResource {
    name: string;
    id: string;
    created: string;
    scope: string;
    driver: string;
    internal: boolean;
    attachable: boolean;
    labels: Record<string, string>;
    options: Record<string, string>;
    containers: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
  }
  export interface CreateOptions {
    check_duplicate?: boolean;
    driver?: string;
    scope?: string;
    internal?: boolean;
    attachable?: boolean;
    ingress?: boolean;
    options?: Record<string, string>;
    labels?: Record<string, string>;
  }
  export function list(options?: Record<string, unknown>): NetworkResource[];
  export function create(name: string, options?: CreateOptions): { id: string; warning: string };
  export function remove(id: string): void;
  const networks: { list: typeof list; create: typeof create; remove: typeof remove };
  export default networks;
}

declare module 'k6/x/docker/images' {
  export interface ImageSummary {
    id: string;
    parent_id: string;
    repo_tags: string[] | null;
    repo_digests: string[] | null;
    created: number;
    size: number;
    shared_size: number;
    labels: Record<string, string> | null;
    containers: number;
    [key: string]: unknown;
  }
  export function list(options?: { all?: boolean }): ImageSummary[];
  /** Progress text (JSON lines) of the pull. */
  export function pull(ref: string, options?: Record<string, unknown>): string;
  export function remove(
    id: string,
    options?: { force?: boolean; prune_children?: boolean },
  ): { untagged?: string; deleted?: string }[];
  export function inspect(id: string): Record<string, unknown> & { id: string; repo_tags: string[] };
  const images: { list: typeof list; pull: typeof pull; remove: typeof remove; inspect: typeof inspect };
  export default images;
}

declare module 'k6/x/docker/volumes' {
  export interface Volume {
    name: string;
    driver: string;
    mountpoint: string;
    created_at?: string;
    labels: Record<string, string> | null;
    options: Record<string, string> | null;
    scope: string;
    [key: string]: unknown;
  }
  export function create(options: {
    name?: string;
    driver?: string;
    driver_opts?: Record<string, string>;
    labels?: Record<string, string>;
  }): Volume;
  export function list(filter?: unknown): { volumes: Volume[]; warnings: string[] | null };
  export function remove(id: string, force?: boolean): void;
  const volumes: { create: typeof create; list: typeof list; remove: typeof remove };
  export default volumes;
}
