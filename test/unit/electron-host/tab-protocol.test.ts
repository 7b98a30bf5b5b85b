import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManualLoginReport } from '../../../main/host/electron/tab-protocol.js';

test('a manual-login report carries the username only', () => {
  assert.deepEqual(parseManualLoginReport({ username: ' jsmith ' }), { username: 'jsmith' });
});

test('reports with a password or other fields are refused outright', () => {
  for (const payload of [{ username: 'a', password: 'secret' }, { username: '' }, { username: 3 }, null, [], 'jsmith', {}]) {
    assert.equal(parseManualLoginReport(payload), null, JSON.stringify(payload));
  }
});
