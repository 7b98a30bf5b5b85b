import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../../main/core/policy/validate.js';
import { minimalPolicy } from '../policy/helpers.js';

function withIdp(extra: Record<string, unknown>, authenticators?: Record<string, unknown>): Record<string, unknown> {
  const p = minimalPolicy();
  p['identityProvider'] = { ...(p['identityProvider'] as Record<string, unknown>), ...extra };
  if (authenticators) p['authenticators'] = authenticators;
  return p;
}

function problems(input: Record<string, unknown>): Record<string, string> {
  const result = validatePolicy(input);
  assert.ok(!result.ok, 'policy should be refused');
  return Object.fromEntries(result.problems.map((x) => [x.path, x.message]));
}

test('the profile defaults to reference, claims to CIS2 names', () => {
  const result = validatePolicy(minimalPolicy());
  assert.ok(result.ok);
  assert.equal(result.policy.identityProvider.profile, 'reference');
  assert.deepEqual(result.policy.identityProvider.claims, { userId: 'nhsid_useruid', name: 'name', roles: 'nhsid_nrbac_roles' });
});

test('a standard profile takes its certificate host, acr_values, scopes and claim names', () => {
  const result = validatePolicy(withIdp({
    profile: 'standard', certificateHost: 'certauth.idp.trust.example:8443', acrValues: 'urn:trust:acr:card',
    scopes: 'openid profile email', claims: { userId: 'preferred_username', roles: 'groups' }, cardLoginHint: 'upn',
  }));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  assert.equal(result.policy.identityProvider.certificateHost, 'certauth.idp.trust.example:8443');
  assert.equal(result.policy.identityProvider.cardLoginHint, 'upn');
  assert.deepEqual(result.policy.identityProvider.claims, { userId: 'preferred_username', name: 'name', roles: 'groups' });
});

test('a standard profile that allows smartcards needs a certificate host; with keys only it does not', () => {
  assert.match(problems(withIdp({ profile: 'standard' }))['identityProvider.certificateHost'] ?? '', /required with profile "standard"/);
  assert.ok(validatePolicy(withIdp({ profile: 'standard' }, { smartcard: false, fido: true })).ok);
});

test('standard-only settings under the reference profile are refused, not ignored', () => {
  const byPath = problems(withIdp({ certificateHost: 'certauth.example', scopes: 'openid', cardLoginHint: 'upn' }));
  assert.match(byPath['identityProvider.cardLoginHint'] ?? '', /only with/);
  assert.match(byPath['identityProvider.certificateHost'] ?? '', /only with identityProvider.profile "standard"/);
  assert.match(byPath['identityProvider.scopes'] ?? '', /only with/);
});

test('malformed hosts, scopes and claim names are refused in words', () => {
  const byPath = problems(withIdp({
    profile: 'standard', certificateHost: 'https://certauth.example/path', scopes: 'profile openid', claims: { roles: 'has space' },
  }));
  assert.match(byPath['identityProvider.certificateHost'] ?? '', /host name with an optional port/);
  assert.match(byPath['identityProvider.scopes'] ?? '', /the first one openid/);
  assert.match(byPath['identityProvider.claims.roles'] ?? '', /claim name/);
  assert.equal(problems(withIdp({ profile: 'keycloak' }))['identityProvider.profile'], 'must be one of "reference", "standard"');
  assert.equal(problems(withIdp({ profile: 'standard', certificateHost: 'c.example', cardLoginHint: 'sam' }))['identityProvider.cardLoginHint'], 'must be one of "upn", "email"');
});
