/**
 * The dependency rule (ARCHITECTURE.md) is an allow-list enforced by lint (scripts/eslint-layering.js,
 * configured in eslint.config.js). Each fixture in test/fixtures/lint breaks one layer's rule on
 * chosen lines; it is linted as if it sat inside a layer, and exactly those lines must be refused.
 * Then the real tree must pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
const RULE = 'layering/imports';

async function refusedLines(fixture: string, filePath: string): Promise<{ lines: number[]; messages: string[] }> {
  const code = readFileSync(new URL(`../fixtures/lint/${fixture}`, import.meta.url), 'utf8');
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${fixture} must parse`);
  const mine = (result?.messages ?? []).filter((m) => m.ruleId === RULE);
  return { lines: [...new Set(mine.map((m) => m.line))].sort((a, b) => a - b), messages: mine.map((m) => m.message) };
}

test('main/core: relative imports must resolve inside main/core, types included', async () => {
  const atTop = await refusedLines('core-relative.ts.txt', 'main/core/violation.ts');
  assert.deepEqual(atTop.lines, [2, 3, 4, 5, 6, 7]);
  assert.match(atTop.messages.join('\n'), /imports main\/app\/station-controller\.js, outside what this layer may import .*main\/core is pure logic/);
  // The same specifiers one folder down resolve inside main/core (main/core/app/…): only the renderer one leaves it.
  assert.deepEqual((await refusedLines('core-relative.ts.txt', 'main/core/session/violation.ts')).lines, [6]);
});

test('main/core: no Node built-in at all (node:*, crypto, events …); ajv is the one allowed package', async () => {
  const builtins = await refusedLines('core-builtins.ts.txt', 'main/core/violation.ts');
  assert.deepEqual(builtins.lines, [1, 2, 3, 4]);
  assert.ok(builtins.messages.every((m) => m.startsWith('imports a Node built-in')), builtins.messages.join('\n'));
  const packages = await refusedLines('core-packages.ts.txt', 'main/core/policy/violation.ts');
  assert.deepEqual(packages.lines, [1, 2, 3, 4, 5]);
  assert.match(packages.messages.join('\n'), /the package pcsclite, not on this layer's allow-list/);
});

test('main/core: import(), require() and module.require() are checked; a computed specifier is refused', async () => {
  const found = await refusedLines('core-dynamic.ts.txt', 'main/core/violation.ts');
  assert.deepEqual(found.lines, [2, 3, 4, 5]);
  assert.match(found.messages.join('\n'), /computed specifier/);
});

test('renderer: only renderer, React and type-only main/core', async () => {
  const found = await refusedLines('renderer.ts.txt', 'renderer/Bad.tsx');
  assert.deepEqual(found.lines, [2, 3, 4, 5, 6]);
  assert.match(found.messages.join('\n'), /renderer is a plain web page/);
});

test('electron: refused at runtime outside main/host/electron and preload, statically or dynamically', async () => {
  const outside = await refusedLines('electron-outside-host.ts.txt', 'main/identity/violation.ts');
  // 1 `import type` and 6 `typeof import()` are types; 12 keytar is fine outside core.
  // 3 `import { type X }` stays a runtime import under verbatimModuleSyntax, so it is refused.
  assert.deepEqual(outside.lines, [2, 3, 4, 5, 8, 9, 10, 11]);
  assert.match(outside.messages.join('\n'), /imports electron at runtime .*Only main\/host\/electron and preload/);
  for (const allowed of ['main/host/electron/fine.ts', 'preload/fine.ts']) {
    assert.deepEqual((await refusedLines('electron-outside-host.ts.txt', allowed)).lines, [11], `${allowed}: only the computed import`);
  }
  // Tests may compute a specifier (the bench loads its parts by name), but still not load electron.
  assert.deepEqual((await refusedLines('electron-outside-host.ts.txt', 'test/unit/fine.ts')).lines, [2, 3, 4, 5, 8, 9, 10]);
});

test('the real tree passes the layering rule, and every layer was linted', async () => {
  const results = await eslint.lintFiles(['main', 'preload', 'renderer', 'test', 'scripts']);
  const refused = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE || m.fatal).map((m) => `${relative(process.cwd(), r.filePath)}:${m.line} ${m.message}`));
  assert.deepEqual(refused, []);
  const linted = results.map((r) => relative(process.cwd(), r.filePath));
  for (const layer of ['main/core/', 'renderer/', 'main/host/electron/', 'preload/', 'main/identity/', 'test/unit/']) {
    assert.ok(linted.some((f) => f.startsWith(layer)), `${layer} was linted`);
  }
  assert.ok(linted.some((f) => f.endsWith('.tsx')), 'renderer .tsx files were linted');
});
