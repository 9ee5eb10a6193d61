import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three projects so CI can run fast pure tests apart from the ones that need the local stack. The runtime package
// (packages/k6-node-runtime) brings its own unit and conformance tests into the same projects.
// `k6-node-runtime/<path>.js` resolves to the package's sources here, as it does for tsc (its `types` export).
const runtimeSrc = fileURLToPath(new URL('./packages/k6-node-runtime/src/', import.meta.url));
const alias = [{ find: /^k6-node-runtime\/(.*)\.js$/, replacement: `${runtimeSrc}$1.ts` }];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'packages/*/test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts', 'packages/*/test/conformance/**/*.test.ts'],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
