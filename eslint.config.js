// `npm run lint`: typescript-eslint's recommended rules everywhere, its type-aware bug catchers (promises,
// thenables, unsafe `any` flows are left to `tsc`'s strict mode) on the TypeScript, and two worlds of globals:
// Node for the harness, k6's for what k6 runs (src/k6, bench/k6, test/conformance/scripts).
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** What k6's JavaScript runtime provides besides ES2020 (k6 docs, "Global variables" / init context). */
const k6Globals = {
  __ENV: 'readonly',
  __VU: 'readonly',
  __ITER: 'readonly',
  open: 'readonly',
  console: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  // CommonJS scripts (k6 runs them too)
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
};

/**
 * Type-aware rules that catch real bugs, not style. Left out on purpose: require-await (an `async` function without
 * `await` still turns a throw into a rejection, which callers rely on), no-base-to-string (the runtime coerces script
 * values with String() exactly as JavaScript does), switch-exhaustiveness-check (switches here cover the cases they
 * handle and fall through to shared code).
 */
const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/only-throw-error': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/no-for-in-array': 'error',
  '@typescript-eslint/no-implied-eval': 'error',
  '@typescript-eslint/restrict-plus-operands': 'error',
};

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      '**/out/',
      'dist/',
      '.cache/',
      '.stack/',
      'reports/',
      'coverage/',
      'tools/',
      // a deliberate syntax error: the runtime must report it as k6 does
      'packages/k6-node-runtime/test/conformance/scripts/syntax-error.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a signature k6 or an interface fixes)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Regular expressions here match control characters on purpose (ANSI colours, JSON/YAML/PostgreSQL escaping).
      'no-control-regex': 'off',
      // User-facing errors are one line that already quotes what failed; k6's errors carry no `cause` either.
      'preserve-caught-error': 'off',
    },
  },
  // Node world: the harness, its tests, bench, build and CLI launcher.
  {
    files: ['**/*.{ts,mts,js,mjs,cjs}'],
    ignores: ['src/k6/**', 'bench/k6/**', 'test/conformance/scripts/**', 'packages/*/test/conformance/scripts/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // k6 world: bundled into k6 scripts or run by k6 (or our k6-compatible runtime), never by Node.
  {
    files: ['src/k6/**', 'bench/k6/**', 'test/conformance/scripts/**', 'packages/*/test/conformance/scripts/**'],
    languageOptions: { globals: k6Globals },
  },
  {
    files: ['test/conformance/scripts/**/*.cjs', 'packages/*/test/conformance/scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Conformance scripts probe the runtime: a bare property read checks that a getter throws (or not).
    files: ['test/conformance/scripts/**', 'packages/*/test/conformance/scripts/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Tests read deep into JSON documents (summaries, API answers) whose shape is what they check.
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Type-aware rules on the TypeScript, each file with the tsconfig of its world.
  {
    files: ['**/*.{ts,mts}'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './packages/*/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: typeAwareRules,
  },
  {
    files: ['src/k6/**/*.ts', 'typings/**/*.d.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.k6.json'] } },
  },
  {
    files: ['bench/k6/**/*.mts'],
    languageOptions: { parserOptions: { project: ['./bench/tsconfig.k6.json'] } },
  },
  // Small units: a function longer than a screen does several jobs.
  {
    files: ['src/**/*.ts', 'packages/*/src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
);
