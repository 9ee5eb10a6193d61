// `k6/x/docker/networks` (grafana/xk6-docker v0.2.0): no connect/disconnect.
import { dockerCall } from './docker-call.js';

export const list = (options?: object): unknown[] => dockerCall('networks.list', options ?? {});
export const create = (name: string, options?: object): { id: string; warning: string } =>
  dockerCall('networks.create', name, options ?? {});
export const remove = (id: string): void => dockerCall('networks.remove', id);

export default { list, create, remove };
