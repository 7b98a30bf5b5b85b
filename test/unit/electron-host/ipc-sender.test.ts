import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShellSender } from '../../../main/host/electron/ipc-sender.js';

const SHELL = { webContentsId: 3, url: 'file:///opt/Lanyard/resources/app.asar/dist/renderer/index.html' };

test('the shell main frame on its own page is accepted, whatever its hash', () => {
  assert.deepEqual(checkShellSender({ webContentsId: 3, isMainFrame: true, frameUrl: SHELL.url }, SHELL), { ok: true });
  assert.deepEqual(checkShellSender({ webContentsId: 3, isMainFrame: true, frameUrl: `${SHELL.url}#/pin` }, SHELL), { ok: true });
});

test('an app tab is refused even when it claims the shell page', () => {
  const verdict = checkShellSender({ webContentsId: 7, isMainFrame: true, frameUrl: SHELL.url }, SHELL);
  assert.equal(verdict.ok, false);
});

test('a subframe of the shell is refused', () => {
  assert.equal(checkShellSender({ webContentsId: 3, isMainFrame: false, frameUrl: SHELL.url }, SHELL).ok, false);
});

test('the shell contents on any other page is refused', () => {
  for (const frameUrl of ['https://evil.example/', 'file:///tmp/index.html', 'about:blank', undefined]) {
    assert.equal(checkShellSender({ webContentsId: 3, isMainFrame: true, frameUrl }, SHELL).ok, false, String(frameUrl));
  }
});

test('nothing is accepted before the shell exists', () => {
  assert.equal(checkShellSender({ webContentsId: 3, isMainFrame: true, frameUrl: SHELL.url }, undefined).ok, false);
});
