/**
 * A person signed in through a standard OpenID Connect provider: tokens, the provider session
 * cookies for their partition, refresh, and logout (revocation where the provider offers it, then
 * RP-initiated logout with the provider session cookie). Security keys enrol at the provider's
 * own pages, so enrolment here is refused.
 */
import * as oidc from 'openid-client';
import type { HostCookie } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { IdentityError } from '../identity-error.js';
import { revokeTokens } from '../revoke-tokens.js';
import { refreshGrant, type Tokens } from '../refresh-grant.js';
import { nodeFetch, transportError, type ProviderFetch } from '../provider-http.js';
import type { CookieJar } from '../cookie-jar.js';
import type { FidoEnrolment, RegisteredKey, RoleOption, SignedInSession, SignedInUser } from '../types.js';


export class StandardSignedInSession implements SignedInSession {
  #tokens: Tokens;
  #claims: Record<string, unknown>;
  #ended = false;

  constructor(
    private readonly config: oidc.Configuration, tokens: Tokens, readonly user: SignedInUser, readonly role: RoleOption,
    private readonly jar: CookieJar, private readonly origins: string[], private readonly log: Log,
    private readonly fetchImpl: ProviderFetch = nodeFetch,
  ) {
    this.#tokens = tokens;
    this.#claims = { ...(tokens.claims() ?? {}) };
  }

  get claims(): Record<string, unknown> { return { ...this.#claims }; }
  get refreshToken(): string | undefined { return this.#tokens.refresh_token; }

  /** Every cookie the certificate endpoint and the issuer set: the provider session. */
  get providerCookies(): HostCookie[] {
    return [...new Set(this.origins)].flatMap((origin) => this.jar.hostCookies(origin));
  }

  async refresh(): Promise<void> {
    const tokens = await refreshGrant(this.config, this.#tokens, () => this.#ended);
    const claims = tokens.claims();
    if (claims && claims.sub !== this.#claims.sub) throw new IdentityError('idp-protocol', 'refreshed ID token names another person');
    this.#tokens = tokens;
    if (claims) this.#claims = { ...claims };
  }

  async logout(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const failures = this.config.serverMetadata().revocation_endpoint ? await revokeTokens(this.config, this.#tokens) : [];
    if (this.config.serverMetadata().end_session_endpoint) {
      await this.#endProviderSession().catch((err: unknown) => failures.push(transportError(err, 'ending the provider session')));
    }
    this.jar.clear();
    this.log.info('signed out', { userId: this.user.userId, problems: failures.length });
    if (failures[0]) throw failures[0];
  }

  /** RP-initiated logout with the provider session cookie; redirects followed on the provider. */
  async #endProviderSession(): Promise<void> {
    const params: Record<string, string> = { client_id: this.config.clientMetadata().client_id };
    if (this.#tokens.id_token) params.id_token_hint = this.#tokens.id_token;
    let url = oidc.buildEndSessionUrl(this.config, params);
    for (let hop = 0; hop < 5; hop++) {
      const cookie = this.jar.header(url);
      const headers: Record<string, string> = cookie ? { cookie } : {};
      const response = await this.fetchImpl(url.href, { method: 'GET', headers, body: undefined, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      this.jar.store(url, response.headers.getSetCookie());
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (response.status >= 500) throw new IdentityError('idp-unreachable', `logout failed with HTTP ${response.status}`);
      if (!(response.status >= 300 && response.status < 400 && location)) return;
      url = new URL(location, url);
      if (!this.origins.includes(url.origin)) return;
    }
  }

  beginFidoEnrolment(): Promise<FidoEnrolment> {
    return Promise.reject(new IdentityError('enrolment-not-allowed', 'security keys are registered at the identity provider\'s own pages'));
  }

  fidoCredentials(): Promise<RegisteredKey[]> {
    return Promise.resolve([]);
  }

  removeFidoCredential(): Promise<void> {
    return Promise.reject(new IdentityError('enrolment-not-allowed', 'security keys are managed at the identity provider\'s own pages'));
  }
}
