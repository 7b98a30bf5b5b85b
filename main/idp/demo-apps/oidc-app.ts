/**
 * A demo clinical web app that is an ordinary OpenID Connect relying party (openid-client 6,
 * authorization code + PKCE, confidential client). It requires sign-in, shows who is signed in,
 * refuses roles it does not serve, keeps a notes form, and honours back-channel logout.
 * Listens first (so the provider can register its URLs), then `attach(issuer)`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { ClientMetadata } from 'oidc-provider';
import type { Log } from '../../core/ports/log.js';
import { closeServer, cookieValue, escapeHtml, listen, page, readBody, redirect, sendHtml, sendJson } from '../http-util.js';
import { nullLog } from '../null-log.js';
import { AppSessionStore, type AppSession } from './app-session-store.js';
import { LogoutTokenVerifier } from './logout-token.js';
import { contextSection, pageContext } from './context-page.js';
import { appRoleOf } from './app-role.js';
import type { ProviderFetch } from '../../identity/provider-http.js';

export interface OidcAppDefinition {
  id: string;
  name: string;
  /** One line under the title, so a person can tell the apps apart. */
  tagline: string;
  /** NRBAC role codes served; absent = every role. */
  roleCodes?: string[];
  /** Why other roles are refused, in words a clinician understands. */
  refusal?: string;
  /** Takes part in patient context (FHIRcast): asks for its scopes and shows the synthetic patient list. */
  context?: boolean;
}

export interface RunningOidcApp {
  definition: OidcAppDefinition;
  origin: string;
  url: string;
  clientMetadata: ClientMetadata;
  sessions: AppSessionStore;
  /** `fetch`: the app's requests to that provider (one on a private CA); default Node's. */
  attach(issuer: string, fetch?: ProviderFetch): void;
  close(): Promise<void>;
}

const SCOPE = 'openid profile nhsperson nationalrbacaccess associatedorgs selectedrole';
/** FHIRcast 2.2 scopes: follow and change the patient, report not following, hear the session's end. */
const CONTEXT_SCOPE = ['Patient-open', 'Patient-close', 'SyncError'].flatMap((e) => [`fhircast/${e}.read`, `fhircast/${e}.write`])
  .concat('fhircast/UserLogout.read', 'fhircast/UserHibernate.read').join(' ');

interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
  createdAt: number;
}

function cookiePrefix(id: string): string {
  return id.replace(/[^a-z0-9]/gi, '_');
}

function setCookie(name: string, value: string, maxAgeSeconds?: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`}`;
}

/** `clientSecret`: the secret registered at a provider that does not take ours (default: a fresh one).
 * `secretIn`: how the token request carries it; `post` for providers that do not decode the
 * form-encoded Basic credentials (LemonLDAP::NG 2.16 with a client ID like `patient-record`). */
