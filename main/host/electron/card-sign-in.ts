/**
 * Card sign-in at a standard provider's certificate endpoint, the Electron way (issue 14): the
 * provider's pages load in a hidden window on a fresh in-memory partition; when the certificate
 * host asks for a client certificate, `select-client-certificate` (client-certificates.ts asks
 * `choose` here) answers with exactly the tapped card's certificate, and the platform's card
 * middleware makes the TLS signature, its PIN prompt answered once with the PIN typed in Lanyard's
 * pad (`app.setClientCertRequestPasswordHandler`). The sign-in ends when the provider sends the
 * window to the redirect URI (caught, never loaded). Nothing is chosen and no PIN given when no
 * sign-in runs, to any other host, or to any other web contents. One sign-in at a time.
 */
import { randomUUID } from 'node:crypto';
import { app, BrowserWindow, session, type Certificate, type ClientCertRequestParams, type WebContents } from 'electron';
import type { BrowserCardSignInRequest, BrowserCardSignInResult } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { findCardCertificate, normaliseHost, sha256Hex } from './card-certificate.js';
import { CardSignInError, classifyLoadFailure } from './card-sign-in-errors.js';
import type { ClientCertificatePolicy } from './client-certificates.js';
import { fromElectronCookie } from './cookies.js';
import type { GuardRegistry } from './navigation-wiring.js';
import { originForLog, parseProviderUrl, parseUrl } from './origins.js';
import { walkProviderPage } from './provider-page-walk.js';
import type { PermissionAllowList } from './permissions.js';
import { emptySession, hardenSession } from './session-hardening.js';

/** The core port's request (main/core/ports/host.ts), plus origins the provider's pages may pass through. */
export interface CardCertificateSignInRequest extends BrowserCardSignInRequest {
  /** Other origins the provider's pages may pass through (home-realm discovery); default none. */
  providerOrigins?: readonly string[];
}

export type CardCertificateSignInResult = BrowserCardSignInResult;

interface Attempt {
  contents: WebContents;
  cardSha256: string;
  certificateHost: string;
  /** Dropped once given: the middleware gets it once. */
  pin: string | undefined;
  pinAsks: number;
  /** The card's certificate was found among those offered and presented. */
  presented: boolean;
}

export class ElectronCardSignIn implements ClientCertificatePolicy {
  #attempt: Attempt | undefined;

  constructor(private readonly log: Log, private readonly registry: GuardRegistry) {}

  /** Installs the PIN handler (once, at start-up). */
  install(): void {
    app.setClientCertRequestPasswordHandler((params) => Promise.resolve(this.password(params)));
  }

  /** client-certificates.ts: the card's certificate, for the sign-in window's certificate host only. */
  choose(origin: string, offered: readonly Certificate[], contents: WebContents | null): Certificate | undefined {
    const attempt = this.#attempt;
    if (attempt === undefined || contents !== attempt.contents || new URL(origin).host !== attempt.certificateHost) return undefined;
    const chosen = findCardCertificate(offered, attempt.cardSha256);
    if (chosen === undefined) this.log.warn('the tapped card\'s certificate is not among those offered', { origin, offered: offered.length });
    else attempt.presented = true;
    return chosen;
  }

  /** The card middleware asks for the PIN: the typed one, once, for the certificate host. An empty
   * answer is Electron's cancel (ElectronNSSCryptoModuleDelegate: empty password = cancelled). */
  password(params: ClientCertRequestParams): string {
    const attempt = this.#attempt;
    if (attempt === undefined || params.hostname.toLowerCase() !== new URL(`https://${attempt.certificateHost}`).hostname) {
      this.log.warn('card PIN request refused: no card sign-in for that host', { host: params.hostname });
      return '';
    }
    attempt.pinAsks += 1;
    const pin = attempt.pin;
    attempt.pin = undefined;
    // A second ask means the middleware's login failed with the PIN given: never try again.
    if (pin === undefined || params.isRetry) {
      this.log.warn('card PIN asked again: the PIN was refused; not retrying', { host: params.hostname });
      return '';
    }
    return pin;
  }

  async cardCertificateSignIn(request: CardCertificateSignInRequest): Promise<CardCertificateSignInResult> {
    const { signal } = request;
    if (signal.aborted) throw abortError(signal);
    if (this.#attempt !== undefined) throw new CardSignInError('busy', 'another card sign-in is in progress');
    const certificateHost = normaliseHost(request.certificateHost);
    const start = parseProviderUrl(request.authorizationUrl);
    const redirect = parseUrl(request.redirectUri);
    if (certificateHost === undefined || start === undefined || redirect === undefined || request.certificateDer.length === 0 || request.pin === '') {
      throw new CardSignInError('bad-request', 'a card sign-in needs the card certificate, the PIN, the certificate host and provider URLs');
    }
    const partition = `lanyard-auth-${randomUUID()}`; // never "persist:": nothing of it reaches the disk
    const ses = session.fromPartition(partition);
    hardenSession(ses, () => NO_PERMISSIONS, this.log); // the provider's pages get no permission
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        partition, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true,
        allowRunningInsecureContent: false, webviewTag: false, navigateOnDragDrop: false, spellcheck: false, devTools: false,
      },
    });
    const contents = window.webContents;
    const allowed = [start.origin, `https://${certificateHost}`, ...(request.providerOrigins ?? [])];
    this.registry.set(contents, {
      allowedOrigins: allowed,
      onRefused: (url, reason) => this.log.info('sign-in window navigation refused', { reason, origin: originForLog(url) }),
    });
    const attempt: Attempt = { contents, cardSha256: sha256Hex(request.certificateDer), certificateHost, pin: request.pin, pinAsks: 0, presented: false };
    this.#attempt = attempt;
    try {
      const reached = await this.#walk(contents, start, redirect, allowed, attempt, signal);
      const cookies = (await ses.cookies.get({})).map(fromElectronCookie);
      return { redirect: reached, cookies };
    } finally {
      attempt.pin = undefined;
      if (this.#attempt === attempt) this.#attempt = undefined;
      if (!window.isDestroyed()) window.destroy();
      await emptySession(ses).catch((error: unknown) => this.log.warn('sign-in partition not emptied', { error: String(error) }));
    }
  }

  /** Loads the authorization URL and settles on the redirect URI, a failure, or the signal. */
  #walk(contents: WebContents, start: URL, redirect: URL, allowed: readonly string[], attempt: Attempt, signal: AbortSignal): Promise<URL> {
    return walkProviderPage(contents, start, redirect, allowed, signal, {
      aborted: abortError,
      left: (origin) => new CardSignInError('left-provider', `the provider's page went to ${origin}`),
      loadFailed: (errorCode, cause) => {
        // After a refused second PIN ask the handshake fails for that reason, whatever net says; a
        // refusal without the card's certificate ever offered is the middleware's or the CA list's.
        const net = classifyLoadFailure(errorCode);
        const code = attempt.pinAsks > 1 ? 'pin-refused' : net === 'certificate-refused' && !attempt.presented ? 'card-not-offered' : net;
        return new CardSignInError(code, `the provider's sign-in page did not load (${errorCode})`, { cause });
      },
      crashed: () => new CardSignInError('idp-protocol', 'the sign-in page\'s renderer died'),
    });
  }

}

const NO_PERMISSIONS: PermissionAllowList = new Map();

function abortError(signal: AbortSignal): CardSignInError {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  return timedOut
    ? new CardSignInError('idp-timeout', 'the card sign-in took too long', { cause: signal.reason })
    : new CardSignInError('aborted', 'the card sign-in was abandoned', { cause: signal.reason });
}

