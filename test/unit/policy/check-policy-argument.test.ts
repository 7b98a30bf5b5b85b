/** Both entries (main/cli.ts and the Electron entry) find `--check-policy` the same way. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { checkPolicyArgument } from '../../../main/policy/check-policy-argument.js';

test('--check-policy is found with its file in either spelling, and with no file it says so', () => {
  assert.equal(checkPolicyArgument([]), null);
  assert.equal(checkPolicyArgument(['--policy', 'p.json', '--headless']), null);
  assert.deepEqual(checkPolicyArgument(['--check-policy']), { file: undefined });
  assert.deepEqual(checkPolicyArgument(['--check-policy', 'p.json']), { file: 'p.json' });
  assert.deepEqual(checkPolicyArgument(['--check-policy=p.json']), { file: 'p.json' });
  assert.deepEqual(checkPolicyArgument(['--check-policy=C:\\a=b\\p.json']), { file: 'C:\\a=b\\p.json' });
  assert.deepEqual(checkPolicyArgument(['--check-policy=']), { file: undefined });
  assert.deepEqual(checkPolicyArgument(['--check-policy', '--headless']), { file: undefined });
  assert.deepEqual(checkPolicyArgument(['--headless', '--check-policy', 'p.json']), { file: 'p.json' });
  assert.equal(checkPolicyArgument(['--check-policyx', 'p.json']), null);
});

// The Electron binary cannot be had here (ENVIRONMENT.md), so the entry is checked by its source:
// it must hand --check-policy to the shared command, before the single-instance lock or any window.
test('the Electron entry answers --check-policy with the shared lookup and command, before any window', async () => {
  const source = await readFile(new URL('../../../main/host/electron/main.ts', import.meta.url), 'utf8');
  assert.match(source, /checkPolicyArgument\(argv\)/);
  assert.match(source, /checkPolicyCommand\(checkAsked\.file, \{ out: .*, err: .* \}\)\s*\.then\(\(code\) => app\.exit\(code\)\)/s);
  assert.doesNotMatch(source, /policy\/load\.js|readFile/);
  const check = source.indexOf('checkPolicyArgument(argv)');
  for (const later of ['requestSingleInstanceLock', 'new ElectronHost', 'whenReady']) {
    assert.ok(source.indexOf(later) > check, `${later} comes before --check-policy is answered`);
  }
  const cli = await readFile(new URL('../../../main/cli.ts', import.meta.url), 'utf8');
  assert.match(cli, /checkPolicyArgument\(process\.argv\.slice\(2\)\)/);
});
