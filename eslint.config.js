// @ts-check
// Lint over the TypeScript of src/, test/, bench/ and scripts/ with typescript-eslint's type-checked
// rules (the project is tsconfig.json), and of the studio's browser code in web/ (web/tsconfig.json). The AssemblyScript under asm/ is not TypeScript that
// tsc can type-check (i32, f32, load<T>, ...), so it is not linted here.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'asm/**', 'node_modules/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One TypeScript program for the whole tsconfig.json (faster here than projectService).
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe()/it() return promises that the runner itself awaits; the test
      // files call them at top level by design.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      // Unused parameters and bindings named with a leading underscore are deliberate: the base
      // classes' no-op hooks (Callback.onEpochEnd(_epoch, _logs), Layer.call(x, _context)) and
      // rest-destructuring that drops a key (`const { inputShape: _ignored, ...rest } = config`).
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
      }],
      // Messages interpolate shapes (`${shape}` gives "2,3") and Tensor formats itself (toString);
      // both are deliberate.
      '@typescript-eslint/restrict-template-expressions': ['error', {
        allowAny: false, allowBoolean: true, allowNullish: true, allowNumber: true, allowRegExp: true, allowArray: true,
        allow: [{ name: ['Error', 'URL', 'URLSearchParams'], from: 'lib' }, { name: 'Tensor', from: 'file' }],
      }],
      // `interface JsBackend extends KernelSet {}` merges the reference kernels (assigned to the
      // prototype) into the class's type; see src/backend/js/js-backend.ts.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Disabled: `async` is kept on functions that implement a Promise-returning interface without
      // awaiting (AsyncIterator.next, async generators behind AsyncIterable, fake loaders and
      // assert.rejects bodies in tests), so that a throw becomes a rejection as callers expect.
      '@typescript-eslint/require-await': 'off',
      // Disabled: unions such as `'accuracy' | 'acc' | string` and `1 | 2 | typeof Infinity` are
      // deliberate: they document the well-known values in the signature (and editors offer them).
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // The studio's page and worker: a program of their own (DOM, JSX for preact).
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./web/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests round-trip configs through JSON.parse (typed any) on purpose, to prove that what is
      // saved is plain JSON, and read parsed files field by field.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
