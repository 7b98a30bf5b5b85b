// Lint with zero warnings. The layering rule (ARCHITECTURE.md) is enforced here, and
// test/unit/layering.test.ts proves it fires on a violating file.
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layeringPlugin } from './scripts/eslint-layering.js';

// The dependency rule as allow-lists: each file set below is disjoint, so exactly one layer applies
// to a file. The rule itself is scripts/eslint-layering.js.
const rule = (options) => ({ 'layering/imports': ['error', options] });
const MAIN_OUTSIDE_HOST = ['main/core/**', 'main/host/electron/**'];

export const layering = {
  core: {
    files: ['main/core/**/*.ts'],
    rules: rule({
      within: ['main/core'],
      // Pure packages only (no I/O, no native code): ajv validates the policy schema.
      packages: ['ajv'],
      builtins: false, computed: false,
      message: 'main/core is pure logic and imports only main/core (and ajv): reach I/O, Node, native modules and Electron through a port (ARCHITECTURE.md).',
    }),
  },
  renderer: {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: rule({
      within: ['renderer'], typesFrom: ['main/core'], packages: ['react', 'react-dom'],
      builtins: false, computed: false,
      message: 'renderer is a plain web page: it imports renderer, React, and types (import type) from main/core only.',
    }),
  },
  electronHost: {
    files: ['main/host/electron/**/*.ts', 'preload/**/*.ts'],
    rules: rule({ within: ['**'], packages: ['*'], builtins: true, computed: false, message: 'imports must be checkable.' }),
  },
  mainOutsideHost: {
    files: ['main/**/*.ts'],
    ignores: MAIN_OUTSIDE_HOST,
    rules: rule({
      within: ['**'], packages: ['*'], denyPackages: ['electron', 'electron-store'], builtins: true, computed: false,
      message: 'Only main/host/electron and preload import electron at runtime, statically or dynamically (import type is fine).',
    }),
  },
  testsAndScripts: {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'scripts/**/*.js'],
    rules: rule({
      within: ['**'], packages: ['*'], denyPackages: ['electron', 'electron-store'], builtins: true, computed: true,
      message: 'electron cannot load in Node: only main/host/electron and preload import it at runtime (import type is fine).',
    }),
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test/fixtures/lint/**', '.lanyard/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**/*.tsx', 'renderer/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { plugins: { layering: layeringPlugin } },
  ...Object.values(layering),
);
