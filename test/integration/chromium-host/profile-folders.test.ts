/**
 * Each user partition's browsing data lives in a profile folder of its own, and the folder goes
 * with the partition: destroyPartition deletes that user's folder (and only it), close() every one
 * the host made (the shell's and the spare's too).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumHost } from '../../../main/host/chromium/chromium-host.js';
import { consoleLog } from '../../../main/app/console-log.js';
import { rendererDir } from '../../../main/app/paths.js';

const profiles = async (root: string) => (await readdir(root)).filter((n) => n.startsWith('lanyard-chromium-')).sort();

test('a partition\'s profile folder is deleted with the partition; close() deletes the rest', { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'lanyard-profiles-'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = root; // os.tmpdir() reads it on each call: the host's folders land here
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: consoleLog('test', 'error') });
  try {
    await host.openShell(async () => undefined);
    await host.createPartition('user-1');
    await host.createPartition('user-2');
    await host.addCookies('user-1', [{ name: 'sid', value: 'user-1-session', url: 'http://127.0.0.1:9/' }]);
    const before = await profiles(root);
    assert.ok(before.length >= 3, `the shell's and two users' folders: ${before.join(', ')}`);

    await host.destroyPartition('user-1');
    const after = await profiles(root);
    const gone = before.filter((d) => !after.includes(d));
    assert.equal(gone.length, 1, `exactly one folder went with user-1 (gone: ${gone.join(', ')})`);
    assert.deepEqual(await host.cookies('user-2'), [], 'the other user never had user-1\'s cookie');
    assert.deepEqual(await host.cookies('user-1'), [], 'user-1 is gone');

    await host.close();
    assert.deepEqual(await profiles(root), [], 'no profile folder outlives the host');
  } finally {
    await host.close().catch(() => undefined);
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    await rm(root, { recursive: true, force: true });
  }
});