export async function startOidcApp(definition: OidcAppDefinition, opts: { log?: Log; port?: number; clientSecret?: string; secretIn?: 'basic' | 'post' } = {}): Promise<RunningOidcApp> {
  const log = (opts.log ?? nullLog).child(definition.id);
  const prefix = cookiePrefix(definition.id);
  const sessionCookie = `${prefix}_session`;
  const loginCookie = `${prefix}_login`;
  const sessions = new AppSessionStore();
  const pending = new Map<string, PendingLogin>();
  const clientSecret = opts.clientSecret ?? randomBytes(32).toString('base64url');
  let issuer: string | undefined;
  let providerFetch: ProviderFetch | undefined;
  let configPromise: Promise<oidc.Configuration> | undefined;
  let logoutVerifier: LogoutTokenVerifier | undefined;

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error('request failed', { error: String(err) });
      if (!res.headersSent) sendHtml(res, 502, page(definition.name, `<div class="refused"><h1>${escapeHtml(definition.name)}</h1><p>Sign-in could not be completed. Please reload the page; if it keeps happening call the IT service desk.</p></div>`));
    });
  });
  const port = await listen(server, opts.port ?? 0);
  const origin = `http://127.0.0.1:${port}`;
  const redirectUri = `${origin}/callback`;

  function config(): Promise<oidc.Configuration> {
    if (!issuer) return Promise.reject(new Error('app not attached to an identity provider'));
    configPromise ??= oidc.discovery(new URL(issuer), definition.id, undefined, opts.secretIn === 'post' ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret), {
      execute: new URL(issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [], timeout: 10,
      ...(providerFetch ? { [oidc.customFetch]: providerFetch } : {}),
    }).then((c) => {
      logoutVerifier = new LogoutTokenVerifier(c.serverMetadata().issuer, String(c.serverMetadata().jwks_uri), definition.id);
      return c;
    }, (err: unknown) => { configPromise = undefined; throw err; });
    return configPromise;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'POST' && url.pathname === '/backchannel-logout') return backchannelLogout(req, res);
    if (req.method === 'GET' && url.pathname === '/callback') return callback(req, res, url);
    if (req.method === 'GET' && url.pathname === '/favicon.ico') { res.writeHead(404).end(); return; }
    const session = sessions.get(cookieValue(req, sessionCookie));
    if (req.method === 'GET' && url.pathname === '/api/session') {
      sendJson(res, 200, session ? { signedIn: true, userId: session.userId, name: session.name, roleName: session.roleName, orgName: session.orgName } : { signedIn: false });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/context' && definition.context) {
      // Same origin, behind the app's HttpOnly session cookie: the page's own launch context and token.
      if (!session) { sendJson(res, 401, { error: 'not signed in' }); return; }
      sendJson(res, 200, pageContext(definition.id, session.launch));
      return;
    }
    if (!session) return startLogin(res);
    if (req.method === 'POST' && url.pathname === '/notes') {
      const body = await readBody(req);
      session.notes = typeof body.notes === 'string' ? body.notes : '';
      return redirect(res, '/');
    }
    if (req.method === 'GET' && url.pathname === '/') return home(res, session);
    sendHtml(res, 404, page(definition.name, '<p>Page not found.</p>'));
  }

  async function startLogin(res: ServerResponse): Promise<void> {
    const c = await config();
    const login: PendingLogin = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), createdAt: Date.now() };
    const loginId = randomBytes(18).toString('base64url');
    for (const [id, p] of pending) if (Date.now() - p.createdAt > 10 * 60_000) pending.delete(id);
    pending.set(loginId, login);
    const target = oidc.buildAuthorizationUrl(c, {
      redirect_uri: redirectUri, scope: definition.context ? `${SCOPE} ${CONTEXT_SCOPE}` : SCOPE, state: login.state, nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier), code_challenge_method: 'S256',
    });
    redirect(res, target.href, { 'set-cookie': setCookie(loginCookie, loginId, 600) });
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const loginId = cookieValue(req, loginCookie) ?? '';
    const login = pending.get(loginId);
    pending.delete(loginId);
    if (!login) return startLogin(res);
    const c = await config();
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(c, url, { pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
    } catch (err) {
      log.warn('sign-in failed', { error: String(err) });
      sendHtml(res, 401, page(definition.name, `<div class="refused"><h1>${escapeHtml(definition.name)}</h1><p>You are not signed in. Sign in with your smartcard at the Lanyard screen, then reload this page.</p></div>`), { 'set-cookie': setCookie(loginCookie, '', 0) });
      return;
    }
    const claims: Record<string, unknown> & { sub: string } = { sub: '', ...tokens.claims() };
    const { role, refused } = appRoleOf(claims, definition.roleCodes);
    const { roleCode, roleName, orgName } = role ?? { roleCode: '', roleName: 'no role', orgName: '' };
    const name = String(claims.name ?? claims.sub);
    if (refused) {
      log.info('role refused', { userId: claims.sub, roleCode });
      sendHtml(res, 403, page(`${definition.name}: not available`, `<div class="refused" id="refused"><h1>${escapeHtml(definition.name)} is not available in your role</h1>
<p>You are signed in as <strong>${escapeHtml(name)}</strong>, ${escapeHtml(roleName)}.</p><p>${escapeHtml(definition.refusal ?? 'This app does not serve your role.')}</p></div>`), { 'set-cookie': setCookie(loginCookie, '', 0) });
      return;
    }
    // SMART launch context (FHIRcast 2.1): the provider puts hub.url and hub.topic beside the token.
    const hubUrl = tokens['hub.url'];
    const topic = tokens['hub.topic'];
    const session = sessions.create({
      userId: claims.sub, name, roleName, roleCode, orgName,
      ...(typeof claims.sid === 'string' ? { providerSid: claims.sid } : {}),
      ...(definition.context && typeof hubUrl === 'string' && typeof topic === 'string' ? { launch: { url: hubUrl, topic, token: tokens.access_token } } : {}),
    });
    log.info('signed in', { userId: claims.sub, roleCode });
    redirect(res, '/', { 'set-cookie': [setCookie(loginCookie, '', 0), setCookie(sessionCookie, session.id)] });
  }

  async function backchannelLogout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    try {
      await config();
      if (!logoutVerifier || typeof body.logout_token !== 'string') throw new Error('no logout token');
      const target = await logoutVerifier.verify(body.logout_token);
      const ended = sessions.endMatching(target);
      log.info('back-channel logout', { ended });
      res.writeHead(200, { 'cache-control': 'no-store' }).end();
    } catch (err) {
      log.warn('back-channel logout refused', { error: String(err) });
      sendJson(res, 400, { error: 'invalid_request', error_description: String(err) });
    }
  }

  function home(res: ServerResponse, session: AppSession): void {
    sendHtml(res, 200, page(definition.name, `<h1>${escapeHtml(definition.name)}</h1><p>${escapeHtml(definition.tagline)}</p>
<div class="who" id="who"><span id="user-name">${escapeHtml(session.name)}</span> · <span id="role-name">${escapeHtml(session.roleName)}</span> · <span id="org-name">${escapeHtml(session.orgName)}</span></div>
${definition.context ? contextSection(definition.id) : ''}
<form method="post" action="/notes"><h2><label for="notes">Notes</label></h2><textarea id="notes" name="notes">${escapeHtml(session.notes)}</textarea><p><button type="submit" id="save-notes">Save notes</button></p></form>`));
  }

  return {
    definition, origin, url: `${origin}/`, sessions,
    clientMetadata: {
      client_id: definition.id,
      client_secret: clientSecret,
      client_name: definition.name,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [`${origin}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      backchannel_logout_uri: `${origin}/backchannel-logout`,
      backchannel_logout_session_required: true,
    },
    attach(value: string, fetch?: ProviderFetch) { issuer = value; providerFetch = fetch; configPromise = undefined; },
    close: () => closeServer(server),
  };
}
