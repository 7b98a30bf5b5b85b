/**
 * The shell as a client of any OpenID Connect provider (the `standard` profile): discovery,
 * authorization code + PKCE as a native app (RFC 8252, loopback redirect URI caught, never
 * opened), the card proven by TLS client certificate at the provider's certificate endpoint with
 * the key of the very card that was tapped (card-tls.ts), claims read through policy's mapping.
 */
import * as oidc from 'openid-client';
import type { Log } from '../../core/ports/log.js';
import { isLoopbackHost } from '../../core/policy/url-checks.js';
import type { CardCredential } from '../../core/ports/card-credential.js';
import { IdentityError, type IdentityErrorCode } from '../identity-error.js';
import { fromOidcError } from '../oidc-errors.js';
import type { ProviderFetch } from '../provider-http.js';
import type { FidoSignIn, RoleChoice, SmartcardSignIn } from '../types.js';
import { CardTlsClient, type CardTlsOptions } from './card-tls.js';
import { pivAuthenticationKeyUri } from './pkcs11-uri.js';
import { FrontChannel } from './front-channel.js';
import { walkInBrowser, type BrowserCardSignIn } from './browser-card-sign-in.js';
import { CookieJar } from '../cookie-jar.js';
import { redeemToRoleChoice, type AuthorizationChecks } from './code-redemption.js';
import { cardLoginHint, type CardLoginHint } from './card-login-hint.js';
import type { ClaimsMapping } from './claims-mapping.js';
import type { BrowserCardSignInResult } from '../../core/ports/host.js';

export interface StandardClientOptions {
  issuer: string;
  clientId: string;
  /** host[:port] whose TLS handshake asks for the card's certificate. */
  certificateHost: string;
  scopes?: string;
  acrValues?: string;
  /** login_hint for card sign-ins, from the card certificate (card-login-hint.ts). */
  cardLoginHint?: CardLoginHint;
  claims: ClaimsMapping;
  redirectUri?: string;
  timeoutMs?: number;
  log?: Log;
  /** Requests not made with the card (discovery, tokens, other hosts); default Node's fetch. */
  fetch?: ProviderFetch;
  /** The card middleware and the roots for the provider's TLS server certificate. */
  cardTls?: Pick<CardTlsOptions, 'modulePath' | 'enginesDir' | 'ca' | 'maxVersion'>;
  /** The host's browser engine runs the card's part of the flow (Electron); cardTls is then unused. */
  browserCardSignIn?: BrowserCardSignIn;
}

export const STANDARD_DEFAULT_SCOPES = 'openid profile';
const quietLog: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quietLog; } };

/** The host's page for a key sign-in at the provider (Host.keySignInPage with the person's key). */
export type PageSignIn = (request: { authorizationUrl: string; redirectUri: string; allowedOrigins: string[]; signal: AbortSignal }) => Promise<BrowserCardSignInResult>;

