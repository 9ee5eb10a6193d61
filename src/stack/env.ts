// The stack's endpoints as seen from the host (docs/ARCHITECTURE.md, "Local stack"), from the contract
// (src/experiment/contract.ts), and `cdc-chaos stack env`'s rendering of them.
import { DEFAULT_ENDPOINTS, type StackEndpoints } from '../experiment/contract.js';

export { HOST_PORTS, PIPELINE, type StackEndpoints } from '../experiment/contract.js';

export function stackEndpoints(): StackEndpoints {
  return { ...DEFAULT_ENDPOINTS };
}

/** `export NAME=value` lines, shell-quoted only where needed. */
export function formatEnv(endpoints: StackEndpoints = stackEndpoints()): string {
  return Object.entries(endpoints)
    .map(([k, v]) => `export ${k}=${/^[\w:/.@?=&%+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`}`)
    .join('\n');
}
