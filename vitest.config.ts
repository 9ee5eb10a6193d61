import { defineConfig } from 'vitest/config';

// Three projects so CI can run fast pure tests apart from the ones that need the local stack.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], testTimeout: 120_000, fileParallelism: false } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 900_000, fileParallelism: false } },
    ],
  },
});
