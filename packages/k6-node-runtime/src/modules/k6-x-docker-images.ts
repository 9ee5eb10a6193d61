// `k6/x/docker/images` (grafana/xk6-docker v0.2.0).
import { dockerCall } from './docker-call.js';

export const list = (options?: object): unknown[] => dockerCall('images.list', options ?? {});
export const pull = (ref: string, options?: object): string => dockerCall('images.pull', ref, options ?? {});
export const remove = (id: string, options?: object): unknown[] => dockerCall('images.remove', id, options ?? {});
export const inspect = (id: string): unknown => dockerCall('images.inspect', id);

export default { list, pull, remove, inspect };
