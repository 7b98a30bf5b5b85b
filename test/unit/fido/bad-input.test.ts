import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CtaphidError } from '../../../main/auth/fido/ctaphid/errors.js';
import { CtapError } from '../../../main/auth/fido/ctap2/errors.js';
import { FidoError } from '../../../main/auth/fido/errors.js';
import { openFidoKey } from '../../../main/auth/fido/fido-key.js';
import { VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { WebAuthnClient } from '../../../main/auth/fido/webauthn-client.js';
import { ORIGIN, TestRelyingParty, virtualKey } from '../../fixtures/fido-rp.js';

const ctapCode = (code: string) => (e: unknown) => e instanceof CtapError && e.code === code;

async function enrolled(options: ConstructorParameters<typeof VirtualAuthenticator>[0] = {}) {
  const rig = virtualKey(options);
  const key = await rig.open();
  const rp = new TestRelyingParty();
  assert.equal((await rp.verifyRegistration(await key.webauthn.register(await rp.registrationOptions()))).verified, true);
  return { ...rig, key, rp };
}

test('wrong finger: tries left shown, then blocked and told to use the card; a right finger no longer helps', async () => {
  const { authenticator, key, rp, transport, path } = await enrolled();
  authenticator.setFinger('mismatch');
  const messages: string[] = [];
  for (let i = 0; i < 2; i++) {
    await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), (e: unknown) => {
      assert.ok(e instanceof CtapError && e.code === 'uv-invalid');
      messages.push(e.userMessage);
      return true;
    });
  }
  assert.deepEqual(messages, ['Fingerprint not recognised: 2 tries left', 'Fingerprint not recognised: 1 try left']);
  await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), (e: unknown) =>
    ctapCode('uv-blocked')(e) && (e as CtapError).userMessage === 'Fingerprint is blocked on this key: sign in with your smartcard.');
  authenticator.setFinger('match');
  await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), ctapCode('uv-blocked'));
  assert.equal(authenticator.uvRetries, 0);
  await key.close();
  transport.unplug(path);
});

test('a right finger after one wrong one resets the retry counter', async () => {
  const { authenticator, key, rp } = await enrolled();
  authenticator.setFinger('mismatch');
  await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), ctapCode('uv-invalid'));
  authenticator.setFinger('match');
  assert.equal((await rp.verifyAuthentication(await key.webauthn.authenticate(await rp.authenticationOptions()))).verified, true);
  assert.equal(authenticator.uvRetries, 3);
  await key.close();
});

test('a key with no credential for this provider: NO_CREDENTIALS with the enrol sentence', async () => {
  const rig = virtualKey();
  const key = await rig.open();
  const rp = new TestRelyingParty();
  await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), (e: unknown) =>
    ctapCode('no-credentials')(e) && (e as CtapError).userMessage === 'This key is not enrolled for Lanyard: sign in with your card and enrol it.');
  // Enrolled for another provider only: still nothing for this one.
  const other = new WebAuthnClient(key.ctap, { origin: 'https://other.example' });
  const foreign = await rp.registrationOptions();
  await other.register({ ...foreign, rp: { id: 'other.example', name: 'Other' } });
  await assert.rejects(key.webauthn.authenticate(await rp.authenticationOptions()), ctapCode('no-credentials'));
  await key.close();
});

test('a key without built-in UV is refused when opened', async () => {
  const transport = new VirtualHidTransport();
  const { path } = transport.plug(new VirtualAuthenticator({ builtInUv: false, label: 'Touch-only key' }));
  await assert.rejects(openFidoKey(transport, path, { origin: ORIGIN }), ctapCode('uv-not-supported'));
});

test('the key pulled out mid-sign-in: device-removed, and a re-plugged key works again', async () => {
  const { authenticator, key, rp, transport, path } = await enrolled();
  authenticator.setFinger('none');
  const pending = key.webauthn.authenticate(await rp.authenticationOptions(), {
    onKeepalive: (s) => { if (s === 'user-presence-needed') transport.unplug(path); },
  });
  await assert.rejects(pending, (e: unknown) => e instanceof CtaphidError && e.code === 'device-removed');
  authenticator.setFinger('match');
  const { path: again } = transport.plug(authenticator);
  const key2 = await openFidoKey(transport, again, { origin: ORIGIN });
  assert.equal((await rp.verifyAuthentication(await key2.webauthn.authenticate(await rp.authenticationOptions()))).verified, true);
  await key2.close();
});

test('a signature counter that goes backwards is refused by @simplewebauthn verification', async () => {
  const { authenticator, key, rp } = await enrolled();
  for (let i = 0; i < 3; i++) await rp.verifyAuthentication(await key.webauthn.authenticate(await rp.authenticationOptions()));
  assert.equal(rp.credential?.counter, 3);
  authenticator.setSignCount(authenticator.credentials()[0]!.id, 1); // a cloned key would look like this
  const cloned = await key.webauthn.authenticate(await rp.authenticationOptions());
  await assert.rejects(rp.verifyAuthentication(cloned), /counter value 2 was lower than expected 3/i);
  await key.close();
});

test('a replayed assertion (old challenge) is refused', async () => {
  const { key, rp } = await enrolled();
  const first = await key.webauthn.authenticate(await rp.authenticationOptions());
  assert.equal((await rp.verifyAuthentication(first)).verified, true);
  await rp.authenticationOptions(); // a new sign-in: new challenge
  await assert.rejects(rp.verifyAuthentication(first), /Unexpected authentication response challenge/i);
  await key.close();
});

test('options for another site or an insecure origin are refused before the key is used', async () => {
  const { key, rp } = await enrolled();
  const options = await rp.authenticationOptions();
  await assert.rejects(key.webauthn.authenticate({ ...options, rpId: 'evil.example' }),
    (e: unknown) => e instanceof FidoError && e.code === 'rp-id-mismatch');
  assert.throws(() => new WebAuthnClient(key.ctap, { origin: 'http://idp.example' }),
    (e: unknown) => e instanceof FidoError && e.code === 'bad-options');
  await assert.rejects(key.webauthn.authenticate({ ...options, challenge: 'not base64url!' }),
    (e: unknown) => e instanceof FidoError && e.code === 'bad-options');
  await key.close();
});

test('enrolling the same key twice is CREDENTIAL_EXCLUDED', async () => {
  const { key, rp } = await enrolled();
  const options = await rp.registrationOptions();
  const excluded = { ...options, excludeCredentials: [{ id: rp.credential!.id, type: 'public-key' as const }] };
  await assert.rejects(key.webauthn.register(excluded), (e: unknown) =>
    ctapCode('credential-excluded')(e) && /already enrolled/.test((e as CtapError).userMessage));
  await key.close();
});

test('a state file keeps credentials, counters and the retry counter across restarts (0600)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-fido-'));
  try {
    const statePath = join(dir, 'demo-key.json');
    const first = await enrolled({ statePath, label: 'Lanyard demo fingerprint key' });
    await first.rp.verifyAuthentication(await first.key.webauthn.authenticate(await first.rp.authenticationOptions()));
    await first.key.close();
    assert.equal(statSync(statePath).mode & 0o777, 0o600);
    const restarted = virtualKey({ statePath });
    assert.equal(restarted.authenticator.credentials().length, 1);
    const key = await restarted.open();
    const result = await first.rp.verifyAuthentication(await key.webauthn.authenticate(await first.rp.authenticationOptions()));
    assert.equal(result.verified, true);
    assert.equal(result.authenticationInfo.newCounter, 2);
    await key.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
