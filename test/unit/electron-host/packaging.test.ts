/**
 * What the Electron package ships and keeps (issue 15): React's production build by default
 * (`npm run dist` sets no NODE_ENV), and an NSIS uninstaller that leaves app data alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadBuilderConfig } from '../packaging/builder-config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** Runs scripts/bundle.mjs as `npm run build` does, in a scratch folder, and returns the shell's app.js. */
async function bundleRenderer(env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lanyard-bundle-'));
  try {
    for (const entry of ['renderer', 'preload', 'main', 'node_modules', 'package.json']) await symlink(path.join(ROOT, entry), path.join(dir, entry));
    await run(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: dir, env });
    return await readFile(path.join(dir, 'dist', 'renderer', 'app.js'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A warning only React's development build carries. */
const DEV_ONLY = 'Each child in a list should have a unique';

test('the shell is bundled with React\'s production build unless a developer asks for development', async () => {
  const { NODE_ENV: _ignored, ...withoutNodeEnv } = process.env;
  const shipped = await bundleRenderer(withoutNodeEnv);
  assert.ok(!shipped.includes(DEV_ONLY), 'React development build in the default bundle');
  assert.match(shipped, /react\.dev\/errors\//, "React's production error decoder link");
  const dev = await bundleRenderer({ ...withoutNodeEnv, NODE_ENV: 'development' });
  assert.ok(dev.includes(DEV_ONLY), 'the development build is still there when asked for');
});

test('the NSIS uninstaller does not delete app data (the audit trail must survive an uninstall)', async () => {
  const nsis = loadBuilderConfig()['nsis'] as { deleteAppDataOnUninstall?: unknown } | undefined;
  assert.equal(nsis?.deleteAppDataOnUninstall, false);
});
