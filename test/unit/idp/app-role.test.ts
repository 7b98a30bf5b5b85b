/** The role a demo app serves a person in: CIS2's selected role, or plain role codes from a provider without role selection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appRoleOf } from '../../../main/idp/demo-apps/app-role.js';

const cis2 = {
  selected_roleid: 'p2',
  nhsid_nrbac_roles: [
    { person_roleid: 'p1', role_code: 'R8000', role_name: 'Clinical Practitioner', org_code: 'RX1' },
    { person_roleid: 'p2', role_code: 'R8003', role_name: 'Health Professional', org_code: 'RX1' },
  ],
  nhsid_user_orgs: [{ org_code: 'RX1', org_name: 'St Elsewhere' }],
};

test('CIS2 claims: the selected role, refused when the app does not serve it', () => {
  assert.deepEqual(appRoleOf(cis2, undefined), { role: { roleCode: 'R8003', roleName: 'Health Professional', orgName: 'St Elsewhere' }, refused: false });
  assert.equal(appRoleOf(cis2, ['R8000']).refused, true);
  assert.equal(appRoleOf({ ...cis2, selected_roleid: 'nobody' }, undefined).refused, true);
});

test('CIS2 claims with no role selected (a standard-profile session): the first role the app serves', () => {
  const { selected_roleid: _none, ...unselected } = cis2;
  assert.equal(appRoleOf(unselected, ['R8003']).role?.roleCode, 'R8003');
  assert.equal(appRoleOf(unselected, undefined).role?.roleCode, 'R8000');
  assert.equal(appRoleOf(unselected, ['R0260']).refused, true);
});

test('plain role codes, as a list or one multi-valued string: the first code the app serves', () => {
  assert.deepEqual(appRoleOf({ roles: 'R0260; R8000' }, ['R8000']), { role: { roleCode: 'R8000', roleName: 'R8000', orgName: '' }, refused: false });
  assert.deepEqual(appRoleOf({ roles: ['R0260', 'R8001'] }, undefined).role?.roleCode, 'R0260');
  assert.equal(appRoleOf({ roles: ['R0260'] }, ['R8000']).refused, true);
  assert.equal(appRoleOf({}, undefined).refused, true);
});
