/** Whose account a form app's sign-in is (main/app/form-account.ts): the policy's username
 * template for the session's person, IT's provisioned account, and the unverified case. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectedUsername, judgeAccount, mayFill, sameUsername, type AccountIdentity } from '../../../main/app/form-account.js';
import { USERNAME_TEMPLATE } from '../../../main/core/policy/schema.js';
import { validatePolicy } from '../../../main/core/policy/validate.js';
import { minimalPolicy } from '../policy/helpers.js';

const patel: AccountIdentity = { userId: '555000000001', name: 'Dr Asha Patel', claims: { preferred_username: 'asha.patel@trust.example', nhsid_nrbac_roles: [] } };
const jones: AccountIdentity = { userId: '555000000002', name: 'Sam Jones', claims: {} };
const TEMPLATE = '{givenInitial}{familyName}';

test('the template gives each demo person their own username', () => {
  assert.equal(expectedUsername(TEMPLATE, patel), 'APatel');
  assert.equal(expectedUsername(TEMPLATE, jones), 'SJones');
  assert.equal(expectedUsername('{userId}', patel), '555000000001');
  assert.equal(expectedUsername('TRUST\\{givenName}.{familyName}', patel), 'TRUST\\Asha.Patel');
  assert.equal(expectedUsername('{claim:preferred_username}', patel), 'asha.patel@trust.example');
});

test('a placeholder with no value for this person gives no username (so nothing is verified)', () => {
  assert.equal(expectedUsername('{claim:preferred_username}', jones), undefined, 'claim absent');
  assert.equal(expectedUsername('{claim:nhsid_nrbac_roles}', patel), undefined, 'claim not a string');
  assert.equal(expectedUsername(TEMPLATE, { ...jones, name: 'Cher' }), undefined, 'one word: no given and family name');
  assert.equal(expectedUsername('{userId}', { ...jones, userId: '' }), undefined);
});

test('every template the schema admits has only placeholders this module knows', () => {
  const pattern = new RegExp(USERNAME_TEMPLATE);
  for (const ok of [TEMPLATE, '{userId}', 'x-{claim:upn}', '{name}', '{givenName}.{familyName}']) assert.ok(pattern.test(ok), ok);
  for (const bad of ['apatel', '', '{surname}', '{claim:}', '{userId', 'a}{userId}', '{{userId}}']) assert.ok(!pattern.test(bad), bad);
  const literal = fc.string({ maxLength: 4 }).map((t) => t.replace(/[{}]/g, ''));
  const known = fc.constantFrom('{userId}', '{name}', '{givenName}', '{givenInitial}', '{familyName}', '{claim:preferred_username}');
  fc.assert(fc.property(fc.array(fc.tuple(literal, known), { minLength: 1, maxLength: 4 }), literal, (parts, tail) => {
    // Whatever the schema admits resolves for a person with every part known.
    const template = parts.map(([text, placeholder]) => text + placeholder).join('') + tail;
    assert.ok(pattern.test(template), template);
    assert.notEqual(expectedUsername(template, patel), undefined, template);
  }));
});

const spaces = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0'), maxLength: 3 });
const username = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@\\-'), minLength: 1, maxLength: 20 });

function flipCase(text: string, flips: boolean[]): string {
  return Array.from(text).map((c, i) => (flips[i % Math.max(flips.length, 1)] ? c.toUpperCase() : c.toLowerCase())).join('');
}

test('the same username in any letter case and with spaces around it is the person\'s own', () => {
  fc.assert(fc.property(username, fc.array(fc.boolean(), { minLength: 1 }), spaces, spaces, (name, flips, before, after) => {
    const typed = `${before}${flipCase(name, flips)}${after}`;
    assert.ok(sameUsername(name, typed));
    assert.deepEqual(judgeAccount({ template: '{claim:u}' }, { ...jones, claims: { u: name } }, typed), { kind: 'verified' });
  }));
});

test('any other username is someone else\'s account, whatever the policy says about unverified offers', () => {
  fc.assert(fc.property(username, username, fc.boolean(), (mine, typed, offerUnverified) => {
    fc.pre(mine.toLowerCase() !== typed.toLowerCase());
    const verdict = judgeAccount({ template: '{claim:u}', offerUnverified }, { ...jones, claims: { u: mine } }, typed);
    assert.deepEqual(verdict, { kind: 'not-yours' });
    assert.equal(mayFill(verdict), false);
  }));
  assert.deepEqual(judgeAccount({ template: TEMPLATE }, jones, 'apatel'), { kind: 'not-yours' }, 'Sam typing Dr Patel\'s account');
  assert.deepEqual(judgeAccount({ template: TEMPLATE }, jones, 's jones'), { kind: 'not-yours' }, 'inner spaces count');
});

test('IT\'s provisioned account ties the username to the person, with or without a template', () => {
  assert.deepEqual(judgeAccount({ provisioned: 'apatel' }, patel, ' APATEL '), { kind: 'verified' });
  assert.deepEqual(judgeAccount({ provisioned: 'apatel', offerUnverified: true }, patel, 'sjones'), { kind: 'not-yours' });
  assert.deepEqual(judgeAccount({ provisioned: 'apatel2', template: TEMPLATE }, patel, 'apatel'), { kind: 'verified' });
});

test('with nothing to check against: unverified only where policy allows it; a template that cannot be worked out fails closed', () => {
  assert.deepEqual(judgeAccount({}, jones, 'sjones'), { kind: 'cannot-check' }, 'default: no unverified offers');
  assert.deepEqual(judgeAccount({ offerUnverified: false }, jones, 'sjones'), { kind: 'cannot-check' });
  assert.deepEqual(judgeAccount({ offerUnverified: true }, jones, 'sjones'), { kind: 'unverified' });
  assert.deepEqual(judgeAccount({ template: '{claim:preferred_username}', offerUnverified: true }, jones, 'sjones'), { kind: 'cannot-check' });
  assert.equal(mayFill({ kind: 'unverified' }), true);
  assert.equal(mayFill({ kind: 'cannot-check' }), false);
});

test('policy takes a form app\'s username template and offerUnverified, and says in words what is wrong with a bad one', () => {
  const withForm = (form: Record<string, unknown>) => ({
    ...minimalPolicy(),
    apps: [{ id: 'rota', name: 'Staff Rota', url: 'https://rota.trust.example/', allowedOrigins: ['https://rota.trust.example'], signIn: 'form',
      form: { loginUrl: 'https://rota.trust.example/login', usernameSelector: '#u', passwordSelector: '#p', submitSelector: '#go', ...form } }],
  });
  const ok = validatePolicy(withForm({ username: TEMPLATE, offerUnverified: true }));
  assert.ok(ok.ok);
  assert.equal(ok.policy.apps[0]?.form?.username, TEMPLATE);
  assert.equal(ok.policy.apps[0]?.form?.offerUnverified, true);
  const bad = validatePolicy(withForm({ username: 'apatel' }));
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems.map((p) => p.path), ['apps[0].form.username']);
  assert.match(bad.problems[0]!.message, /at least one of \{userId\}/);
  assert.ok(!validatePolicy(withForm({ offerUnverified: 'yes' })).ok);
});
