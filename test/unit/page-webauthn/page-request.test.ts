/**
 * Page calls → checked requests → the virtual key → page credential JSON, verified by
 * @simplewebauthn/server against the origin Lanyard observed (not one the page could name).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPageRequest, type PageRequestContext } from '../../../main/auth/fido/page-request.js';
import { runPageCeremony } from '../../../main/auth/fido/page-ceremony.js';
import { pageCredentialOf } from '../../../main/auth/fido/page-result.js';
import { PageWebAuthnError } from '../../../main/auth/fido/page-errors.js';
import { NO_PUBLIC_SUFFIX_LIST } from '../../../main/auth/fido/public-suffix.js';
import { ORIGIN, RP_ID, TestRelyingParty, virtualKey } from '../../fixtures/fido-rp.js';

const context: PageRequestContext = { observedUrl: `${ORIGIN}/login?step=2`, allowedOrigins: [ORIGIN], suffixes: NO_PUBLIC_SUFFIX_LIST };

function refusal(fn: () => unknown): PageWebAuthnError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PageWebAuthnError);
    return e;
  }
  assert.fail('not refused');
}

test('create then get through checked page requests: the relying party verifies both for the observed origin', async () => {
  const rig = virtualKey();
  const key = await rig.open();
  try {
    const rp = new TestRelyingParty();
    const create = checkPageRequest({ op: 'create', publicKey: await rp.registrationOptions() }, context);
    assert.deepEqual(create.clientData, { type: 'webauthn.create', challenge: create.options.challenge, origin: ORIGIN });
    const registered = pageCredentialOf(create, await runPageCeremony(key.ctap, create));
    assert.equal(registered.kind, 'create');
    const { clientDataJSON, attestationObject } = registered.response;
    const reg = await rp.verifyRegistration({ ...registered, response: { clientDataJSON, attestationObject: attestationObject! } });
    assert.equal(reg.verified, true);
    assert.equal(reg.registrationInfo?.userVerified, true);

    const get = checkPageRequest({ op: 'get', publicKey: await rp.authenticationOptions() }, context);
    assert.equal(get.rpId, RP_ID);
    const asserted = pageCredentialOf(get, await runPageCeremony(key.ctap, get));
    const auth = await rp.verifyAuthentication({ ...asserted, response: { ...asserted.response, signature: asserted.response.signature! } });
    assert.equal(auth.verified, true);
    assert.equal(auth.authenticationInfo.userVerified, true);
  } finally {
    await key.close();
  }
});

test('refusals: another origin, an insecure one, a foreign RP ID, malformed options, no ES256', () => {
  const get = { op: 'get', publicKey: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rpId: RP_ID } };
  assert.equal(refusal(() => checkPageRequest(get, { ...context, observedUrl: 'https://evil.example/login' })).code, 'origin-not-allowed');
  assert.equal(refusal(() => checkPageRequest(get, { ...context, observedUrl: 'http://idp.example/login', allowedOrigins: ['http://idp.example'] })).code, 'insecure-origin');
  const foreign = refusal(() => checkPageRequest({ op: 'get', publicKey: { challenge: 'AAAA', rpId: 'evil.example' } }, context));
  assert.equal(foreign.code, 'rp-id-mismatch');
  assert.equal(foreign.domName, 'SecurityError');
  for (const bad of [null, { op: 'get' }, { op: 'steal', publicKey: {} }, { op: 'get', publicKey: { challenge: 'not base64!' } },
    { op: 'get', publicKey: { challenge: '' } }, { op: 'get', publicKey: { challenge: 'AAAA', allowCredentials: [{ type: 'public-key', id: 7 }] } },
    { op: 'create', publicKey: { challenge: 'AAAA', rp: { name: 'x' }, user: { id: '', name: 'a', displayName: 'a' }, pubKeyCredParams: [] } }]) {
    const e = refusal(() => checkPageRequest(bad, context));
    assert.equal(e.code, 'malformed-options', JSON.stringify(bad));
    assert.equal(e.domName, 'TypeError');
  }
  const rs256Only = { op: 'create', publicKey: { challenge: 'AAAA', rp: { name: 'x' }, user: { id: 'AQ', name: 'a', displayName: 'a' }, pubKeyCredParams: [{ type: 'public-key', alg: -257 }] } };
  assert.equal(refusal(() => checkPageRequest(rs256Only, context)).code, 'unsupported-algorithm');
});

test('the origin is checked before the options: a foreign page learns nothing from its malformed options', () => {
  assert.equal(refusal(() => checkPageRequest({ op: 'nonsense' }, { ...context, observedUrl: 'https://evil.example/' })).code, 'origin-not-allowed');
});

test('a result whose clientDataJSON is not the one Lanyard meant is not handed to the page', () => {
  const request = checkPageRequest({ op: 'get', publicKey: { challenge: 'AAAA' } }, context);
  const clientData = (origin: string) => Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'AAAA', origin })).toString('base64url');
  const result = (origin: string) => ({
    id: 'AQ', rawId: 'AQ', type: 'public-key' as const, clientExtensionResults: {},
    response: { clientDataJSON: clientData(origin), authenticatorData: 'AA', signature: 'AA' },
  });
  assert.equal(pageCredentialOf(request, result(ORIGIN)).response.signature, 'AA');
  assert.equal(refusal(() => pageCredentialOf(request, result('https://evil.example'))).code, 'ceremony-failed');
});
