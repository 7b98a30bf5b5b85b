import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestRelyingParty, virtualKey } from '../../fixtures/fido-rp.js';

test('enrol then sign in with the virtual key: @simplewebauthn verifies both with UV required', async () => {
  const rig = virtualKey();
  const key = await rig.open();
  try {
    const rp = new TestRelyingParty();
    const reg = await key.webauthn.register(await rp.registrationOptions());
    const verifiedReg = await rp.verifyRegistration(reg);
    assert.equal(verifiedReg.verified, true);
    assert.equal(verifiedReg.registrationInfo?.fmt, 'packed');
    assert.equal(verifiedReg.registrationInfo?.userVerified, true);
    const auth = await key.webauthn.authenticate(await rp.authenticationOptions());
    const verifiedAuth = await rp.verifyAuthentication(auth);
    assert.equal(verifiedAuth.verified, true);
    assert.equal(verifiedAuth.authenticationInfo.userVerified, true);
    assert.equal(verifiedAuth.authenticationInfo.newCounter, 1);
  } finally {
    await key.close();
  }
});
