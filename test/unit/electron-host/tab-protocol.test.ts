import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManualLoginReport } from '../../../main/host/electron/tab-protocol.js';

test('a manual-login report carries exactly a username and a password', () => {
  assert.deepEqual(parseManualLoginReport({ username: ' jsmith ', password: 'p w' }), { username: 'jsmith', password: 'p w' });
});

test('reports with missing, empty, oversized or extra fields are refused outright', () => {
  for (const payload of [{ username: 'a' }, { username: 'a', password: '' }, { username: '', password: 'x' },
    { username: 3, password: 'x' }, { username: 'a', password: 'x', extra: 1 }, { username: 'a', password: 'x'.repeat(1025) },
    null, [], 'jsmith', {}]) {
    assert.equal(parseManualLoginReport(payload), null, JSON.stringify(payload));
  }
});
