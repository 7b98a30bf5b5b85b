import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumCommandLine } from '../../../main/host/chromium/chromium-args.js';

test('an ordinary user keeps Chromium\'s sandbox', () => {
  for (const uid of [1000, 65534, undefined]) {
    const line = chromiumCommandLine(uid);
    assert.equal(line.sandboxed, true);
    assert.ok(!line.args.includes('--no-sandbox') && !line.args.includes('--test-type'), `uid ${uid}`);
  }
});

test('root runs without it, and says so', () => {
  const line = chromiumCommandLine(0);
  assert.equal(line.sandboxed, false);
  assert.ok(line.args.includes('--no-sandbox'));
  assert.ok(line.args.includes('--test-type'), 'no "unsupported command-line flag" bar over the app windows');
});

test('background networking stays off either way (the network is closed)', () => {
  for (const uid of [0, 1000]) assert.ok(chromiumCommandLine(uid).args.includes('--disable-background-networking'));
});
