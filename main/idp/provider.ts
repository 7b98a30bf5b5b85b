/**
 * The reference identity provider: oidc-provider on loopback, smartcard (and later FIDO) sign-in
 * through our own interaction routes, role selection kept with the provider session, CIS2-style
 * claims, refresh tokens, revocation, RP-initiated and back-channel logout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { interactionPolicy, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Log } from '../core/ports/log.js';
import { CardVerifier } from './card-verifier.js';
import { ChallengeStore } from './challenge-store.js';
import { ACR_AAL3, buildClaims, SCOPE_CLAIMS } from './claims.js';
import { DirectoryIndex, loadDirectory, parseDirectory, type Directory } from './directory.js';
import { closeServer, escapeHtml, listen, page } from './http-util.js';
import { startCertauthListener, type CertauthListener } from './certauth/certauth-listener.js';
import { CERTAUTH_ACR, serveLoginScript, standardLoginRoutes } from './login-page/standard-login.js';
import { CLIENT_ROLE_CHOICE, handleInteraction, interactionPath, type InteractionDeps } from './interactions.js';
import { FidoCredentialStore } from './fido/credential-store.js';
import { fidoEnrolmentRoutes } from './fido/enrolment-routes.js';
import { ENROLMENT_SCOPE, ENROLMENT_TOKEN_TTL_S, resolveEnrolmentPolicy, type FidoEnrolmentPolicy } from './fido/enrolment-policy.js';
import { fidoSignIn } from './fido/fido-sign-in.js';
import { webAuthnRpFor } from './fido/webauthn-config.js';
import { memoryAdapterFactory } from './memory-adapter.js';
import { nullLog } from './null-log.js';
import { RoleStore } from './role-store.js';
import { fhircastScopes } from '../context/events.js';
import { contextTokenResponse, type ProviderContextOptions } from './context-launch.js';
import { VAULT_KEY_CLAIM, VAULT_SCOPE, vaultKeyFor, type VaultKeyOptions } from './vault-key.js';

export interface IdentityProviderOptions {
  /** The user list, or the path of a directory JSON file (docs/identity.md). */
  directory: Directory | string;
  /** PEM certificates of the CAs that issue staff cards. */
  trustedCaPems: string[];
  /** PEM CRLs, each signed by one of the trusted CAs. */
  crlPems?: string[];
  /** Start even when a trusted card CA has no CRL, accepting its cards without a revocation check.
   * Off by default: such a CA stops the provider (docs/security.md). */
  allowCasWithoutRevocation?: boolean;
  /** Trusted card CAs (PEM) whose cards name an OCSP responder: checked by OCSP, no CRL needed. */
  ocspCaPems?: string[];
  /** How long an OCSP responder may take (default 3000 ms) before the sign-in is refused. */
  ocspTimeoutMs?: number;
  /** Client registrations (OIDC Dynamic Client Registration metadata names). */
  clients: ClientMetadata[];
  /** 0 or absent: an ephemeral port on 127.0.0.1. */
  port?: number;
  log?: Log;
  /** How long a sign-in challenge may be answered (default 60 s). */
  challengeTtlSeconds?: number;
  /** Registered FIDO2 credentials (default: a new, empty store). */
  fidoCredentials?: FidoCredentialStore;
  /** Who may enrol security keys and which models (docs/security.md). Absent: no key can be enrolled. */
  fidoEnrolment?: FidoEnrolmentPolicy;
  /** Demo mode and tests: permits the demo-only options (FIDO `allowUnattested`). */
  demo?: boolean;
  /** Milliseconds since the epoch for the enrolment window (tests move it; default Date.now). */
  clock?: () => number;
  /** Patient context (FHIRcast): launch context in app tokens, introspection for the hub (docs/context.md). */
  context?: ProviderContextOptions;
  /** Per-user vault keys for the shell's remembered sign-ins (vault-key.ts). Absent: none released. */
  vaultKeys?: VaultKeyOptions;
  /** Lifetime of everyday access tokens (default 600 s; tests make it short to exercise refresh). */
  accessTokenTtlSeconds?: number;
  /** The certificate endpoint for the standard profile's card sign-in (certauth/): a second HTTPS
   * listener that asks for a client certificate. Absent: no certauth listener. */
  certauth?: { port?: number };
}

