// Shared by the k6/x/docker/* modules: every call is a synchronous bridge call to the I/O worker
// (src/io/docker.ts), which throws the Docker SDK's errors.
import { callSync } from '../bridge/client.js';

export const dockerCall = <T = void>(op: string, ...args: unknown[]): T => callSync<T>(`docker.${op}`, ...args);
