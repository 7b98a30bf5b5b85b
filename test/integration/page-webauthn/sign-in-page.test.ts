/**
 * navigator.credentials on a sign-in page in real Chromium, answered through Lanyard's CTAP client
 * by the virtual key, verified by @simplewebauthn/server on a loopback test provider: the
 * provider's top frame gets a credential for its own origin; another origin, a subframe and a
 * foreign RP ID are refused without touching the key; authorizeInPage ends at the redirect URI
 * (never loaded) with the provider's cookie, and its context is gone afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../identity/chromium.js';
import { virtualKey } from '../../fixtures/fido-rp.js';
import { startTestSite, type TestSite } from '../../fixtures/webauthn-test-site.js';
import { installWebAuthnBridge, type PageCeremony } from '../../../main/host/chromium/webauthn-bridge.js';
import { authorizeInPage, SignInPageError } from '../../../main/host/chromium/authorize-in-page.js';
import { runPageCeremony } from '../../../main/auth/fido/page-ceremony.js';
import { checkPageRequest } from '../../../main/auth/fido/page-request.js';
import { pageCredentialOf } from '../../../main/auth/fido/page-result.js';
import { PageWebAuthnError } from '../../../main/auth/fido/page-errors.js';
import type { FidoKey } from '../../../main/auth/fido/fido-key.js';
import { NO_PUBLIC_SUFFIX_LIST } from '../../../main/auth/fido/public-suffix.js';

let browser: Browser;
let site: TestSite;
let key: FidoKey;
const ceremonies: string[] = [];
const refusals: string[] = [];
const onKey: PageCeremony = (request, signal) => {
  ceremonies.push(`${request.kind} ${request.origin} ${request.rpId}`);
  return runPageCeremony(key.ctap, request, { signal });
};

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), startTestSite()]);
  key = await virtualKey().open();
});
after(async () => {
  await key?.close();
  await browser?.close();
  await site?.close();
});

type PageAnswer = { verified?: boolean; userVerified?: boolean; origin?: string; error?: string };

async function bridgedPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await installWebAuthnBridge(page, {
    allowedOrigins: [site.origin], webauthn: onKey, suffixes: NO_PUBLIC_SUFFIX_LIST,
    onRefused: (e: PageWebAuthnError) => { refusals.push(e.code); },
  });
  return page;
}

const run = (page: Page, op: 'create' | 'get', tweak?: Record<string, unknown>) =>
  page.evaluate(([o, t]) => (globalThis as unknown as { ceremony(op: string, t?: unknown): Promise<unknown> }).ceremony(o, t), [op, tweak] as const) as Promise<PageAnswer>;

test('the provider\'s top frame enrols and signs in; the provider verifies both, with UV, for its own origin', async () => {
  ceremonies.splice(0);
  const page = await bridgedPage();
  try {
    await page.goto(`${site.origin}/page`);
    const created = await run(page, 'create');
    assert.deepEqual(created, { verified: true, userVerified: true, origin: site.origin });
    const got = await run(page, 'get');
    assert.deepEqual(got, { verified: true, userVerified: true, origin: site.origin });
    assert.equal(site.credential?.counter, 1);
    assert.deepEqual(ceremonies.splice(0), [`create ${site.origin} localhost`, `get ${site.origin} localhost`]);
    // What the page holds is a PublicKeyCredential to its own checks too.
    assert.equal(await page.evaluate(`(async () => {
      const o = await (await fetch('/options/get')).json();
      const challenge = Uint8Array.from(atob(o.challenge.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
      const c = await navigator.credentials.get({ publicKey: { challenge } });
      return c instanceof PublicKeyCredential && c.rawId instanceof ArrayBuffer && c.response instanceof AuthenticatorAssertionResponse;
    })()`), true);
    ceremonies.splice(0);
  } finally {
    await page.context().close();
  }
});

test('a page on another origin gets NotAllowedError and the key is never asked', async () => {
  const page = await bridgedPage();
  try {
    await page.goto(`${site.otherOrigin}/page`);
    refusals.splice(0);
    assert.deepEqual(await run(page, 'get'), { error: 'NotAllowedError' });
    assert.deepEqual(await run(page, 'create'), { error: 'NotAllowedError' });
    assert.deepEqual(ceremonies, []);
    assert.deepEqual(refusals.splice(0), ['origin-not-allowed', 'origin-not-allowed']);
  } finally {
    await page.context().close();
  }
});

test('a subframe is refused, even one on the provider\'s own origin, and even calling the binding itself', async () => {
  const page = await bridgedPage();
  try {
    for (const src of [`${site.origin}/page`, `${site.otherOrigin}/page`]) {
      await page.goto(`${site.origin}/framed?src=${encodeURIComponent(src)}`);
      const frame = page.frame({ name: 'inner' });
      assert.ok(frame);
      await frame.waitForLoadState();
      refusals.splice(0);
      const answer = await frame.evaluate(() => (globalThis as unknown as { ceremony(op: string): Promise<unknown> }).ceremony('get')) as PageAnswer;
      assert.deepEqual(answer, { error: 'NotAllowedError' }, src);
      const direct = await frame.evaluate(() => (globalThis as unknown as Record<string, (a: unknown) => Promise<unknown>>).__lanyardWebAuthn!({ op: 'get', publicKey: { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' } }));
      assert.deepEqual(direct, { ok: false, name: 'NotAllowedError', message: 'The operation either timed out or was not allowed.' });
      assert.deepEqual(refusals.splice(0), ['subframe', 'subframe']);
    }
    assert.deepEqual(ceremonies, []);
  } finally {
    await page.context().close();
  }
});

test('an RP ID outside the origin is a SecurityError; malformed options a TypeError', async () => {
  const page = await bridgedPage();
  try {
    await page.goto(`${site.origin}/page`);
    refusals.splice(0);
    assert.deepEqual(await run(page, 'get', { rpId: 'example.com' }), { error: 'SecurityError' });
    assert.deepEqual(await run(page, 'get', { rpId: 'calhost' }), { error: 'SecurityError' });
    assert.deepEqual(await run(page, 'get', { timeout: 'soon' }), { error: 'TypeError' });
    assert.deepEqual(ceremonies, []);
    assert.deepEqual(refusals.splice(0), ['rp-id-mismatch', 'rp-id-mismatch', 'malformed-options']);
  } finally {
    await page.context().close();
  }
});

test('authorizeInPage: the key signs in on the provider\'s page, the redirect is caught, never loaded, and the context closed', async () => {
  if (!site.credential) {
    const create = checkPageRequest({ op: 'create', publicKey: await site.registrationOptions() }, { observedUrl: `${site.origin}/`, allowedOrigins: [site.origin], suffixes: NO_PUBLIC_SUFFIX_LIST });
    assert.equal((await site.verifyRegistration(pageCredentialOf(create, await runPageCeremony(key.ctap, create)))).verified, true);
  }
  const before = site.credential!.counter;
  const redirectUri = `${site.origin}/callback`;
  const contexts = browser.contexts().length;
  const result = await authorizeInPage({
    browser, authorizationUrl: `${site.origin}/authorize?redirect_uri=${encodeURIComponent(redirectUri)}&state=s1`, redirectUri,
    allowedOrigins: [site.origin], webauthn: onKey, suffixes: NO_PUBLIC_SUFFIX_LIST, timeoutMs: 30_000,
  });
  assert.equal(result.callback.origin + result.callback.pathname, redirectUri);
  assert.equal(result.callback.searchParams.get('code'), 'code-for-dr-jones');
  assert.equal(result.callback.searchParams.get('state'), 's1');
  assert.ok(site.credential!.counter > before, "the provider verified a fresh assertion");
  assert.ok(result.cookies.some((c) => c.name === 'provider_session' && c.value === 's3ss10n' && c.url === 'http://localhost/' && c.httpOnly), JSON.stringify(result.cookies));
  assert.ok(!site.requested.includes('/callback'), 'the redirect URI was loaded');
  assert.equal(browser.contexts().length, contexts);
  ceremonies.splice(0);
});

test('authorizeInPage: an abort or the deadline ends it with a typed error and closes the context', async () => {
  const contexts = browser.contexts().length;
  const controller = new AbortController();
  const base = { browser, redirectUri: `${site.origin}/callback`, allowedOrigins: [site.origin], webauthn: onKey, suffixes: NO_PUBLIC_SUFFIX_LIST };
  const aborted = authorizeInPage({ ...base, authorizationUrl: `${site.origin}/wait`, signal: controller.signal, onPage: (p) => void p.once('load', () => controller.abort()) });
  await assert.rejects(aborted, (e: unknown) => e instanceof SignInPageError && e.code === 'aborted');
  // The host's own sign-in browser (as AppModeBrowser is): closed by authorizeInPage, as a context is.
  let closed = 0;
  const hostBrowser = async () => {
    const context = await browser.newContext();
    return { context, openWindow: () => context.newPage(), close: async () => { closed++; await context.close(); } };
  };
  await assert.rejects(authorizeInPage({ ...base, browser: hostBrowser, authorizationUrl: `${site.origin}/wait`, timeoutMs: 300 }),
    (e: unknown) => e instanceof SignInPageError && e.code === 'timeout');
  assert.equal(closed, 1);
  assert.equal(browser.contexts().length, contexts);

  // Cancel while the host's browser is still starting (a Chromium launch takes about a second): it
  // ends at once, not at the deadline, and the browser that finishes starting is closed.
  let release: () => void = () => undefined;
  const starting = new Promise<void>((r) => { release = r; });
  const slowBrowser = async () => { await starting; return hostBrowser(); };
  const early = new AbortController();
  const cancelled = authorizeInPage({ ...base, browser: slowBrowser, authorizationUrl: `${site.origin}/wait`, signal: early.signal, timeoutMs: 60_000 });
  early.abort(new Error('Cancel'));
  await assert.rejects(cancelled, (e: unknown) => e instanceof SignInPageError && e.code === 'aborted');
  release();
  // Polled: the late close happens on its own, after the promise the test holds has settled.
  for (let i = 0; i < 250 && (closed < 2 || browser.contexts().length !== contexts); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed, 2, 'the browser that finished starting after Cancel was closed');
  assert.equal(browser.contexts().length, contexts);
});

test('the page\'s AbortSignal cancels the ceremony on the key; a second call meanwhile is refused as busy', async () => {
  const waiting = await virtualKey({ finger: 'none' }).open(); // nobody touches it
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => { started = resolve; });
  const outcomes: string[] = [];
  let keyError: unknown;
  let cancelled!: () => void;
  const keyCancelled = new Promise<void>((resolve) => { cancelled = resolve; });
  const context = await browser.newContext();
  const page = await context.newPage();
  await installWebAuthnBridge(page, {
    allowedOrigins: [site.origin], suffixes: NO_PUBLIC_SUFFIX_LIST, onRefused: (e) => { outcomes.push(e.code); if (e.code === 'aborted') cancelled(); },
    webauthn: (request, signal) => {
      started();
      return runPageCeremony(waiting.ctap, request, { signal }).catch((e: unknown) => { keyError = e; throw e; });
    },
  });
  try {
    await page.goto(`${site.origin}/page`);
    await page.evaluate(`(() => {
      globalThis.aborter = new AbortController();
      const publicKey = () => ({ challenge: new Uint8Array(32) });
      globalThis.first = navigator.credentials.get({ publicKey: publicKey(), signal: aborter.signal }).then(() => 'resolved', (e) => e.name);
      globalThis.second = () => navigator.credentials.get({ publicKey: publicKey() }).then(() => 'resolved', (e) => e.name);
    })()`);
    await inFlight;
    assert.equal(await page.evaluate('second()'), 'NotAllowedError');
    await page.evaluate('aborter.abort()');
    assert.equal(await page.evaluate('first'), 'AbortError');
    await keyCancelled;
    assert.deepEqual(outcomes, ['busy', 'aborted']);
    // runPageCeremony says 'aborted' only when the key itself answered the CTAPHID CANCEL.
    assert.ok(keyError instanceof PageWebAuthnError && keyError.code === 'aborted', String(keyError));
  } finally {
    await context.close();
    await waiting.close();
  }
});