/** What a standard-profile client needs to sign a card in at the certauth listener. */
export interface RunningCertauth {
  /** host:port: policy's `certificateHost`. */
  certificateHost: string;
  origin: string;
  /** PEM of the CA of the listener's TLS server certificate (the client trusts it). */
  serverCaPem: string;
  /** acr_values that sends the authorization straight to the certificate endpoint. */
  acrValues: string;
}

export interface RunningIdentityProvider {
  issuer: string;
  port: number;
  fidoCredentials: FidoCredentialStore;
  certauth?: RunningCertauth;
  close(): Promise<void>;
}

/** Cookie names unique to the provider: cookies on 127.0.0.1 are shared by every port. */
export const PROVIDER_COOKIES = { session: 'lanyard_idp_session', interaction: 'lanyard_idp_interaction', resume: 'lanyard_idp_resume' } as const;

const SESSION_TTL_S = 10 * 60 * 60;

function signingKeys() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] };
}

function rolePolicy(index: DirectoryIndex, roles: RoleStore) {
  const { Prompt, Check, base } = interactionPolicy;
  const policy = base();
  // Every registered client is the trust's own (first party): the shell, a native app, is not
  // asked for consent either (oidc-provider asks native clients by default).
  policy.get('consent')?.checks.remove('native_client_prompt');
  policy.add(new Prompt({ name: 'select_role', requestable: false },
    new Check('role_not_selected', 'the person holds several roles and has not chosen one', 'interaction_required', (ctx) => {
      const session = ctx.oidc.session;
      if (!session?.accountId) return Check.NO_NEED_TO_PROMPT;
      const user = index.user(session.accountId);
      if (!user || user.roles.length <= 1) return Check.NO_NEED_TO_PROMPT;
      // The login that just finished says who chooses the role (interactions.ts finishLogin).
      const result = ctx.oidc.result as Record<string, unknown> | undefined;
      if (result?.login && result[CLIENT_ROLE_CHOICE] === true) roles.setClientChoice(session.uid, session.accountId);
      else if (result?.login && roles.clientChooses(session.uid, session.accountId)) roles.delete(session.uid);
      if (roles.clientChooses(session.uid, session.accountId)) return Check.NO_NEED_TO_PROMPT;
      return roles.get(session.uid, session.accountId) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    })), 1);
  return policy;
}

/** Only the enrolment client may even be issued the enrolment scope: every other client's allowed
 * scopes (its `scope` metadata, or all of them) lose it. */
function withoutEnrolmentScope(client: ClientMetadata, enrolmentClientId: string | undefined, scopes: string[], vaultClientId?: string): ClientMetadata {
  const allowed = typeof client.scope === 'string' ? client.scope.split(' ') : scopes;
  const denied = (s: string) => (s === ENROLMENT_SCOPE && client.client_id !== enrolmentClientId) || (s === VAULT_SCOPE && client.client_id !== vaultClientId);
  return { ...client, scope: allowed.filter((s) => !denied(s)).join(' ') };
}

