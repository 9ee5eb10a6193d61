// The harness's conformance tests drive `cdc-chaos run` with the runtime package's runners; `root` is the repo's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { built as runtimeBuilt, runners } from '../../packages/k6-node-runtime/test/conformance/helpers.js';

export { results } from '../../packages/k6-node-runtime/test/conformance/helpers.js';
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const built = runtimeBuilt && existsSync(join(root, 'out/src/cli/main.js'));
export const { run, cli } = runners(join(root, 'bin/cdc-chaos.js'));
