/**
 * The standard profile's security-key sign-in on the Electron host (issue 14 item 3): the
 * provider's own login page in a WebContentsView on a fresh in-memory partition
 * (`lanyard-auth-<uuid>`, emptied after: nothing of one person's sign-in reaches the next), shown
 * in the app area above any app, until the provider sends it to the redirect URI (caught, never
 * loaded). Resolves that URL and the provider's cookies. The view is closed and the partition
 * emptied however it ends: redirect, the signal, a crash, the page closing, a load failure, a
 * navigation off the provider, or the overall deadline.
 *
 * WebAuthn: on Windows Electron's own implementation answers the page (Windows Hello and security
 * keys through webauthn.dll), so `request.ceremony.run` is not used there: the view gets
 * preload/webauthn-observe.ts, which reports the credential the platform answered with, and
 * page-webauthn-observed-ipc.ts hands an assertion's credential ID to `request.ceremony.observed`
 * (the top frame on `allowedOrigins` only). Elsewhere Electron has no authenticator of its own: the
 * view gets preload/webauthn.ts, whose calls reach the station's ceremony through
 * page-webauthn-ipc.ts, for the view's top frame on `allowedOrigins` only.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { session, WebContentsView, type BaseWindow } from 'electron';
import type { BrowserCardSignInResult, KeySignInPageRequest } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import type { CeremonyResult } from '../../auth/fido/page-result.js';
import type { PublicSuffixes } from '../../auth/fido/public-suffix.js';
import { fromElectronCookie } from './cookies.js';
import { KeySignInPageError, loadFailureCode } from './key-sign-in-page-errors.js';
import { appViewBounds } from './layout.js';
import type { GuardRegistry } from './navigation-wiring.js';
import { normaliseOrigins, originForLog, parseProviderUrl, parseUrl } from './origins.js';
import { walkProviderPage } from './provider-page-walk.js';
import { registerPageWebAuthn } from './page-webauthn-ipc.js';
import { registerPageWebAuthnObserver } from './page-webauthn-observed-ipc.js';
import { emptySession, hardenSession } from './session-hardening.js';

export interface KeySignInPagesOptions {
  log: Log;
  registry: GuardRegistry;
  /** dist/preload/webauthn.cjs; on Windows webauthn-observe.cjs beside it is used instead. */
  preloadPath: string;
  /** The shell window the page is shown in, while it is open. */
  window(): BaseWindow | undefined;
  /** Default process.platform: 'win32' leaves WebAuthn to Electron's platform implementation, observed. */
  platform?: NodeJS.Platform;
  /** Whole sign-in, the person's typing included. Default 5 minutes. */
  timeoutMs?: number;
  suffixes?: PublicSuffixes;
}

export const KEY_SIGN_IN_TIMEOUT_MS = 300_000;


/** Windows: the preload that observes Electron's platform WebAuthn, beside `preloadPath`. */
const OBSERVING_PRELOAD = 'webauthn-observe.cjs';

export class ElectronKeySignInPages {
  #view: WebContentsView | undefined;
  /** Settles once the open sign-in's teardown is done. */
  #ended: Promise<void> | undefined;

  constructor(private readonly options: KeySignInPagesOptions) {}

  /** Lays the open page out over the app area (the shell window was resized). */
  layout(): void {
    const view = this.#view;
    const window = this.options.window();
    if (view === undefined || window === undefined || view.webContents.isDestroyed()) return;
    const [width = 0, height = 0] = window.getContentSize();
    view.setBounds(appViewBounds({ width, height }));
  }

  /** Puts the open page back on top (the shell window was opened again). */
  reattach(): void {
    const view = this.#view;
    const window = this.options.window();
    if (view === undefined || window === undefined) return;
    window.contentView.addChildView(view);
    this.layout();
  }

  /** Ends an open sign-in as page-closed (the host is closing); resolves once it is torn down. */
  async close(): Promise<void> {
    const contents = this.#view?.webContents;
    if (contents !== undefined && !contents.isDestroyed()) contents.close();
    await this.#ended;
  }

