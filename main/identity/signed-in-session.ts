/**
 * One person signed in through the shell: their tokens, the provider session cookies for their
 * browsing partition, refresh, and logout (revoke + end the provider session, which makes the
 * provider send back-channel logout to every app that signed in within it).
 */
import * as oidc from 'openid-client';
import type { HostCookie } from '../core/ports/host.js';
import type { Log } from '../core/ports/log.js';
import { selectedRole, userFromClaims } from './claims-reader.js';
import { IdentityError } from './identity-error.js';
import { fromOidcError } from './oidc-errors.js';
import { expectJson, type ProviderHttp } from './provider-http.js';
import { requestEnrolmentToken } from './enrolment-token.js';
import { revokeTokens } from './revoke-tokens.js';
import { refreshGrant, type Tokens } from './refresh-grant.js';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FidoEnrolment, RegisteredKey, RoleOption, SignedInSession, SignedInUser } from './types.js';

const VAULT_KEY_CLAIM = 'lanyard_vault_key';


export class OidcSignedInSession implements SignedInSession {
  #tokens: Tokens;
  #claims: Record<string, unknown>;
  #ended = false;
  #vaultKey: Uint8Array | undefined;
  readonly user: SignedInUser;
  readonly role: RoleOption;

  constructor(
    private readonly config: oidc.Configuration, private readonly http: ProviderHttp, tokens: Tokens, private readonly log: Log,
    private readonly redirectUri: string,
  ) {
    this.#tokens = tokens;
    this.#claims = this.#takeVaultKey(claimsOf(tokens));
    this.user = userFromClaims(this.#claims);
    this.role = selectedRole(this.#claims);
  }

  get claims(): Record<string, unknown> {
    return { ...this.#claims };
  }

  get refreshToken(): string | undefined {
    return this.#tokens.refresh_token;
  }

  get accessTokenLifetimeSeconds(): number | undefined {
    return this.#tokens.expires_in;
  }

  get vaultKey(): Uint8Array | undefined {
    return this.#vaultKey;
  }

  get accessToken(): string {
    return this.#tokens.access_token;
  }

  get providerCookies(): HostCookie[] {
    const issuer = new URL(this.config.serverMetadata().issuer);
    const base = issuer.pathname.endsWith('/') ? issuer.pathname : `${issuer.pathname}/`;
    // The provider session lives at the issuer's path; interaction cookies are scoped deeper and
    // are of no use to a browser.
    return this.http.jar.hostCookies(issuer.origin).filter((c) => new URL(c.url).pathname === base || new URL(c.url).pathname === issuer.pathname);
  }

  async refresh(): Promise<void> {
    const tokens = await refreshGrant(this.config, this.#tokens, () => this.#ended);
    const claims = tokens.id_token ? this.#takeVaultKey(claimsOf(tokens)) : this.#claims;
    if (claims.sub !== this.#claims.sub) throw new IdentityError('idp-protocol', 'refreshed ID token names another person');
    this.#tokens = tokens;
    this.#claims = claims;
    this.log.info('tokens refreshed', { userId: this.user.userId });
  }

  async logout(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const failures = await revokeTokens(this.config, this.#tokens);
    try {
      await this.#endProviderSession();
    } catch (err) {
      failures.push(err instanceof IdentityError ? err : fromOidcError(err, 'ending the provider session'));
    }
    this.http.jar.clear();
    this.log.info('signed out', { userId: this.user.userId, problems: failures.length });
    // Local state is gone either way; the caller learns the provider may still hold a session.
    if (failures[0]) throw failures[0];
  }

  /** The vault key leaves the claims (which are shown and logged about) for its own getter. */
  #takeVaultKey(claims: Record<string, unknown>): Record<string, unknown> {
    const { [VAULT_KEY_CLAIM]: raw, ...rest } = claims;
    const key = typeof raw === 'string' ? Buffer.from(raw, 'base64url') : undefined;
    if (key && key.length >= 32) this.#vaultKey = new Uint8Array(key);
    return rest;
  }

  /** Enrolment and removal run on a short-lived token of their own (enrolment-token.ts). */
  async #enrolmentToken(): Promise<string> {
    if (this.#ended) throw new IdentityError('signed-out', 'session already signed out');
    return requestEnrolmentToken(this.config, this.http, this.redirectUri);
  }

  async beginFidoEnrolment(): Promise<FidoEnrolment> {
    const token = await this.#enrolmentToken();
    const answer = await this.#fido('POST', '/fido/registration/options', token, {});
    const options = answer.options as PublicKeyCredentialCreationOptionsJSON | undefined;
    if (typeof options?.challenge !== 'string') throw new IdentityError('idp-protocol', 'FIDO registration options incomplete');
    return {
      options,
      complete: async (response: RegistrationResponseJSON) => {
        const done = await this.#fido('POST', '/fido/registration/verify', token, { response });
        if (typeof done.credentialId !== 'string') throw new IdentityError('idp-protocol', 'FIDO registration answered without a credential');
        this.log.info('security key registered', { userId: this.user.userId });
        return done.credentialId;
      },
    };
  }

  async fidoCredentials(): Promise<RegisteredKey[]> {
    const answer = await this.#fido('GET', '/fido/credentials', this.#tokens.access_token);
    return Array.isArray(answer.credentials) ? answer.credentials as RegisteredKey[] : [];
  }

  async removeFidoCredential(id: string): Promise<void> {
    await this.#fido('DELETE', `/fido/credentials/${encodeURIComponent(id)}`, await this.#enrolmentToken());
  }

  /** The provider's FIDO enrolment routes, authorised by `accessToken`. */
  async #fido(method: 'GET' | 'POST' | 'DELETE', path: string, accessToken: string, body?: unknown): Promise<Record<string, unknown>> {
    if (this.#ended) throw new IdentityError('signed-out', 'session already signed out');
    const url = new URL(path, this.config.serverMetadata().issuer);
    const answer = await this.http.request(method, url, body === undefined ? undefined : { json: body }, { authorization: `Bearer ${accessToken}` });
    if (answer.status === 204) return {};
    return expectJson(answer);
  }

  /** RP-initiated logout: the provider answers with its confirmation form; confirming for every
   * client (logout=yes) ends the session and sends back-channel logout to the apps. */
  async #endProviderSession(): Promise<void> {
    const params: Record<string, string> = { client_id: this.config.clientMetadata().client_id };
    if (this.#tokens.id_token) params.id_token_hint = this.#tokens.id_token;
    const start = oidc.buildEndSessionUrl(this.config, params);
    const form = expectJson(await this.http.request('GET', start));
    const action = typeof form.action === 'string' ? form.action : undefined;
    const xsrf = typeof form.xsrf === 'string' ? form.xsrf : undefined;
    if (!action || !xsrf) throw new IdentityError('idp-protocol', 'logout confirmation lacks its form');
    let answer = await this.http.request('POST', new URL(action, start), { form: { xsrf, logout: 'yes' } });
    for (let hop = 0; hop < 5 && answer.status >= 300 && answer.status < 400 && answer.location; hop++) {
      answer = await this.http.request('GET', answer.location);
    }
    expectJson(answer);
  }
}

function claimsOf(tokens: Tokens): Record<string, unknown> {
  const claims = tokens.claims();
  if (!claims) throw new IdentityError('idp-protocol', 'token response has no ID token');
  return { ...claims };
}
