// The harness's conformance tests drive `cdc-chaos run` with the runtime package's runners; `root` is the repo's.
import { fileURLToPath } from 'node:url';

export { built, results, run } from '../../packages/k6-node-runtime/test/conformance/helpers.js';
export const root = fileURLToPath(new URL('../../', import.meta.url));