function isLoopback(url: URL | string | Request): boolean {
  const host = new URL(typeof url === 'object' && 'url' in url ? url.url : url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

function wantsJson(ctx: KoaContextWithOIDC): boolean {
  return ctx.accepts('html', 'json') === 'json';
}

export async function startIdentityProvider(opts: IdentityProviderOptions): Promise<RunningIdentityProvider> {
  const log = opts.log ?? nullLog;
  const directory = typeof opts.directory === 'string' ? await loadDirectory(opts.directory) : parseDirectory(opts.directory);
  const index = new DirectoryIndex(directory);
  const verifier = await CardVerifier.create(opts.trustedCaPems, opts.crlPems ?? [], {
    allowCasWithoutRevocation: opts.allowCasWithoutRevocation === true,
    ...(opts.ocspCaPems ? { ocspCaPems: opts.ocspCaPems } : {}), ...(opts.ocspTimeoutMs === undefined ? {} : { ocspTimeoutMs: opts.ocspTimeoutMs }),
  });
  if (opts.allowCasWithoutRevocation && !opts.crlPems?.length) log.warn('card CAs without a CRL are trusted: their cards are not checked for revocation');
  const enrolment = opts.fidoEnrolment ? resolveEnrolmentPolicy(opts.fidoEnrolment, opts.demo === true) : undefined;
  const scopes = ['openid', 'offline_access', ENROLMENT_SCOPE, ...(opts.vaultKeys ? [VAULT_SCOPE] : []), ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid'), ...fhircastScopes()];
  const roles = new RoleStore(SESSION_TTL_S * 1000);

  // Listen first: the issuer URL must name the port before oidc-provider is created.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.writeHead(503).end(); };
  const server = createServer((req, res) => handler(req, res));
  const port = await listen(server, opts.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  const challenges = new ChallengeStore(issuer, (opts.challengeTtlSeconds ?? 60) * 1000);

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(),
    clients: [...opts.clients, ...(opts.context ? [opts.context.hubClient] : [])].map((c) => withoutEnrolmentScope(c, enrolment?.clientId, scopes, opts.vaultKeys?.clientId)),
    jwks: signingKeys(),
    cookies: { names: { ...PROVIDER_COOKIES }, keys: [randomBytes(32).toString('hex')] },
    claims: {
      // Standalone claims: released whenever they apply, whatever the scope.
      sid: null, auth_time: null, iss: null,
      ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
      ...(opts.vaultKeys ? { [VAULT_SCOPE]: [VAULT_KEY_CLAIM] } : {}),
    },
    scopes,
    // Clients get the CIS2 claims in the ID token as well as from userinfo.
    conformIdTokenClaims: false,
    acrValues: opts.certauth ? [ACR_AAL3, CERTAUTH_ACR] : [ACR_AAL3],
    pkce: { required: () => true },
    // oidc-provider refuses outgoing requests to special-use addresses (SSRF protection). The only
    // URLs it fetches come from the trust's own static client registrations, and in demo mode and
    // tests those apps live on loopback: let loopback through, keep the protection for the rest.
    fetch(url, options) {
      if (!isLoopback(url)) return globalThis.fetch(url, options);
      const { dispatcher: _ssrfGuard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    // The session topic an app's access token is bound to: the hub reads it back by introspection.
    extraTokenClaims(_ctx, token) {
      if (!opts.context || token.kind !== 'AccessToken' || !token.accountId || !token.clientId) return undefined;
      if (![...token.scopes].some((s) => s.startsWith('fhircast/'))) return undefined;
      const launch = opts.context.launchFor(token.accountId, token.clientId);
      return launch ? { 'hub.topic': launch['hub.topic'] } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      // RFC 7662 for the FHIRcast hub only: no app may introspect.
      introspection: { enabled: opts.context !== undefined, allowedPolicy: (_ctx, client) => client.clientId === opts.context?.hubClient.client_id },
      // RFC 7009: a client may revoke only its own tokens.
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
          if (wantsJson(ctx)) {
            ctx.type = 'json';
            ctx.body = { action: ctx.oidc.urlFor('end_session_confirm'), xsrf };
            return;
          }
          ctx.body = page('Sign out', `<h1>Sign out</h1><p>Sign out of every app on this workstation?</p>${form.replace('</form>', '<button name="logout" value="yes">Sign out</button></form>')}`);
        },
        postLogoutSuccessSource(ctx) {
          if (wantsJson(ctx)) { ctx.type = 'json'; ctx.body = { signedOut: true }; return; }
          ctx.body = page('Signed out', '<h1>Signed out</h1><p>You have been signed out of every app.</p>');
        },
      },
    },
    interactions: { policy: rolePolicy(index, roles), url: (_ctx, interaction) => interactionPath(interaction.uid) },
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const client = oidc.client;
      const accountId = oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
      const grant = (grantId ? await oidc.provider.Grant.find(grantId) : undefined)
        ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    // Refresh tokens for every client allowed the grant, tied to the provider session: ending the
    // session (logout) ends them too.
    // An enrolment token is never refreshed: each enrolment asks for a fresh, short-lived one.
    issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && !code.scopes.has(ENROLMENT_SCOPE),
    async findAccount(ctx, sub, token) {
      const user = index.user(sub);
      if (!user) return undefined;
      const sessionUid = token && 'sessionUid' in token ? token.sessionUid : ctx.oidc.session?.uid;
      const amr = (token && 'amr' in token ? token.amr : undefined) ?? ctx.oidc.session?.amr;
      const roleId = roles.get(sessionUid, sub) ?? (user.roles.length === 1 ? user.roles[0]?.roleId : undefined);
      const selected = roleId ? index.role(sub, roleId) : undefined;
      const vault = opts.vaultKeys ? { [VAULT_KEY_CLAIM]: vaultKeyFor(opts.vaultKeys.secret, sub) } : {};
      return { accountId: sub, claims: () => ({ ...buildClaims(index, user, selected, amr), ...vault }) };
    },
    renderError(ctx, out) {
      if (wantsJson(ctx)) { ctx.type = 'json'; ctx.body = out; return; }
      ctx.type = 'html';
      ctx.body = page('Sign-in problem', `<div class="refused"><h1>Sign-in problem</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p></div>`);
    },
    ttl: {
      AccessToken: (_ctx, token) => (token.scopes.has(ENROLMENT_SCOPE) ? ENROLMENT_TOKEN_TTL_S : opts.accessTokenTtlSeconds ?? 10 * 60),
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      Grant: SESSION_TTL_S,
      Session: SESSION_TTL_S,
      RefreshToken: SESSION_TTL_S,
    },
  };

  const provider = new Provider(issuer, configuration);
  if (opts.context) provider.use(contextTokenResponse(provider, opts.context));
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => { if (ctx.oidc.session) roles.delete(ctx.oidc.session.uid); });
  provider.on('backchannel.error', (_ctx: KoaContextWithOIDC, err: Error, client: { clientId: string }) => log.warn('back-channel logout failed', { client: client.clientId, error: err.message }));
  provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) => log.error('identity provider error', { error: err.message }));

  const fidoCredentials = opts.fidoCredentials ?? new FidoCredentialStore();
  const rp = webAuthnRpFor(issuer);
  const fidoMethod = fidoSignIn(rp, fidoCredentials, challenges);
  const deps: InteractionDeps = { provider, index, verifier, challenges, roles, log, methods: [fidoMethod] };
  let certauth: CertauthListener | undefined;
  if (opts.certauth) {
    certauth = await startCertauthListener({ trustedCaPems: opts.trustedCaPems, log, serve: (req, res) => handleInteraction(deps, req, res), ...(opts.certauth.port ? { port: opts.certauth.port } : {}) });
  }
  deps.standard = standardLoginRoutes(deps, { rp, credentials: fidoCredentials, fido: fidoMethod, ...(certauth ? { certauthOrigin: certauth.origin } : {}) });
  const fido = fidoEnrolmentRoutes({ provider, index, credentials: fidoCredentials, rp, log, policy: enrolment, ...(opts.clock ? { now: opts.clock } : {}) });
  const oidc = provider.callback();
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    if (serveLoginScript(req, res)) return;
    if (await handleInteraction(deps, req, res)) return;
    if (await fido(req, res)) return;
    await oidc(req, res);
  };
  handler = (req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error('request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  log.info('identity provider listening', { issuer, ...(certauth ? { certauth: certauth.origin } : {}) });

  const close = async (): Promise<void> => { await Promise.all([closeServer(server), certauth?.close()]); };
  return {
    issuer, port, fidoCredentials, close,
    ...(certauth ? { certauth: { certificateHost: certauth.certificateHost, origin: certauth.origin, serverCaPem: certauth.serverCaPem, acrValues: CERTAUTH_ACR } } : {}),
  };
}
