import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { msiProperty, msiSummary, msiTable } from './msi-tables.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = path.join(ROOT, 'scripts/build-msi.sh');
const UPGRADE_CODE = '{487DAB42-C545-40B5-A9F8-FA82870DCD4B}';
const POLICY_VALUES = [
  { property: 'POLICYFILE', name: 'PolicyFile', component: 'PolicyFileValue' },
  { property: 'POLICYJSON', name: 'PolicyJson', component: 'PolicyJsonValue' },
  { property: 'STATIONNAME', name: 'StationName', component: 'StationNameValue' },
  { property: 'IDPISSUER', name: 'IdpIssuer', component: 'IdpIssuerValue' },
];

let work: string;
let msi: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'lanyard-msi-test-'));
  // A tiny stand-in for electron-builder's win-unpacked folder.
  const app = path.join(work, 'win-unpacked');
  mkdirSync(path.join(app, 'resources'), { recursive: true });
  mkdirSync(path.join(app, 'locales'), { recursive: true });
  writeFileSync(path.join(app, 'Lanyard.exe'), 'MZ fake exe');
  writeFileSync(path.join(app, 'resources', 'app.asar'), 'fake asar');
  writeFileSync(path.join(app, 'locales', 'en-GB.pak'), 'fake locale');
  msi = path.join(work, 'out', 'Lanyard.msi');
  execFileSync('bash', [SCRIPT, app, msi, '2.3.4-rc.1'], { stdio: 'pipe' });
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the MSI is per machine, 64-bit, versioned and carries the shared upgrade code', () => {
  assert.equal(msiProperty(msi, 'ALLUSERS'), '1');
  assert.equal(msiProperty(msi, 'UpgradeCode'), UPGRADE_CODE);
  assert.equal(msiProperty(msi, 'ProductVersion'), '2.3.4');
  assert.match(msiSummary(msi), /Template: x64;1033/);
  const upgrades = msiTable(msi, 'Upgrade');
  assert.ok(upgrades.length > 0 && upgrades.every((row) => row['UpgradeCode'] === UPGRADE_CODE));
  assert.ok(msiTable(msi, 'InstallExecuteSequence').some((row) => row['Action'] === 'RemoveExistingProducts'), 'major upgrade scheduled');
});

test('each public property is bound to its HKLM\\SOFTWARE\\Policies\\Lanyard value', () => {
  const registry = msiTable(msi, 'Registry');
  for (const { property, name, component } of POLICY_VALUES) {
    const row = registry.find((r) => r['Name'] === name);
    assert.ok(row, `no registry row for ${name}`);
    assert.equal(row['Root'], '2', `${name} is not under HKLM`);
    assert.equal(row['Key'], 'SOFTWARE\\Policies\\Lanyard');
    assert.equal(row['Value'], `[${property}]`);
    assert.equal(row['Component_'], component);
  }
});

test('a value is written only when its property is set, into the 64-bit registry, and the properties are secure', () => {
  const components = msiTable(msi, 'Component');
  for (const { property, component } of POLICY_VALUES) {
    const row = components.find((r) => r['Component'] === component);
    assert.ok(row, `no component ${component}`);
    assert.equal(row['Condition'], property);
    assert.ok((Number(row['Attributes']) & 256) !== 0, `${component} is not a 64-bit component`);
  }
  const secure = (msiProperty(msi, 'SecureCustomProperties') ?? '').split(';');
  for (const { property } of POLICY_VALUES) assert.ok(secure.includes(property), `${property} is not secure`);
  assert.ok(secure.includes('WIX_UPGRADE_DETECTED'), 'the upgrade detection property was lost');
});

test('the app folder is inside, file for file', () => {
  const out = path.join(work, 'extracted');
  execFileSync('msiextract', ['-C', out, msi], { stdio: 'pipe' });
  const lanyard = path.join(out, 'Lanyard');
  assert.deepEqual(readdirSync(lanyard).sort(), ['Lanyard.exe', 'locales', 'resources']);
  assert.equal(readFileSync(path.join(lanyard, 'resources', 'app.asar'), 'utf8'), 'fake asar');
  assert.equal(readFileSync(path.join(lanyard, 'locales', 'en-GB.pak'), 'utf8'), 'fake locale');
  assert.ok(msiTable(msi, 'Shortcut').some((row) => row['Target'] === '[INSTALLDIR]Lanyard.exe'), 'start-menu shortcut');
});

test('bad input stops the build with a message', () => {
  const missing = spawnSync('bash', [SCRIPT, path.join(work, 'nope'), path.join(work, 'x.msi')], { encoding: 'utf8' });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /does not exist/);
  const empty = path.join(work, 'empty');
  mkdirSync(empty);
  const noExe = spawnSync('bash', [SCRIPT, empty, path.join(work, 'x.msi')], { encoding: 'utf8' });
  assert.notEqual(noExe.status, 0);
  assert.match(noExe.stderr, /no Lanyard\.exe/);
  const badVersion = spawnSync('bash', [SCRIPT, path.join(work, 'win-unpacked'), path.join(work, 'x.msi'), 'one.two'], { encoding: 'utf8' });
  assert.notEqual(badVersion.status, 0);
  assert.match(badVersion.stderr, /not major\.minor\.build/);
});