export class StandardIdentityClient {
  #config: Promise<oidc.Configuration> | undefined;
  private readonly log: Log;
  private readonly redirectUri: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: StandardClientOptions) {
    this.log = (opts.log ?? quietLog).child('identity');
    this.redirectUri = opts.redirectUri ?? 'http://127.0.0.1/callback';
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** Discovery (the issuer in the document must be the one policy names: openid-client checks). */
  #discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.opts.issuer);
    this.#config ??= oidc.discovery(issuer, this.opts.clientId, { token_endpoint_auth_method: 'none' }, oidc.None(), {
      timeout: Math.max(1, Math.ceil(this.timeoutMs / 1000)),
      ...(this.opts.fetch ? { [oidc.customFetch]: this.opts.fetch } : {}),
      execute: issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [oidc.allowInsecureRequests] : [],
    }).catch((err: unknown) => {
      this.#config = undefined;
      throw fromOidcError(err, `discovering ${this.opts.issuer}`);
    });
    return this.#config;
  }

  /** From the authorization URL to the redirect URI with the card: in the host's browser engine when
   * it offers that (Electron), otherwise over Lanyard's own TLS client with the card's key. */
  async #walk(card: CardCredential, pin: string, authorizationUrl: URL, signal?: AbortSignal): Promise<{ callback: URL; jar: CookieJar }> {
    if (this.opts.browserCardSignIn) {
      return walkInBrowser(this.opts.browserCardSignIn, [new URL(`https://${this.opts.certificateHost}`).origin, new URL(this.opts.issuer).origin], {
        certificateDer: card.certificateDer, pin, certificateHost: this.opts.certificateHost, authorizationUrl: authorizationUrl.href, redirectUri: this.redirectUri,
      }, this.timeoutMs, signal);
    }
    const tls = await CardTlsClient.open({
      ...this.opts.cardTls, certificateDer: card.certificateDer, keyUri: pivAuthenticationKeyUri(card.cardId, pin), ...(signal ? { signal } : {}),
    });
    const front = new FrontChannel(tls, { certificateHost: this.opts.certificateHost, redirectUri: this.redirectUri, timeoutMs: this.timeoutMs, log: this.log, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) });
    try {
      return { callback: await front.walk(authorizationUrl), jar: front.jar };
    } finally {
      await tls.close();
    }
  }

  /** Where the provider session's cookies live: the certificate endpoint and the issuer. */
  #sessionOrigins(config: oidc.Configuration): string[] {
    // A keys-only policy names no certificate endpoint (validate.ts requires it only with cards).
    const certificate = this.opts.certificateHost ? [new URL(`https://${this.opts.certificateHost}`).origin] : [];
    return [...new Set([...certificate, new URL(config.serverMetadata().issuer).origin])];
  }

  /** The standard profile has no challenge exchange: the station uses beginCertificateSignIn. */
  beginSmartcardSignIn(): Promise<SmartcardSignIn> {
    return Promise.reject(new IdentityError('idp-protocol', 'this identity provider proves cards by TLS client certificate (beginCertificateSignIn)'));
  }

  /** Security keys sign in on the provider's own WebAuthn page (beginPageKeySignIn), not by a challenge. */
  beginFidoSignIn(): Promise<FidoSignIn> {
    return Promise.reject(new IdentityError('idp-protocol', 'this identity provider signs security keys in on its own page (beginPageKeySignIn)'));
  }

  /**
   * One sign-in with the card whose PIN was just verified: a fresh authorization request, the
   * certificate endpoint answered with this card's certificate and key, the code redeemed.
   */
  async beginCertificateSignIn(card: CardCredential, pin: string, signal?: AbortSignal): Promise<RoleChoice> {
    const loginHint = this.opts.cardLoginHint ? cardLoginHint(card.certificateDer, this.opts.cardLoginHint) : undefined;
    const { config, checks, url } = await this.#authorizationRequest(true, signal, loginHint);
    const { callback, jar } = await this.#walk(card, pin, url, signal);
    return this.#redeem(config, checks, callback, jar, 'certificate-refused', 'certificate', signal);
  }

  /**
   * A security-key sign-in on the provider's own login page: `open` shows the authorization URL to
   * the person in a fresh, non-persistent page whose WebAuthn calls reach their key (the host's
   * page and Lanyard's CTAP client), and resolves at the redirect URI with the page's cookies.
   */
  async beginPageKeySignIn(open: PageSignIn, signal?: AbortSignal): Promise<RoleChoice> {
    const { config, checks, url } = await this.#authorizationRequest(false, signal);
    // The provider's pages: its issuer and, when elsewhere (a login host), its authorization endpoint.
    const meta = config.serverMetadata();
    const allowedOrigins = [...new Set([meta.issuer, this.opts.issuer, ...(meta.authorization_endpoint ? [meta.authorization_endpoint] : [])].map((u) => new URL(u).origin))];
    let result;
    try {
      result = await open({ authorizationUrl: url.href, redirectUri: this.redirectUri, allowedOrigins, signal: signal ?? new AbortController().signal });
    } catch (err) {
      signal?.throwIfAborted();
      throw pageFailure(err);
    }
    const jar = new CookieJar();
    jar.put(result.cookies, this.#sessionOrigins(config));
    return this.#redeem(config, checks, result.redirect, jar, 'fido-failed', 'security key', signal);
  }

  /** A fresh authorization request (PKCE, state, nonce, prompt=login); acr_values and login_hint for the card path only. */
  async #authorizationRequest(card: boolean, signal?: AbortSignal, loginHint?: string): Promise<{ config: oidc.Configuration; checks: AuthorizationChecks; url: URL }> {
    const config = await this.#discover();
    signal?.throwIfAborted();
    const verifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri, scope: this.opts.scopes ?? STANDARD_DEFAULT_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      state: checks.expectedState, nonce: checks.expectedNonce, prompt: 'login',
    };
    if (card && this.opts.acrValues) params.acr_values = this.opts.acrValues;
    if (card && loginHint) params.login_hint = loginHint;
    return { config, checks, url: oidc.buildAuthorizationUrl(config, params) };
  }

  #redeem(config: oidc.Configuration, checks: AuthorizationChecks, callback: URL, jar: CookieJar, refused: IdentityErrorCode, method: string, signal?: AbortSignal): Promise<RoleChoice> {
    return redeemToRoleChoice({
      config, checks, callback, jar, refused, method, claims: this.opts.claims, origins: this.#sessionOrigins(config), log: this.log,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}), ...(signal ? { signal } : {}),
    });
  }
}

/** The host's page failures in the identity layer's words: the network and the provider are not the key. */
const PAGE_CODES: Record<string, IdentityErrorCode> = {
  'idp-unreachable': 'idp-unreachable', 'load-failed': 'idp-unreachable', 'idp-timeout': 'idp-timeout', timeout: 'idp-timeout',
  'server-certificate': 'idp-protocol', 'left-provider': 'idp-protocol', busy: 'idp-protocol', 'no-window': 'idp-protocol', 'bad-request': 'idp-protocol',
};

function pageFailure(err: unknown): IdentityError {
  if (err instanceof IdentityError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = `the provider's sign-in page did not finish: ${err instanceof Error ? err.message : String(err)}`;
  if (code === 'page-closed') return new IdentityError('fido-failed', message, { cause: err, userMessage: 'The sign-in page was closed. Choose "Sign in with your security key" to try again.' });
  return new IdentityError(typeof code === 'string' && PAGE_CODES[code] ? PAGE_CODES[code] : 'fido-failed', message, { cause: err });
}
