import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openFidoKey } from '../../../main/auth/fido/fido-key.js';
import { watchFidoKeys, type FidoKeyEvent } from '../../../main/auth/fido/key-watcher.js';
import { DEMO_KEY_LABEL, plugDemoKey, touchDemoKey } from '../../../main/auth/fido/virtual/demo-key.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { ORIGIN, TestRelyingParty } from '../../fixtures/fido-rp.js';
import { CtapError } from '../../../main/auth/fido/ctap2/errors.js';

test('lock-screen flow on the demo key: enrol a discoverable credential, then a touch signs in without knowing the user', async () => {
  const transport = new VirtualHidTransport();
  const events: FidoKeyEvent[] = [];
  const stop = watchFidoKeys(transport, (e) => events.push(e));
  const demo = plugDemoKey(transport);
  assert.equal(demo.device.product, DEMO_KEY_LABEL);
  const key = await openFidoKey(transport, demo.device.path, { origin: ORIGIN });

  const rp = new TestRelyingParty();
  const options = await rp.registrationOptions();
  const touchWhenAsked = { onKeepalive: (s: string) => { if (s === 'user-presence-needed') touchDemoKey(demo); } };
  const reg = await key.webauthn.register({ ...options, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } }, touchWhenAsked);
  assert.equal((await rp.verifyRegistration(reg)).verified, true);
  assert.equal(demo.authenticator.credentials()[0]?.discoverable, true);

  // The lock screen does not know who will touch: no allow list.
  const request = await rp.authenticationOptions();
  const auth = await key.webauthn.authenticate({ ...request, allowCredentials: [] }, touchWhenAsked);
  assert.equal(Buffer.from(auth.response.userHandle ?? '', 'base64url').toString(), '555123456789');
  assert.equal((await rp.verifyAuthentication(auth)).verified, true);

  // A wrong finger on the demo key gives the retry sentence.
  const wrong = { onKeepalive: (s: string) => { if (s === 'user-presence-needed') touchDemoKey(demo, 'mismatch'); } };
  await assert.rejects(key.webauthn.authenticate({ ...(await rp.authenticationOptions()), allowCredentials: [] }, wrong),
    (e: unknown) => e instanceof CtapError && e.userMessage === 'Fingerprint not recognised: 2 tries left');

  await key.close();
  transport.unplug(demo.device.path);
  await new Promise((r) => setImmediate(r));
  stop();
  assert.deepEqual(events.map((e) => e.type), ['key-inserted', 'key-removed']);
});

test('the watcher reports keys already present as insertions', async () => {
  const transport = new VirtualHidTransport();
  const demo = plugDemoKey(transport, { id: 'early' });
  const events: FidoKeyEvent[] = [];
  const stop = watchFidoKeys(transport, (e) => events.push(e));
  await new Promise((r) => setImmediate(r));
  stop();
  assert.deepEqual(events, [{ type: 'key-inserted', device: demo.device }]);
});
