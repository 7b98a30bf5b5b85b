import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../../main/identity/cookie-jar.js';

test('stores host-only cookies per path and sends the matching ones', () => {
  const jar = new CookieJar();
  const idp = new URL('http://127.0.0.1:4000/auth/abc');
  jar.store(idp, ['s=1; path=/; httponly; samesite=lax', 'i=2; path=/interaction/xyz; httponly']);
  assert.equal(jar.header(new URL('http://127.0.0.1:4000/token')), 's=1');
  assert.equal(jar.header(new URL('http://127.0.0.1:4000/interaction/xyz')), 'i=2; s=1');
  assert.equal(jar.header(new URL('http://127.0.0.1:4000/interaction/xyzzy')), 's=1', 'path prefix must end at a slash');
  assert.equal(jar.header(new URL('http://10.0.0.1:4000/')), undefined, 'another host gets nothing');
});

test('expiry, deletion and replacement', () => {
  let now = 1_000_000;
  const jar = new CookieJar(() => now);
  const url = new URL('http://127.0.0.1:4000/');
  jar.store(url, ['a=1; path=/; max-age=10', 'b=1; path=/']);
  jar.store(url, ['b=2; path=/']);
  assert.equal(jar.header(url), 'a=1; b=2');
  now += 11_000;
  assert.equal(jar.header(url), 'b=2');
  jar.store(url, ['b=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  assert.equal(jar.header(url), undefined);
});

test('hands cookies to a browsing partition as HostCookies of the origin that set them', () => {
  const jar = new CookieJar(() => 1_000_000);
  jar.store(new URL('http://127.0.0.1:4000/x'), ['s=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60', 'o=1; Path=/']);
  jar.store(new URL('http://127.0.0.1:5000/'), ['app=1; Path=/']);
  assert.deepEqual(jar.hostCookies('http://127.0.0.1:4000'), [
    { name: 's', value: '1', url: 'http://127.0.0.1:4000/', httpOnly: true, secure: false, sameSite: 'Lax', expires: 1060 },
    { name: 'o', value: '1', url: 'http://127.0.0.1:4000/', httpOnly: false, secure: false },
  ]);
});

test('cookies a browser brings back (no port; Domain cookies as their domain) are kept for the provider origins they reach', () => {
  const jar = new CookieJar();
  const portal = 'https://auth.trust.example:8443';
  const issuer = 'https://auth.trust.example';
  jar.put([
    { name: 'lemonldap', value: 'sso', url: 'https://trust.example/', secure: true, httpOnly: true }, // Domain=trust.example
    { name: 'host', value: 'h', url: 'https://auth.trust.example/', secure: true },
    { name: 'elsewhere', value: 'e', url: 'https://other.example/' },
  ], [portal, issuer]);
  assert.deepEqual(jar.hostCookies(portal).map((c) => c.name).sort(), ['host', 'lemonldap']);
  assert.deepEqual(jar.hostCookies(issuer).map((c) => c.name).sort(), ['host', 'lemonldap']);
  assert.equal(jar.header(new URL(`${portal}/oauth2/logout`)), 'lemonldap=sso; host=h');
  assert.deepEqual(jar.hostCookies('https://other.example').map((c) => c.name), ['elsewhere'], 'a cookie of no provider origin stays its own');
});
