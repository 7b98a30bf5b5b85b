/** The dependency rule (ARCHITECTURE.md) is enforced by lint; these prove the rule fires. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

test('main/core may not import Node I/O, native modules or Electron', async () => {
  for (const mod of ['node:fs', 'fs', 'child_process', 'pcsclite', 'keytar', 'node-hid', 'electron']) {
    const found = await problems('main/core/violation.ts', `import x from '${mod}';\nexport const y = x;\n`);
    assert.ok(found.some((p) => p.includes('main/core is pure logic')), `${mod}: ${found.join('; ')}`);
  }
});

test('main/core may not reach into adapters', async () => {
  const found = await problems('main/core/session/violation.ts', `import { x } from '../../auth/smartcard/piv.js';\nexport const y = x;\n`);
  assert.ok(found.some((p) => p.includes('depends on nothing outside main/core')), found.join('; '));
});

test('renderer may not import Node or Electron, but may import types from main/core', async () => {
  assert.ok((await problems('renderer/Bad.tsx', `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`)).some((p) => p.includes('plain web page')));
  assert.ok((await problems('renderer/Bad.tsx', `import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n`)).some((p) => p.includes('plain web page')));
  assert.deepEqual(await problems('renderer/Good.tsx', `import type { ShellView } from '../main/core/shell-view.js';\nexport type V = ShellView;\n`), []);
});

test('electron is imported at runtime only in main/host/electron and preload', async () => {
  const code = `import { app } from 'electron';\nexport const y = app;\n`;
  assert.ok((await problems('main/identity/violation.ts', code)).some((p) => p.includes('Only main/host/electron and preload')));
  assert.deepEqual(await problems('main/host/electron/fine.ts', code), []);
  assert.deepEqual(await problems('preload/fine.ts', code), []);
  assert.deepEqual(await problems('main/identity/fine.ts', `import type { App } from 'electron';\nexport type Y = App;\n`), []);
});

test('clean core code passes', async () => {
  assert.deepEqual(await problems('main/core/fine.ts', `import type { Clock } from './ports/clock.js';\nexport const f = (c: Clock) => c.now();\n`), []);
});
