import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../../main/core/policy/validate.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
export function minimalPolicy(): Record<string, unknown> {
  return {
    version: 1,
    identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
    trustedCardCAs: [PEM],
    apps: [{ id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
  };
}

test('a minimal policy is valid and gets the strict defaults', () => {
  const result = validatePolicy(minimalPolicy());
  assert.ok(result.ok);
  assert.equal(result.policy.session.onCardRemoval, 'lock');
  assert.equal(result.policy.session.pinGraceSeconds, 0);
  assert.equal(result.policy.authenticators.fido, false);
});

test('problems name the JSON path and what is wrong', () => {
  const p = minimalPolicy();
  (p['apps'] as Record<string, unknown>[])[0]!['signIn'] = 'magic';
  (p['apps'] as Record<string, unknown>[])[0]!['allowedOrigins'] = ['ftp://x'];
  p['sesion'] = {};
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  const byPath = Object.fromEntries(result.problems.map((x) => [x.path, x.message]));
  assert.match(byPath['apps[0].signIn'] ?? '', /must be one of "oidc", "form", "none"/);
  assert.match(byPath['apps[0].allowedOrigins[0]'] ?? '', /wrong form/);
  assert.match(byPath['sesion'] ?? '', /not a known setting/);
});

test('wrong types are refused, never coerced', () => {
  const p = minimalPolicy();
  p['session'] = { idleTimeoutSeconds: '600' };
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  assert.deepEqual(result.problems.map((x) => x.path), ['session.idleTimeoutSeconds']);
});

test('cross-field rules: own origin allowed, unique ids, form apps need form settings', () => {
  const p = minimalPolicy();
  const apps = p['apps'] as Record<string, unknown>[];
  apps.push({ ...apps[0], allowedOrigins: ['https://other.example'] });
  apps.push({ id: 'legacy', name: 'Legacy', url: 'https://legacy.example/', allowedOrigins: ['https://legacy.example'], signIn: 'form' });
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  const paths = result.problems.map((x) => x.path);
  assert.ok(paths.includes('apps[2].form'), paths.join());
  const again = validatePolicy({ ...p, apps: apps.slice(0, 2) });
  assert.ok(!again.ok);
  assert.deepEqual(again.problems.map((x) => x.path).sort(), ['apps[1].allowedOrigins', 'apps[1].id']);
});

test('the caller\'s object is not modified by validation defaults', () => {
  const p = minimalPolicy();
  validatePolicy(p);
  assert.equal(p['session'], undefined);
});
