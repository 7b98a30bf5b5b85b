import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mappedRoles, mappedUser } from '../../../main/identity/standard/claims-mapping.js';
import { openScTokenSerial, pivAuthenticationKeyUri } from '../../../main/identity/standard/pkcs11-uri.js';
import { classifyTlsFailure } from '../../../main/identity/standard/tls-failures.js';
import { IdentityError } from '../../../main/identity/identity-error.js';

const CIS2 = { userId: 'nhsid_useruid', name: 'name', roles: 'nhsid_nrbac_roles' };

test('CIS2 claims by default: user ID, name and role objects', () => {
  const claims = {
    sub: 'x', nhsid_useruid: '555123456789', name: 'Dr Ada Lovelace',
    nhsid_nrbac_roles: [{ person_roleid: '1', role_code: 'R8000', role_name: 'Clinical Practitioner', org_code: 'RX1' }],
  };
  assert.deepEqual(mappedUser(claims, CIS2), { userId: '555123456789', name: 'Dr Ada Lovelace' });
  assert.deepEqual(mappedRoles(claims, CIS2), [{ roleId: '1', roleCode: 'R8000', roleName: 'Clinical Practitioner', orgCode: 'RX1', orgName: 'RX1' }]);
});

test('other claim names and plain role codes (lists or one space-separated string), duplicates once', () => {
  const mapping = { userId: 'preferred_username', name: 'cn', roles: 'groups' };
  assert.deepEqual(mappedUser({ preferred_username: 'dwho', cn: 'Doctor Who' }, mapping), { userId: 'dwho', name: 'Doctor Who' });
  assert.deepEqual(mappedRoles({ groups: ['R8000', 'R8000', 'R0260'] }, mapping).map((r) => r.roleId), ['R8000', 'R0260']);
  assert.deepEqual(mappedRoles({ groups: 'R8000 R0260' }, mapping).map((r) => r.roleCode), ['R8000', 'R0260']);
  assert.deepEqual(mappedRoles({}, mapping), []);
});

test('a missing user ID or name, or roles that are not a list, are protocol errors naming the claim', () => {
  assert.throws(() => mappedUser({ name: 'A' }, CIS2), (e: unknown) => e instanceof IdentityError && e.code === 'idp-protocol' && /nhsid_useruid/.test(e.message));
  assert.throws(() => mappedUser({ nhsid_useruid: '1' }, CIS2), /name claim name/);
  assert.throws(() => mappedRoles({ nhsid_nrbac_roles: { a: 1 } }, CIS2), /not a list/);
});

test('the PKCS#11 URI names the tapped card by its OpenSC token serial and percent-encodes the PIN', () => {
  // Measured: OpenSC lists a PIV card with GUID 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d as serial 8c7d9e0f1a2b3c4d.
  assert.equal(openScTokenSerial('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'), '8c7d9e0f1a2b3c4d');
  assert.equal(pivAuthenticationKeyUri('0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D', '12;4&5'), 'pkcs11:serial=8c7d9e0f1a2b3c4d;id=%01;object-type=private;pin-value=12%3B4%265');
  assert.throws(() => openScTokenSerial('not-a-uuid'), RangeError);
});

test('TLS failures are named, and a PIN in an error text never passes through', () => {
  assert.equal(classifyTlsFailure({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'alert' }, 'x').code, 'untrusted-ca');
  assert.equal(classifyTlsFailure({ code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED', message: 'alert' }, 'x').code, 'revoked');
  assert.equal(classifyTlsFailure({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'alert' }, 'x').code, 'certificate-refused');
  assert.equal(classifyTlsFailure({ code: 'ECONNREFUSED', message: 'refused' }, 'x').code, 'idp-unreachable');
  const pin = classifyTlsFailure({ code: 'ERR_OSSL_PIN_INCORRECT', message: 'PKCS#11 module::PIN incorrect at pkcs11:serial=1;pin-value=123456' }, 'x');
  assert.equal(pin.code, 'card-middleware');
  assert.doesNotMatch(pin.message, /123456/);
});
