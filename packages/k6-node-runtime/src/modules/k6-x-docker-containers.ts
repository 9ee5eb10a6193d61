// `k6/x/docker/containers` (grafana/xk6-docker v0.2.0). stop = immediate kill (timeout 0);
// exec starts the command and returns nothing.
import { dockerCall } from './docker-call.js';

export const list = (options?: object): unknown[] => dockerCall('containers.list', options ?? {});
export const start = (id: string): void => dockerCall('containers.start', id);
export const stop = (id: string): void => dockerCall('containers.stop', id);
export const pause = (id: string): void => dockerCall('containers.pause', id);
export const unpause = (id: string): void => dockerCall('containers.unpause', id);
export const logs = (id: string, options?: object): string => dockerCall('containers.logs', id, options ?? {});
export const inspect = (id: string): unknown => dockerCall('containers.inspect', id);
export const exec = (id: string, options: object): void => dockerCall('containers.exec', id, options ?? {});

export default { list, start, stop, pause, unpause, logs, inspect, exec };
