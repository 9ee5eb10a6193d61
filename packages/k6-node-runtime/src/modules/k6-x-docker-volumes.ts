// `k6/x/docker/volumes` (grafana/xk6-docker v0.2.0).
import { dockerCall } from './docker-call.js';

export const create = (options?: object): unknown => dockerCall('volumes.create', options ?? {});
export const list = (filter?: unknown): { volumes: unknown[]; warnings: string[] | null } =>
  dockerCall('volumes.list', filter ?? {});
export const remove = (id: string, force?: boolean): void => dockerCall('volumes.remove', id, Boolean(force));

export default { create, list, remove };
