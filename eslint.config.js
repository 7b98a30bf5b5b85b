// Lint with zero warnings. The layering rule (ARCHITECTURE.md) is enforced here, and
// test/unit/layering.test.ts proves it fires on a violating file.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_IO = ['fs', 'fs/*', 'node:*', 'child_process', 'net', 'http', 'https', 'dgram', 'tls', 'os', 'path', 'worker_threads'];
const NATIVE = ['pcsclite', 'node-hid', 'keytar'];

export const layering = {
  core: {
    files: ['main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: [...NODE_IO, ...NATIVE, 'electron', 'electron-store', 'playwright-core', 'playwright', 'ws', 'conf'],
            message: 'main/core is pure logic: reach I/O, native modules and Electron through a port (ARCHITECTURE.md).' },
          { group: ['../auth/*', '../identity/*', '../host/*', '../idp/*', '../context/*', '../../*'],
            message: 'main/core depends on nothing outside main/core.' },
        ],
      }],
    },
  },
  renderer: {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: [...NODE_IO, ...NATIVE, 'electron', 'electron-store', '../main/*', '../../main/*'],
          message: 'renderer is a plain web page: no Node, no Electron, no main-process code.', allowTypeImports: true }],
      }],
    },
  },
  electronOutsideHost: {
    files: ['main/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'test/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['main/host/electron/**', 'preload/**', 'main/core/**', 'renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/host/electron and preload import electron at runtime (import type is fine).', allowTypeImports: true }],
      }],
    },
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
  layering.core,
  layering.renderer,
  layering.electronOutsideHost,
);
