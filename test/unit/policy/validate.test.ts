import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATTERN_SENTENCES, validatePolicy } from '../../../main/core/policy/validate.js';
import { policySchema } from '../../../main/core/policy/schema.js';
import { minimalPolicy } from './helpers.js';

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
  assert.equal(byPath['apps[0].allowedOrigins[0]'], PATTERN_SENTENCES['^https?://[^/\\s]+$']);
  assert.doesNotMatch(byPath['apps[0].allowedOrigins[0]'] ?? '', /\^|\[|\\s/, 'no raw regular expression reaches IT');
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

test('URLs that match the schema pattern but do not parse are reported by path, never thrown', () => {
  const p = minimalPolicy();
  p['identityProvider'] = { issuer: 'https://idp.trust.example:99999', clientId: 'lanyard' };
  const app = (p['apps'] as Record<string, unknown>[])[0]!;
  app['url'] = 'https://[::1/';
  app['allowedOrigins'] = ['https://epr.trust.example', 'https://exa%mple.org'];
  app['signIn'] = 'form';
  app['form'] = { loginUrl: 'http://%zz/login', usernameSelector: '#u', passwordSelector: '#p', submitSelector: '#s' };
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  const byPath = Object.fromEntries(result.problems.map((x) => [x.path, x.message]));
  assert.deepEqual(Object.keys(byPath).sort(), ['apps[0].allowedOrigins[1]', 'apps[0].form.loginUrl', 'apps[0].url', 'identityProvider.issuer']);
  for (const message of Object.values(byPath)) assert.match(message, /is not a URL that can be parsed/);
});

test('an allowed origin must be exactly an origin; an issuer has no query or fragment', () => {
  const p = minimalPolicy();
  p['identityProvider'] = { issuer: 'https://idp.trust.example?tenant=1', clientId: 'lanyard' };
  // Each passes the schema's pattern (no slash, no space) but is not what a browser calls an origin.
  (p['apps'] as Record<string, unknown>[])[0]!['allowedOrigins'] = ['https://epr.trust.example', 'https://EPR.trust.example', 'https://epr.trust.example:443', 'https://epr.trust.example?x', 'https://a\\b.example'];
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  const byPath = Object.fromEntries(result.problems.map((x) => [x.path, x.message]));
  assert.match(byPath['identityProvider.issuer'] ?? '', /no query/);
  assert.match(byPath['apps[0].allowedOrigins[1]'] ?? '', /exactly an origin \(.*as https:\/\/epr\.trust\.example\)/);
  assert.match(byPath['apps[0].allowedOrigins[2]'] ?? '', /exactly an origin/);
  assert.match(byPath['apps[0].allowedOrigins[3]'] ?? '', /exactly an origin/);
  assert.match(byPath['apps[0].allowedOrigins[4]'] ?? '', /exactly an origin/);
  assert.equal(byPath['apps[0].allowedOrigins[0]'], undefined);
});

test('every pattern in the schema has a sentence for IT', () => {
  const patterns: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') patterns.push(value);
      else walk(value);
    }
  };
  walk(policySchema);
  assert.ok(patterns.length >= 5);
  for (const pattern of patterns) assert.ok(PATTERN_SENTENCES[pattern], `no sentence for ${pattern}`);
});

test('an app with no signIn is told only that: not also that form is required', () => {
  const p = minimalPolicy();
  delete (p['apps'] as Record<string, unknown>[])[0]!['signIn'];
  const result = validatePolicy(p);
  assert.ok(!result.ok);
  assert.deepEqual(result.problems, [{ path: 'apps[0].signIn', message: 'is required' }]);
  const form = minimalPolicy();
  (form['apps'] as Record<string, unknown>[])[0]!['signIn'] = 'form';
  const formResult = validatePolicy(form);
  assert.ok(!formResult.ok);
  assert.deepEqual(formResult.problems, [{ path: 'apps[0].form', message: 'is required' }], 'a form app still needs its form settings');
});

test('the identity provider is reached over https, plain http only on this machine (loopback)', () => {
  const withIssuer = (issuer: string) => ({ ...minimalPolicy(), identityProvider: { issuer, clientId: 'lanyard' } });
  for (const issuer of ['http://idp.trust.example', 'http://10.0.0.5:8080/realms/trust', 'http://localhost.trust.example', 'http://128.0.0.1']) {
    const result = validatePolicy(withIssuer(issuer));
    assert.ok(!result.ok, issuer);
    assert.deepEqual(result.problems.map((p) => p.path), ['identityProvider.issuer'], issuer);
    assert.match(result.problems[0]!.message, /^must use https:\/\/ \(plain http:\/\/ is allowed only for a provider on this machine/);
  }
  for (const issuer of ['https://idp.trust.example', 'http://127.0.0.1:8080', 'http://127.4.5.6', 'http://localhost:3000/realms/x', 'http://[::1]:9000']) {
    assert.ok(validatePolicy(withIssuer(issuer)).ok, issuer);
  }
});
