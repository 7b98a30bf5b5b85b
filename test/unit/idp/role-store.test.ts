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

test('a session whose client chooses the role holds no role, only for its own account and lifetime', () => {
  let now = 0;
  const roles = new RoleStore(1000, () => now);
  roles.setClientChoice('session-a', '555000000001');
  assert.equal(roles.clientChooses('session-a', '555000000001'), true);
  assert.equal(roles.get('session-a', '555000000001'), undefined, 'no selected_roleid');
  assert.equal(roles.clientChooses('session-a', '555000000002'), false, 'another account must be prompted');
  assert.equal(roles.clientChooses('session-b', '555000000001'), false);
  roles.set('session-a', '555000000001', 'r1');
  assert.equal(roles.clientChooses('session-a', '555000000001'), false, 'a role chosen at the provider replaces it');
  roles.setClientChoice('session-a', '555000000001');
  now = 1001;
  assert.equal(roles.clientChooses('session-a', '555000000001'), false, 'expired with the session');
});