  async show(request: KeySignInPageRequest): Promise<BrowserCardSignInResult> {
    const { signal } = request;
    if (signal.aborted) throw abortError(signal);
    if (this.#view !== undefined) throw new KeySignInPageError('busy', 'another key sign-in page is open');
    const start = parseProviderUrl(request.authorizationUrl);
    const redirect = parseUrl(request.redirectUri);
    const keyOrigins = [...normaliseOrigins(request.allowedOrigins)];
    if (start === undefined || redirect === undefined || keyOrigins.length === 0) {
      throw new KeySignInPageError('bad-request', 'a key sign-in needs an https authorization URL, a redirect URI and the provider\'s origins');
    }
    const window = this.options.window();
    if (window === undefined) throw new KeySignInPageError('no-window', 'the Lanyard window is not open');
    const bridged = (this.options.platform ?? process.platform) !== 'win32';
    const partition = `lanyard-auth-${randomUUID()}`; // never "persist:": nothing of it reaches the disk
    const ses = session.fromPartition(partition);
    hardenSession(ses, () => new Map(), this.options.log); // the provider's page gets no permission
    const view = new WebContentsView({
      webPreferences: {
        partition, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true,
        allowRunningInsecureContent: false, webviewTag: false, navigateOnDragDrop: false, spellcheck: false, devTools: false,
        // The bridge's preload in every frame, so a subframe's call is refused by main, not answered natively.
        ...(bridged ? { preload: this.options.preloadPath, nodeIntegrationInSubFrames: true }
          : { preload: path.join(path.dirname(this.options.preloadPath), OBSERVING_PRELOAD), nodeIntegrationInSubFrames: false }),
      },
    });
    const contents = view.webContents;
    const pageOrigins = [...new Set([start.origin, ...keyOrigins])];
    this.options.registry.set(contents, {
      allowedOrigins: pageOrigins,
      onRefused: (url, reason) => this.options.log.info('key sign-in page navigation refused', { reason, origin: originForLog(url) }),
    });
    const local = new AbortController();
    const unbridge = bridged ? registerPageWebAuthn({
      contents, allowedOrigins: keyOrigins, signal: local.signal, ...(this.options.suffixes ? { suffixes: this.options.suffixes } : {}),
      // The host checked the call (top frame, provider origin, RP ID) before the station's key runs it.
      ceremony: (checked, ceremonySignal) => request.ceremony.run(checked, ceremonySignal) as Promise<CeremonyResult>,
      onRefused: (error, frameUrl) => this.options.log.warn('key sign-in page WebAuthn refused', { code: error.code, origin: originForLog(frameUrl) }),
    }) : registerPageWebAuthnObserver({
      contents, allowedOrigins: keyOrigins, signal: local.signal,
      observed: (credentialId) => request.ceremony.observed?.(credentialId),
      onIgnored: (reason, frameUrl) => this.options.log.warn('key sign-in page WebAuthn observation ignored', { reason, origin: originForLog(frameUrl) }),
    });
    this.#view = view;
    let ended!: () => void;
    this.#ended = new Promise((resolve) => { ended = resolve; });
    try {
      window.contentView.addChildView(view);
      this.layout();
      view.setVisible(true);
      const reached = await walk(contents, start, redirect, pageOrigins, signal, this.options.timeoutMs ?? KEY_SIGN_IN_TIMEOUT_MS);
      const cookies = (await ses.cookies.get({})).map(fromElectronCookie);
      return { redirect: reached, cookies };
    } finally {
      local.abort(new KeySignInPageError('aborted', 'the sign-in page closed'));
      unbridge();
      // The window it was shown in, unless that went first (a destroyed window's views go with it).
      if (!window.isDestroyed() && window.contentView.children.includes(view)) window.contentView.removeChildView(view);
      if (!contents.isDestroyed()) contents.close();
      await emptySession(ses).catch((error: unknown) => this.options.log.warn('key sign-in partition not emptied', { error: String(error) }));
      if (this.#view === view) this.#view = undefined;
      ended();
    }
  }
}

type Contents = WebContentsView['webContents'];

/** Loads the authorization URL and settles on the redirect URI, a failure, the signal or the deadline. */
function walk(contents: Contents, start: URL, redirect: URL, allowed: readonly string[], signal: AbortSignal, timeoutMs: number): Promise<URL> {
  return walkProviderPage(contents, start, redirect, allowed, signal, {
    aborted: abortError,
    left: (origin) => new KeySignInPageError('left-provider', `the provider's page went to ${origin}`),
    loadFailed: (errorCode, cause) => new KeySignInPageError(loadFailureCode(errorCode), `the provider's sign-in page did not load (${errorCode})`, { cause }),
    crashed: () => new KeySignInPageError('page-crashed', 'the sign-in page\'s renderer died'),
    closed: () => new KeySignInPageError('page-closed', 'the sign-in page was closed'),
    timeout: { ms: timeoutMs, error: () => new KeySignInPageError('timeout', `no redirect within ${timeoutMs} ms`) },
  });
}

function abortError(signal: AbortSignal): KeySignInPageError {
  return new KeySignInPageError('aborted', 'the key sign-in was cancelled', { cause: signal.reason });
}

