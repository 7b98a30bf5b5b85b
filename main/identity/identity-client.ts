/**
 * The shell as an OIDC client of the identity provider (openid-client 6): authorization code +
 * PKCE as a native app (RFC 8252 loopback redirect URI, caught while following redirects by hand,
 * so no port is opened), the provider's interaction answered over JSON.
 */
import * as oidc from 'openid-client';
import type { Log } from '../core/ports/log.js';
import { isLoopbackHost } from '../core/policy/url-checks.js';
import { parseRoleOptions, rolesFromClaims, userFromClaims } from './claims-reader.js';
import { IdentityError } from './identity-error.js';
import { fromOidcError } from './oidc-errors.js';
import { expectJson, ProviderHttp, type FollowResult, type ProviderFetch } from './provider-http.js';
import { OidcSignedInSession } from './signed-in-session.js';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { CardProofInput, FidoSignIn, RoleChoice, SignedInSession, SmartcardSignIn } from './types.js';

export interface IdentityClientOptions {
  issuer: string;
  clientId: string;
  log?: Log;
  /** Per-request timeout (default 10 s): nothing waits longer on the provider. */
  timeoutMs?: number;
  /** Registered loopback redirect URI (default http://127.0.0.1/callback). */
  redirectUri?: string;
  /** Every request to the provider (discovery, front channel, tokens) goes through this; default Node's fetch. */
  fetch?: ProviderFetch;
}

export const SHELL_SCOPE = 'openid profile nhsperson nationalrbacaccess associatedorgs selectedrole';
/** Asked for only where the provider offers it (the reference provider): the user's vault key. */
export const VAULT_SCOPE = 'lanyard_vault';
const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';

const quietLog: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quietLog; } };

export class IdentityClient {
  #config: oidc.Configuration | undefined;
  #discovering: Promise<oidc.Configuration> | undefined;
  private readonly redirectUri: string;
  private readonly timeoutMs: number;
  private readonly log: Log;

  private constructor(private readonly opts: IdentityClientOptions) {
    this.redirectUri = opts.redirectUri ?? DEFAULT_REDIRECT_URI;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.log = (opts.log ?? quietLog).child('identity');
  }

  /** Discovers the provider now; rejects with IdentityError (idp-unreachable / idp-timeout are retryable). */
  static async create(opts: IdentityClientOptions): Promise<IdentityClient> {
    const client = new IdentityClient(opts);
    await client.#discover();
    return client;
  }

  /** Discovers the provider at the first sign-in (and again after a failed attempt), so the shell
   * can start while the provider is down. */
  static deferred(opts: IdentityClientOptions): IdentityClient {
    return new IdentityClient(opts);
  }

  #discover(): Promise<oidc.Configuration> {
    if (this.#config) return Promise.resolve(this.#config);
    const issuer = new URL(this.opts.issuer);
    this.#discovering ??= oidc.discovery(issuer, this.opts.clientId, { token_endpoint_auth_method: 'none' }, oidc.None(), {
      timeout: Math.max(1, Math.ceil(this.timeoutMs / 1000)),
      ...(this.opts.fetch ? { [oidc.customFetch]: this.opts.fetch } : {}),
      // Plain HTTP only to a loopback provider (demo mode and tests).
      execute: issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [oidc.allowInsecureRequests] : [],
    }).then((config) => { this.#config = config; return config; }, (err: unknown) => {
      this.#discovering = undefined;
      throw fromOidcError(err, `discovering ${this.opts.issuer}`);
    });
    return this.#discovering;
  }

  get issuer(): string {
    return this.#config?.serverMetadata().issuer ?? this.opts.issuer;
  }

  async #startFlow(): Promise<AuthorizationFlow> {
    const config = await this.#discover();
    return AuthorizationFlow.start(config, this.redirectUri, new ProviderHttp(this.timeoutMs, this.log, this.opts.fetch), this.log);
  }

  async beginSmartcardSignIn(): Promise<SmartcardSignIn> {
    const flow = await this.#startFlow();
    const card = flow.method('smartcard');
    const nonce = typeof card.nonce === 'string' ? card.nonce : undefined;
    const challenge = typeof card.challenge === 'string' ? new Uint8Array(Buffer.from(card.challenge, 'base64url')) : undefined;
    const submit = typeof card.submit === 'string' ? card.submit : undefined;
    if (!nonce || !challenge || !submit) throw new IdentityError('idp-protocol', 'smartcard challenge incomplete');
    return {
      challenge,
      complete: (proof: CardProofInput) => flow.submitLogin(submit, {
        nonce,
        certificate: Buffer.from(proof.certificateDer).toString('base64'),
        signature: Buffer.from(proof.signature).toString('base64'),
        algorithm: proof.algorithm,
      }),
    };
  }

  /** Fingerprint key sign-in: the options go to the WebAuthn client, its answer comes back here. */
  async beginFidoSignIn(): Promise<FidoSignIn> {
    const { details, submit } = await this.beginMethod('fido');
    const options = details.options as PublicKeyCredentialRequestOptionsJSON | undefined;
    if (typeof options?.challenge !== 'string') throw new IdentityError('idp-protocol', 'FIDO sign-in options incomplete');
    return { options, complete: (response: AuthenticationResponseJSON) => submit({ response }) };
  }

  /** One sign-in method's step of a fresh authorization request (smartcard, fido). */
  private async beginMethod(name: string): Promise<{ details: Record<string, unknown>; submit(body: Record<string, unknown>): Promise<RoleChoice> }> {
    const flow = await this.#startFlow();
    const details = flow.method(name);
    const submit = typeof details.submit === 'string' ? details.submit : undefined;
    if (!submit) throw new IdentityError('idp-protocol', `${name} sign-in step incomplete`);
    return { details, submit: (body) => flow.submitLogin(submit, body) };
  }
}

