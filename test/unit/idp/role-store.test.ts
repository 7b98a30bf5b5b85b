import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoleStore } from '../../../main/idp/role-store.js';

test('the chosen role belongs to one provider session and one account, for a limited time', () => {
  let now = 0;
  const roles = new RoleStore(1000, () => now);
  roles.set('session-a', '555000000001', 'r2');
  assert.equal(roles.get('session-a', '555000000001'), 'r2');
  assert.equal(roles.get('session-a', '555000000002'), undefined, 'another account in the same browser gets nothing');
  assert.equal(roles.get('session-b', '555000000001'), undefined, 'another session must choose for itself');
  assert.equal(roles.get(undefined, '555000000001'), undefined);
  now = 1001;
  assert.equal(roles.get('session-a', '555000000001'), undefined, 'expired with the session');
  roles.set('session-a', '555000000001', 'r1');
  roles.delete('session-a');
  assert.equal(roles.get('session-a', '555000000001'), undefined, 'forgotten at logout');
});
