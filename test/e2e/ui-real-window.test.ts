/**
 * The Chromium host in a real X window (Xvfb), judged by what is on the screen itself, browser
 * chrome included: the shell shows no tab strip or address bar, and a click on the shell's bar
 * leaves the app on screen. Skipped where xvfb-run is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pngPixels } from './ui-x11.js';
import { SHELL_BAR_HEIGHT } from '../../main/core/shell-view.js';

const OUT = process.env['LANYARD_UPDATE_SCREENS'] === '1' ? 'docs/screens' : join('test-results', 'screens');
const near = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 8);

test('real window: no browser chrome in the shell or any app, and clicking the bar never hides the app', async () => {
  assert.ok(existsSync('/usr/bin/xvfb-run'), 'xvfb-run is installed by scripts/ensure-setup.sh (apt-get install xvfb xauth)');
  const fb = await mkdtemp(join(tmpdir(), 'lanyard-fb-'));
  await mkdir(OUT, { recursive: true });
  try {
    const run = spawnSync('/usr/bin/xvfb-run', ['-a', '-s', `-screen 0 1366x768x24 -fbdir ${fb}`,
      process.execPath, '--import', 'tsx', 'test/e2e/ui-real-window-child.ts', fb, OUT], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      visible: { appId: string } | null; pages: Record<string, number>; ordinaryChrome: number; shellOverflow: number;
      mapped: { name: string; y: number; height: number }[];
    };
    assert.ok(result.visible, 'an app is on screen after a click on the bar');
    // The measure tells chrome from none: an ordinary browser window has its tab strip and address bar.
    assert.ok(result.ordinaryChrome > 40, `an ordinary Chromium window measures ${result.ordinaryChrome} px of chrome`);
    assert.ok(Object.keys(result.pages).length >= 3, `the shell and the apps were measured: ${JSON.stringify(result.pages)}`);
    for (const [page, chrome] of Object.entries(result.pages)) assert.equal(chrome, 0, `${page}: ${chrome} px of browser chrome (tab strip, address bar)`);
    assert.ok(result.shellOverflow <= 0, `the shell's bar is ${result.shellOverflow} px taller than its window (a scrollbar in the bar)`);
    // On screen, X shows two windows: the shell's bar at the top and the app's window right below it.
    const shown = result.mapped.map((w) => ({ y: w.y, height: w.height })).sort((a, b) => a.y - b.y);
    assert.deepEqual(shown, [{ y: 0, height: SHELL_BAR_HEIGHT }, { y: SHELL_BAR_HEIGHT, height: 768 - SHELL_BAR_HEIGHT }], `mapped windows: ${JSON.stringify(result.mapped)}`);

    const locked = await pngPixels(join(OUT, 'window-locked.png'));
    const pale = [0xf0, 0xf4, 0xf5];
    // The top of the screen is the shell's own page: none of the browser's tab strip or toolbar.
    for (const y of [0, 10, 30, 50, 80]) for (const x of [5, 300, 1300]) assert.ok(near(locked(x, y), pale), `locked: screen pixel ${x},${y} is ${locked(x, y).join(',')}, not the shell's background`);

    for (const name of ['window-active', 'window-active-after-bar-click']) {
      const shot = await pngPixels(join(OUT, `${name}.png`));
      assert.ok(near(shot(5, 60), [0x00, 0x30, 0x87]), `${name}: the bar is at the top of the screen (${shot(5, 60).join(',')})`);
      assert.ok(near(shot(700, 600), [0xff, 0xff, 0xff]), `${name}: the app's page fills the screen below (${shot(700, 600).join(',')})`);
    }
  } finally {
    await rm(fb, { recursive: true, force: true });
  }
});