/** One authorization request, from the first redirect to the token response. */
class AuthorizationFlow {
  #used = false;

  private constructor(
    private readonly config: oidc.Configuration,
    private readonly redirectUri: string,
    private readonly http: ProviderHttp,
    private readonly log: Log,
    private readonly checks: { pkceCodeVerifier: string; expectedState: string; expectedNonce: string },
    private readonly login: Record<string, unknown>,
  ) {}

  static async start(config: oidc.Configuration, redirectUri: string, http: ProviderHttp, log: Log): Promise<AuthorizationFlow> {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: config.serverMetadata().scopes_supported?.includes(VAULT_SCOPE) ? `${SHELL_SCOPE} ${VAULT_SCOPE}` : SHELL_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      // Always a fresh authentication: the shell's jar is new, but say so explicitly.
      prompt: 'login',
    });
    const first = await http.follow(url, redirectUri);
    if (first.kind !== 'page' || first.body.prompt !== 'login') throw new IdentityError('idp-protocol', 'the identity provider did not ask for a sign-in');
    return new AuthorizationFlow(config, redirectUri, http, log, checks, first.body);
  }

  method(name: string): Record<string, unknown> {
    const methods = this.login.methods as Record<string, unknown> | undefined;
    const method = methods?.[name];
    if (typeof method !== 'object' || method === null) throw new IdentityError('idp-protocol', `the identity provider does not offer ${name} sign-in`);
    return method as Record<string, unknown>;
  }

  async submitLogin(path: string, body: Record<string, unknown>): Promise<RoleChoice> {
    if (this.#used) throw new IdentityError('replayed-nonce', 'this sign-in attempt was already answered');
    this.#used = true;
    const answer = expectJson(await this.http.request('POST', new URL(path, this.config.serverMetadata().issuer), { json: body }));
    return this.#afterStep(answer);
  }

  async #afterStep(answer: Record<string, unknown>): Promise<RoleChoice> {
    if (typeof answer.redirectTo !== 'string') throw new IdentityError('idp-protocol', 'sign-in step answered without a next step');
    const next = await this.http.follow(new URL(answer.redirectTo), this.redirectUri);
    if (next.kind === 'callback') {
      // One role: the provider chose it; the tokens are already due.
      const session = await this.#redeem(next);
      return { user: session.user, roles: rolesFromClaims(session.claims), choose: async (roleId) => {
        if (roleId !== session.role.roleId) throw new IdentityError('unknown-role', `role ${roleId} was not the one selected`);
        return session;
      }, abandon: () => session.logout() };
    }
    if (next.body.prompt !== 'select_role') throw new IdentityError('idp-protocol', `unexpected sign-in step ${String(next.body.prompt)}`);
    const user = next.body.user as Record<string, unknown> | undefined;
    if (typeof user?.userId !== 'string' || typeof user.name !== 'string') throw new IdentityError('idp-protocol', 'role choice without the person');
    const roles = parseRoleOptions(next.body.roles);
    const submit = typeof next.body.submit === 'string' ? next.body.submit : '';
    let chosen = false;
    let redeemed: SignedInSession | undefined;
    return {
      // Before a role is chosen nothing is redeemed; after, the chosen session's tokens are revoked.
      abandon: async () => { chosen = true; await redeemed?.logout(); },
      user: { userId: user.userId, name: user.name },
      roles,
      choose: async (roleId) => {
        if (!roles.some((r) => r.roleId === roleId)) throw new IdentityError('unknown-role', `role ${roleId} is not offered`);
        if (chosen) throw new IdentityError('idp-protocol', 'a role was already chosen for this sign-in');
        chosen = true;
        const answer = expectJson(await this.http.request('POST', new URL(submit, next.url), { json: { roleId } }));
        const done = await this.http.follow(new URL(String(answer.redirectTo)), this.redirectUri);
        if (done.kind !== 'callback') throw new IdentityError('idp-protocol', `unexpected sign-in step after the role: ${String(done.body.prompt)}`);
        const session = await this.#redeem(done);
        redeemed = session;
        if (session.role.roleId !== roleId) throw new IdentityError('idp-protocol', 'the provider selected another role');
        return session;
      },
    };
  }

  async #redeem(callback: Extract<FollowResult, { kind: 'callback' }>): Promise<SignedInSession> {
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(this.config, callback.url, { ...this.checks, idTokenExpected: true });
    } catch (err) {
      throw fromOidcError(err, 'redeeming the authorization code');
    }
    this.http.requests++;
    const session = new OidcSignedInSession(this.config, this.http, tokens, this.log, this.redirectUri);
    userFromClaims(session.claims);
    this.log.info('signed in', { userId: session.user.userId, roleId: session.role.roleId });
    return session;
  }
}
