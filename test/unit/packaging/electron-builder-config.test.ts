import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, knownFuseKeys, loadBuilderConfig, undecidedFuses, validateBuilderConfig, type BuilderConfig } from './builder-config.js';

const config = loadBuilderConfig();
const section = (name: string): Record<string, unknown> => config[name] as Record<string, unknown>;

test('electron-builder.yml passes electron-builder\'s own configuration validation', async () => {
  await validateBuilderConfig(config);
});

test('a broken configuration is rejected by the same validation', async () => {
  const cases: BuilderConfig[] = [
    { ...config, nsis: { ...section('nsis'), perMachine: 'yes' } },
    { ...config, electronFuses: { ...section('electronFuses'), runAsNodeTypo: false } },
    { ...config, notAnOption: true },
  ];
  for (const broken of cases) {
    await assert.rejects(validateBuilderConfig(broken), /Invalid configuration object/);
  }
});

test('every fuse Electron knows is decided, so a new fuse fails here until someone decides it', () => {
  const keys = knownFuseKeys();
  assert.ok(keys.includes('runAsNode') && keys.length >= 8, `fuse list looks wrong: ${keys.join(',')}`);
  assert.deepEqual(undecidedFuses(config, keys), []);
  // The check itself can fail: drop one fuse and it is reported.
  const { runAsNode: _dropped, ...rest } = section('electronFuses');
  assert.deepEqual(undecidedFuses({ ...config, electronFuses: rest }, keys), ['runAsNode']);
});

test('fuses are set the hardened way', () => {
  assert.deepEqual(section('electronFuses'), {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('targets: Windows NSIS + MSI per machine, Linux deb + AppImage, app from asar', () => {
  const targetsOf = (platform: string): string[] =>
    ((section(platform)['target'] as { target: string }[]) ?? []).map((t) => t.target);
  assert.deepEqual(targetsOf('win').sort(), ['msi', 'nsis']);
  assert.deepEqual(targetsOf('linux').sort(), ['AppImage', 'deb']);
  assert.equal(section('nsis')['perMachine'], true);
  assert.equal(section('nsis')['oneClick'], false);
  assert.equal(section('msi')['perMachine'], true);
  assert.equal(config['asar'], true);
  assert.equal(config['productName'], 'Lanyard');
  assert.deepEqual((config['files'] as string[]).filter((f) => !f.startsWith('!')), ['dist/app/**', 'dist/renderer/**', 'dist/preload/**', 'package.json']);
});

test('the electron-builder MSI and the policy MSI (build/msi/lanyard.wxs) share one upgrade code', () => {
  const wxs = readFileSync(path.join(ROOT, 'build/msi/lanyard.wxs'), 'utf8');
  const match = /UpgradeCode="([0-9A-F-]{36})"/i.exec(wxs);
  assert.ok(match, 'lanyard.wxs has no UpgradeCode');
  assert.equal(String(section('msi')['upgradeCode']).toUpperCase(), match[1]?.toUpperCase());
});

test('package.json "main" is the tsc output of the Electron entry (checkouts); the package starts the product bundle', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/main/host/electron/main.js');
  assert.ok(existsSync(path.join(ROOT, 'main/host/electron/main.ts')), 'the Electron entry source is missing');
  assert.equal((config['extraMetadata'] as { main: string }).main, 'dist/app/main.js');
  assert.ok((config['files'] as string[]).includes('dist/app/**'));
});
