import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appViewBounds } from '../../../main/host/electron/layout.js';
import { SHELL_BAR_HEIGHT } from '../../../main/core/shell-view.js';

test('app views sit below the shell bar and fill the rest', () => {
  assert.deepEqual(appViewBounds({ width: 1366, height: 768 }), { x: 0, y: SHELL_BAR_HEIGHT, width: 1366, height: 768 - SHELL_BAR_HEIGHT });
});

test('a window smaller than the bar gives an empty view, never negative', () => {
  assert.deepEqual(appViewBounds({ width: 300, height: 40 }), { x: 0, y: 40, width: 300, height: 0 });
  assert.deepEqual(appViewBounds({ width: -5, height: -5 }), { x: 0, y: 0, width: 0, height: 0 });
});

test('fractional sizes are floored to whole pixels', () => {
  assert.deepEqual(appViewBounds({ width: 1000.7, height: 700.2 }, 64), { x: 0, y: 64, width: 1000, height: 636 });
});
