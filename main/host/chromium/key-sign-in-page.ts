/**
 * The standard profile's security-key sign-in on the Chromium host: the provider's own login page
 * in a Chromium process of its own (a fresh profile, deleted after: nothing of one person's sign-in
 * reaches the next), shown in the app area, its navigator.credentials bridged to the person's key
 * (authorize-in-page.ts, webauthn-bridge.ts). Resolves at the redirect URI with the provider's cookies.
 */
import type { Page } from 'playwright-core';
import type { BrowserCardSignInResult, KeySignInPageRequest } from '../../core/ports/host.js';
import type { CeremonyResult } from '../../auth/fido/page-result.js';
import { authorizeInPage, type SignInBrowser } from './authorize-in-page.js';

export class KeySignInPages {
  #open: Page | undefined;

  constructor(private readonly launch: () => Promise<SignInBrowser>, private readonly place: (page: Page) => Promise<void>) {}

  /** The provider's page while one is open (tests act as the person on it). */
  get open(): Page | undefined { return this.#open; }

  /** Ends an open sign-in page and waits until its browser is gone (the host is closing). */
  async close(): Promise<void> {
    const running = [...this.#running];
    for (const r of running) r.stop.abort(new Error('the host is closing'));
    await Promise.all(running.map((r) => r.done.catch(() => undefined)));
  }

  readonly #running = new Set<{ stop: AbortController; done: Promise<unknown> }>();

  async show(request: KeySignInPageRequest): Promise<BrowserCardSignInResult> {
    const stop = new AbortController();
    const done = this.#show(request, AbortSignal.any([request.signal, stop.signal]));
    const entry = { stop, done };
    this.#running.add(entry);
    try {
      return await done;
    } finally {
      this.#running.delete(entry);
    }
  }

  async #show(request: KeySignInPageRequest, signal: AbortSignal): Promise<BrowserCardSignInResult> {
    const { callback, cookies } = await authorizeInPage({
      browser: this.launch, authorizationUrl: request.authorizationUrl, redirectUri: request.redirectUri, allowedOrigins: request.allowedOrigins,
      // The host checked the call (top frame, provider origin, RP ID) before the station's key runs it.
      webauthn: (checked, signal) => request.ceremony.run(checked, signal) as Promise<CeremonyResult>,
      signal,
      onPage: async (page) => {
        this.#open = page;
        page.once('close', () => { if (this.#open === page) this.#open = undefined; });
        await this.place(page);
      },
    });
    return { redirect: callback, cookies };
  }
}
