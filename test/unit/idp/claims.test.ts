import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assuranceLevel, buildClaims, toNrbacRole } from '../../../main/idp/claims.js';
import { DirectoryIndex, parseDirectory } from '../../../main/idp/directory.js';

const index = new DirectoryIndex(parseDirectory({
  organisations: [{ code: 'RLD', name: 'Lanyard Demo Hospital NHS Trust' }, { code: 'X26', name: 'NHS England' }],
  users: [{ userId: '555000000001', name: 'Dr Asha Patel', roles: [
    { roleId: 'r1', orgCode: 'RLD', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role' },
    { roleId: 'r2', orgCode: 'X26', roleCode: 'R8003', roleName: 'Health Professional Access Role', personOrgId: 'po-2' },
  ] }],
}));
const user = index.user('555000000001');

test('assurance level 3 needs a hardware key and a second factor', () => {
  assert.equal(assuranceLevel(['sc', 'pin']), '3');
  assert.equal(assuranceLevel(['hwk', 'fpt']), '3');
  assert.equal(assuranceLevel(['sc']), '1');
  assert.equal(assuranceLevel(['pin']), '1');
  assert.equal(assuranceLevel(undefined), '1');
});

test('NRBAC role objects use CIS2 names and a default person_orgid', () => {
  assert.ok(user);
  assert.deepEqual(toNrbacRole(user, user.roles[0]!), {
    person_orgid: '555000000001-RLD', person_roleid: 'r1', org_code: 'RLD', role_name: 'Clinical Practitioner Access Role', role_code: 'R8000',
  });
  assert.equal(toNrbacRole(user, user.roles[1]!).person_orgid, 'po-2');
});

test('claims carry every role, every organisation, and only the selected role id', () => {
  assert.ok(user);
  const claims = buildClaims(index, user, user.roles[1], ['sc', 'pin']);
  assert.equal(claims.sub, '555000000001');
  assert.equal(claims.nhsid_useruid, '555000000001');
  assert.equal(claims.selected_roleid, 'r2');
  assert.equal(claims.nhsid_nrbac_roles.length, 2);
  assert.deepEqual(claims.nhsid_user_orgs, [{ org_code: 'RLD', org_name: 'Lanyard Demo Hospital NHS Trust' }, { org_code: 'X26', org_name: 'NHS England' }]);
  assert.equal(claims.authentication_assurance_level, '3');
  assert.equal('selected_roleid' in buildClaims(index, user, undefined, []), false);
});
