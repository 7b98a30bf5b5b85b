/**
 * PageKeySignIn (main/app/page-key-sign-in.ts), pure logic with small stand-ins for the key, the
 * identity layer and the host: on Windows the platform's WebAuthn answers the provider's page and
 * the host only observes the credential, so an observed credential must bind the session just as
 * one Lanyard's own ceremony answered with; a page that ends with no credential used binds none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageKeySignIn, type PageKeyEvents } from '../../../main/app/page-key-sign-in.js';
import type { KeySignInPageRequest } from '../../../main/core/ports/host.js';
import type { Log } from '../../../main/core/ports/log.js';
import type { RoleChoice } from '../../../main/app/sign-in-types.js';
import type { TouchResult } from '../../../main/app/touch-sign-in.js';

const log: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => log };
const KEY = '/dev/hidraw3';

/** Runs one sign-in whose host page does `page` with the request, and settles on signedIn or failed. */
async function signIn(page: (request: KeySignInPageRequest, keys: string[]) => void) {
  const plugged = [KEY];
  let abandoned = 0;
  const choice = { abandon: async () => { abandoned += 1; } } as unknown as RoleChoice;
  let ceremonies = 0;
  const outcome = await new Promise<{ signedIn?: TouchResult; failed?: string | undefined }>((resolve) => {
    const events: PageKeyEvents = { signedIn: (result) => resolve({ signedIn: result }), failed: (_m, code) => resolve({ failed: code }), changed() {} };
    const flow = new PageKeySignIn(
      { present: () => plugged, pageCeremony: async () => { ceremonies += 1; return { id: 'bGFueWFyZA' }; } },
      {
        beginPageKeySignIn: async (open, signal) => {
          await open({ authorizationUrl: 'https://idp.example/authorize', redirectUri: 'http://127.0.0.1/cb', allowedOrigins: ['https://idp.example'], signal: signal ?? new AbortController().signal });
          return choice;
        },
      },
      { keySignInPage: async (request) => { page(request, plugged); return { redirect: new URL('http://127.0.0.1/cb?code=c'), cookies: [] }; } },
      events, log);
    flow.start();
  });
  return { outcome, abandoned, ceremonies };
}

test('a credential the platform\'s WebAuthn answered the page with (observed) binds the session', async () => {
  const { outcome, abandoned, ceremonies } = await signIn((request) => request.ceremony.observed?.('d2luZG93cw'));
  assert.equal(outcome.signedIn?.credentialId, 'd2luZG93cw');
  assert.equal(outcome.signedIn?.path, KEY);
  assert.equal(ceremonies, 0, 'Lanyard\'s ceremony did not run');
  assert.equal(abandoned, 0);
});

test('a page that ends with neither a ceremony nor an observation binds nothing and abandons the choice', async () => {
  const { outcome, abandoned } = await signIn(() => undefined);
  assert.equal(outcome.failed, 'no-key-used');
  assert.equal(outcome.signedIn, undefined);
  assert.equal(abandoned, 1);
});

test('the key pulled before the code was redeemed: no session, the choice given back, the person told', async () => {
  const { outcome, abandoned } = await signIn((request, plugged) => { request.ceremony.observed?.('a2V5'); plugged.splice(0); });
  assert.equal(outcome.failed, 'device-removed');
  assert.equal(outcome.signedIn, undefined);
  assert.equal(abandoned, 1);
});

test('keyRemoved for the key the page runs on cancels it; another key\'s removal does not', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => { release = r; });
  let aborted = false;
  const events: PageKeyEvents = { signedIn() {}, failed() {}, changed() {} };
  const flow = new PageKeySignIn(
    { present: () => [KEY], pageCeremony: async () => ({ id: 'eA' }) },
    { beginPageKeySignIn: async (open, signal) => { signal?.addEventListener('abort', () => { aborted = true; release(); }); await held; return await open({ authorizationUrl: 'https://idp.example/a', redirectUri: 'http://127.0.0.1/cb', allowedOrigins: [], signal: signal! }) as never; } },
    { keySignInPage: async () => ({ redirect: new URL('http://127.0.0.1/cb'), cookies: [] }) },
    events, log);
  flow.start();
  assert.equal(flow.running, true);
  flow.keyRemoved('/dev/hidraw9');
  assert.equal(aborted, false);
  flow.keyRemoved(KEY);
  assert.equal(aborted, true);
});
