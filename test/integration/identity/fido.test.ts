/**
 * Fingerprint key on the provider: enrolment by a card-signed-in person, sign-in by assertion with
 * user verification (amr hwk+fpt), and the refusals: replayed assertion, counter going backwards,
 * unknown (removed) credential, enrolment from a key-only session. The key is the FIDO engineer's
 * virtual authenticator behind their WebAuthn client, over an in-process CTAPHID transport.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { HidTransport } from '../../../main/core/ports/hid-transport.js';
import { openFidoKey, type FidoKey } from '../../../main/auth/fido/fido-key.js';
import { VIRTUAL_AAGUID, VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { createAttestationPki } from '../../../main/auth/fido/virtual/attestation-pki.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { IdentityError, type IdentityErrorCode } from '../../../main/identity/identity-error.js';
import type { SignedInSession } from '../../../main/identity/types.js';
import { createCardCa, DOCTOR, issueCardCertificate, signAsCard, TEST_DIRECTORY } from './card-helpers.js';

let idp: RunningIdentityProvider;
let client: IdentityClient;
let key: FidoKey;
let cardSession: SignedInSession;

before(async () => {
  const ca = await createCardCa();
  const model = await createAttestationPki(VIRTUAL_AAGUID);
  idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true,
    fidoEnrolment: { clientId: SHELL_CLIENT_ID, attestation: { aaguids: [model.aaguid], rootPems: [model.rootPem] } },
  });
  client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID });
  const transport = new VirtualHidTransport();
  const { path } = transport.plug(new VirtualAuthenticator({ label: 'Identity test key', attestation: model.attestation }));
  key = await openFidoKey(transport as HidTransport, path, { origin: new URL(idp.issuer).origin });
  const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
  const flow = await client.beginSmartcardSignIn();
  const choice = await flow.complete(signAsCard(card, flow.challenge));
  cardSession = await choice.choose(choice.roles[0]?.roleId ?? '');
});

after(async () => {
  await key?.close();
  await cardSession?.logout().catch(() => undefined);
  await idp?.close();
});

const refusedWith = (code: IdentityErrorCode) => (e: unknown) => e instanceof IdentityError && e.code === code;

async function fidoSignIn() {
  const flow = await client.beginFidoSignIn();
  assert.equal(flow.options.userVerification, 'required');
  const response = await key.webauthn.authenticate(flow.options);
  return { flow, response };
}

test('enrol a key while signed in by card, then sign in with it: amr hwk+fpt at level 3', async () => {
  const enrolment = await cardSession.beginFidoEnrolment();
  assert.equal(enrolment.options.authenticatorSelection?.userVerification, 'required');
  const credentialId = await enrolment.complete(await key.webauthn.register(enrolment.options));
  assert.deepEqual((await cardSession.fidoCredentials()).map((c) => c.id), [credentialId]);

  const { flow, response } = await fidoSignIn();
  const choice = await flow.complete(response);
  assert.deepEqual(choice.user, DOCTOR);
  const session = await choice.choose(choice.roles[1]?.roleId ?? '');
  try {
    assert.deepEqual(session.claims.amr, ['hwk', 'fpt']);
    assert.equal(session.claims.authentication_assurance_level, '3');
    assert.equal(session.role.roleCode, 'R8003');
    await assert.rejects(session.beginFidoEnrolment(), refusedWith('card-required'), 'a key cannot vouch for another key');
  } finally {
    await session.logout();
  }
});

test('a replayed assertion is refused', async () => {
  const { flow, response } = await fidoSignIn();
  const session = await (await flow.complete(response)).choose('555000000001-01');
  await session.logout();
  const again = await client.beginFidoSignIn();
  await assert.rejects(again.complete(response), refusedWith('replayed-nonce'));
});

test('a signature counter that goes backwards is refused (cloned key)', async () => {
  const [registered] = await cardSession.fidoCredentials();
  assert.ok(registered);
  idp.fidoCredentials.updateCounter(registered.id, 1_000_000);
  const { flow, response } = await fidoSignIn();
  await assert.rejects(flow.complete(response), refusedWith('fido-failed'));
});

test('a removed key no longer signs anyone in', async () => {
  const [registered] = await cardSession.fidoCredentials();
  assert.ok(registered);
  await cardSession.removeFidoCredential(registered.id);
  assert.deepEqual(await cardSession.fidoCredentials(), []);
  await assert.rejects(cardSession.removeFidoCredential(registered.id), refusedWith('not-found'));
  const { flow, response } = await fidoSignIn();
  await assert.rejects(flow.complete(response), refusedWith('unknown-credential'));
});
