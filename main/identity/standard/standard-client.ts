/**
 * The shell as a client of any OpenID Connect provider (the `standard` profile): discovery,
 * authorization code + PKCE as a native app (RFC 8252, loopback redirect URI caught, never
 * opened), the card proven by TLS client certificate at the provider's certificate endpoint with
 * the key of the very card that was tapped (card-tls.ts), claims read through policy's mapping.
 */
import * as oidc from 'openid-client';
import type { Log } from '../../core/ports/log.js';
import type { CardCredential } from '../../core/ports/card-credential.js';
import { IdentityError } from '../identity-error.js';
import { fromOidcError } from '../oidc-errors.js';
import type { ProviderFetch } from '../provider-http.js';
import type { FidoSignIn, RoleChoice, SmartcardSignIn } from '../types.js';
import { CardTlsClient, type CardTlsOptions } from './card-tls.js';
import { pivAuthenticationKeyUri } from './pkcs11-uri.js';
import { FrontChannel } from './front-channel.js';
import { walkInBrowser, type BrowserCardSignIn } from './browser-card-sign-in.js';
import type { CookieJar } from '../cookie-jar.js';
import { mappedRoles, mappedUser, type ClaimsMapping } from './claims-mapping.js';
import { StandardSignedInSession } from './standard-session.js';

export interface StandardClientOptions {
  issuer: string;
  clientId: string;
  /** host[:port] whose TLS handshake asks for the card's certificate. */
  certificateHost: string;
  scopes?: string;
  acrValues?: string;
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
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
/** The role of a session made only to be ended (a sign-in aborted after the provider answered). */
const NO_ROLE = { roleId: '', roleCode: '', roleName: '', orgCode: '', orgName: '' };

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
      execute: issuer.protocol === 'http:' && LOOPBACK.includes(issuer.hostname) ? [oidc.allowInsecureRequests] : [],
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
      return walkInBrowser(this.opts.browserCardSignIn, {
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
    return [new URL(`https://${this.opts.certificateHost}`).origin, new URL(config.serverMetadata().issuer).origin];
  }

  /** The standard profile has no challenge exchange: the station uses beginCertificateSignIn. */
  beginSmartcardSignIn(): Promise<SmartcardSignIn> {
    return Promise.reject(new IdentityError('idp-protocol', 'this identity provider proves cards by TLS client certificate (beginCertificateSignIn)'));
  }

  /** Security keys sign in on the provider's own WebAuthn page, not through the shell yet. */
  beginFidoSignIn(): Promise<FidoSignIn> {
    return Promise.reject(new IdentityError('idp-protocol', 'security-key sign-in at a standard provider is not available yet'));
  }

  /**
   * One sign-in with the card whose PIN was just verified: a fresh authorization request, the
   * certificate endpoint answered with this card's certificate and key, the code redeemed.
   */
  async beginCertificateSignIn(card: CardCredential, pin: string, signal?: AbortSignal): Promise<RoleChoice> {
    const config = await this.#discover();
    signal?.throwIfAborted();
    const verifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri, scope: this.opts.scopes ?? STANDARD_DEFAULT_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      state: checks.expectedState, nonce: checks.expectedNonce, prompt: 'login',
    };
    if (this.opts.acrValues) params.acr_values = this.opts.acrValues;
    const { callback, jar } = await this.#walk(card, pin, oidc.buildAuthorizationUrl(config, params), signal);
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true });
    } catch (err) {
      signal?.throwIfAborted();
      throw fromOidcError(err, 'redeeming the authorization code', 'certificate-refused');
    }
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    if (signal?.aborted) {
      // Pulled once the provider had a session for this card: the code is still redeemed, so that
      // the session can be ended and the tokens revoked rather than left alive at the provider.
      const orphan = new StandardSignedInSession(config, tokens, { userId: String(claims.sub ?? ''), name: '' }, NO_ROLE, jar,
        this.#sessionOrigins(config), this.log, this.opts.fetch);
      await orphan.logout().catch((err: unknown) => { this.log.warn('could not end the provider session of an aborted sign-in', { error: String(err) }); });
      signal.throwIfAborted();
    }
    const user = mappedUser(claims, this.opts.claims);
    const roles = mappedRoles(claims, this.opts.claims);
    if (!roles.length) {
      await oidc.tokenRevocation(config, tokens.access_token).catch(() => undefined);
      throw new IdentityError('no-roles', `the ID token's ${this.opts.claims.roles} claim names no role`);
    }
    const origins = this.#sessionOrigins(config);
    this.log.info('signed in by certificate', { userId: user.userId, roles: roles.length });
    const sessions = new Map<string, StandardSignedInSession>();
    let abandoned = false;
    const make = (roleId: string): StandardSignedInSession => {
      const role = roles.find((r) => r.roleId === roleId);
      if (!role) throw new IdentityError('unknown-role', `role ${roleId} is not offered`);
      if (abandoned || sessions.size) throw new IdentityError('idp-protocol', 'a role was already chosen for this sign-in');
      const session = new StandardSignedInSession(config, tokens, user, role, jar, origins, this.log, this.opts.fetch);
      sessions.set(roleId, session);
      return session;
    };
    let unused: StandardSignedInSession | undefined = new StandardSignedInSession(config, tokens, user, roles[0]!, jar, origins, this.log, this.opts.fetch);
    return {
      user, roles,
      choose: (roleId) => { const s = make(roleId); unused = undefined; return Promise.resolve(s); },
      // Tokens were redeemed before the role: abandoning revokes them and ends the provider session.
      abandon: async () => {
        abandoned = true;
        const session = [...sessions.values()][0] ?? unused;
        unused = undefined;
        await session?.logout();
      },
    };
  }
}
