/**
 * Profile folders a Lanyard left when the PC lost power (no watchdog ran) are deleted at the next
 * start, and only those: a folder whose Chromium still runs, or one just made by a Lanyard that is
 * starting, stays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModeBrowser } from '../../../main/host/chromium/app-mode-browser.js';

test('leftover browser profiles of a dead Chromium are deleted; live and fresh ones stay', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lanyard-sweep-'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = root; // os.tmpdir() reads it on each call
  try {
    const deadPid = spawnSync('/bin/true').pid;
    const old = new Date(Date.now() - 10 * 60_000);
    const profile = async (name: string, lockPid: number | undefined, age: Date | undefined) => {
      const dir = join(root, `lanyard-chromium-${name}`);
      await mkdir(join(dir, 'Default'), { recursive: true });
      if (lockPid !== undefined) await symlink(`ward-pc-7-${lockPid}`, join(dir, 'SingletonLock'));
      if (age) await utimes(dir, age, age);
      return dir;
    };
    const dead = await profile('dead', deadPid, old);
    const unlocked = await profile('unlocked', undefined, old);
    const live = await profile('live', process.pid, old);
    const fresh = await profile('fresh', undefined, undefined);
    const other = join(root, 'someone-else');
    await mkdir(other);
    await utimes(other, old, old);

    assert.equal(await AppModeBrowser.sweepLeftovers(), 2);
    assert.ok(!existsSync(dead), 'its Chromium is gone: deleted');
    assert.ok(!existsSync(unlocked), 'no Chromium ever ran on it: deleted');
    assert.ok(existsSync(live), 'its Chromium still runs: kept');
    assert.ok(existsSync(fresh), 'just made (a Lanyard starting): kept');
    assert.ok(existsSync(other), 'not a Lanyard profile: kept');
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    await rm(root, { recursive: true, force: true });
  }
});
