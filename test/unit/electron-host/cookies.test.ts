import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromElectronCookie, toElectronCookie } from '../../../main/host/electron/cookies.js';

test('host cookies map to Electron set-details, sameSite included', () => {
  assert.deepEqual(
    toElectronCookie({ name: 'sid', value: 'v', url: 'https://idp.example/', httpOnly: true, secure: true, sameSite: 'None', expires: 2000000000 }),
    { url: 'https://idp.example/', name: 'sid', value: 'v', httpOnly: true, secure: true, sameSite: 'no_restriction', expirationDate: 2000000000 },
  );
  assert.deepEqual(toElectronCookie({ name: 'a', value: 'b', url: 'http://x.example/' }), { url: 'http://x.example/', name: 'a', value: 'b' });
});

test('Electron cookies map back to an absolute URL; session cookies have no expiry', () => {
  assert.deepEqual(
    fromElectronCookie({ name: 'sid', value: 'v', domain: '.idp.example', path: '/op', secure: true, httpOnly: true, sameSite: 'lax', session: true, expirationDate: 5 }),
    { name: 'sid', value: 'v', url: 'https://idp.example/op', httpOnly: true, secure: true, sameSite: 'Lax' },
  );
  assert.equal(fromElectronCookie({ name: 'x', value: 'y', domain: 'a.example', sameSite: 'unspecified', expirationDate: 9 }).expires, 9);
});
