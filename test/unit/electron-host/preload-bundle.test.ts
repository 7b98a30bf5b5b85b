import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Bundles a preload the way scripts/bundle.mjs does (single CommonJS file, electron external). */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)], bundle: true, format: 'cjs', platform: 'node', target: 'node20',
    external: ['electron'], write: false, logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

const requiresOf = (code: string): string[] => [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? '');

test('sandboxed preloads require nothing but electron (a sandboxed preload cannot load Node modules)', async () => {
  for (const entry of ['preload/shell.ts', 'preload/tab.ts', 'preload/webauthn.ts', 'preload/webauthn-observe.ts']) {
    const code = await bundle(entry);
    assert.deepEqual([...new Set(requiresOf(code))], ['electron'], entry);
  }
});

test('the shell preload exposes one API under the shell key; the tab preload exposes nothing', async () => {
  const shell = await bundle('preload/shell.ts');
  assert.equal(shell.match(/exposeInMainWorld\(/g)?.length, 1);
  assert.match(shell, /exposeInMainWorld\(SHELL_API_KEY|exposeInMainWorld\("lanyard"/);
  const tab = await bundle('preload/tab.ts');
  assert.doesNotMatch(tab, /exposeInMainWorld|contextBridge/);
});

test('the key sign-in page\'s preload exposes one function under the shim\'s binding name, and never ipcRenderer itself', async () => {
  const code = await bundle('preload/webauthn.ts');
  assert.equal(code.match(/exposeInMainWorld\(/g)?.length, 1);
  assert.match(code, /exposeInMainWorld\(WEBAUTHN_BINDING, \(call\) => import_electron\.ipcRenderer\.invoke\(PAGE_WEBAUTHN_IPC, call\)\)/);
});
