import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolesFromClaims, selectedRole, userFromClaims, parseRoleOptions } from '../../../main/identity/claims-reader.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import { expectJson, isRedirectUri } from '../../../main/identity/provider-http.js';

const claims = {
  sub: '555000000001', name: 'Dr Asha Patel', nhsid_useruid: '555000000001', selected_roleid: 'r2',
  nhsid_user_orgs: [{ org_code: 'RLD', org_name: 'Lanyard Demo Hospital NHS Trust' }],
  nhsid_nrbac_roles: [
    { person_orgid: 'p', person_roleid: 'r1', org_code: 'RLD', role_name: 'Clinical Practitioner Access Role', role_code: 'R8000' },
    { person_orgid: 'p', person_roleid: 'r2', org_code: 'RLD', role_name: 'Health Professional Access Role', role_code: 'R8003' },
  ],
};
const protocol = (e: unknown) => e instanceof IdentityError && e.code === 'idp-protocol';

test('reads the person, their roles with organisation names, and the selected role', () => {
  assert.deepEqual(userFromClaims(claims), { userId: '555000000001', name: 'Dr Asha Patel' });
  assert.deepEqual(rolesFromClaims(claims).map((r) => [r.roleId, r.orgName]), [['r1', 'Lanyard Demo Hospital NHS Trust'], ['r2', 'Lanyard Demo Hospital NHS Trust']]);
  assert.equal(selectedRole(claims).roleCode, 'R8003');
});

test('missing or foreign selected role, or incomplete roles, are protocol errors', () => {
  assert.throws(() => selectedRole({ ...claims, selected_roleid: 'r9' }), protocol);
  assert.throws(() => userFromClaims({ sub: 'x' }), protocol);
  assert.throws(() => rolesFromClaims({ nhsid_nrbac_roles: [{ person_roleid: 'r1' }] }), protocol);
  assert.throws(() => parseRoleOptions('nope'), protocol);
});

test('a loopback redirect URI matches on any port, nothing else does', () => {
  assert.ok(isRedirectUri(new URL('http://127.0.0.1:53111/callback?code=1'), 'http://127.0.0.1/callback'));
  assert.ok(!isRedirectUri(new URL('http://127.0.0.1/other'), 'http://127.0.0.1/callback'));
  assert.ok(!isRedirectUri(new URL('https://127.0.0.1/callback'), 'http://127.0.0.1/callback'));
});

test('provider refusals keep their code; unknown answers are protocol errors; 5xx is unreachable', () => {
  const url = new URL('http://127.0.0.1/x');
  assert.throws(() => expectJson({ status: 403, url, body: { error: 'revoked' } }), (e: unknown) => e instanceof IdentityError && e.code === 'revoked' && !e.retryable);
  assert.throws(() => expectJson({ status: 400, url, body: { error: 'invalid_request' } }), protocol);
  assert.throws(() => expectJson({ status: 200, url, body: '<html>' }), protocol);
  assert.throws(() => expectJson({ status: 502, url, body: '' }), (e: unknown) => e instanceof IdentityError && e.code === 'idp-unreachable' && e.retryable);
  assert.deepEqual(expectJson({ status: 200, url, body: { ok: 1 } }), { ok: 1 });
});
