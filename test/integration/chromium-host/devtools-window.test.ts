/**
 * No DevTools in an app window (issue 10, 19a: Electron's `devTools: false`), seen in a real X
 * window with real key presses and clicks: F12, Ctrl+Shift+I/J/C open nothing, and the context
 * menu's Inspect window is closed at once. Skipped where xvfb-run is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

test('real window: DevTools\' keys open nothing in an app tab, and Inspect from the menu is closed at once', { skip: !existsSync('/usr/bin/xvfb-run') && 'xvfb-run is not installed' }, () => {
  const run = spawnSync('/usr/bin/xvfb-run', ['-a', '-s', '-screen 0 1366x768x24',
    process.execPath, '--import', 'tsx', 'test/integration/chromium-host/devtools-window-child.ts'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { keysDelivered: boolean; byKeys: number; byMenu: number; inspectedAndClosed: boolean; left: number };
  assert.equal(result.keysDelivered, true, 'the key after the DevTools keys reached the app (no DevTools window took the keyboard)');
  assert.equal(result.byKeys, 0, 'DevTools windows opened by F12 / Ctrl+Shift+I/J/C');
  // The control that the watch sees DevTools at all: Inspect does open one, and main closes it.
  assert.ok(result.byMenu >= 1, 'the context menu\'s Inspect opened a DevTools window');
  assert.equal(result.inspectedAndClosed, true, 'main closed the DevTools window');
  assert.equal(result.left, 0, 'no DevTools window is left');
});
