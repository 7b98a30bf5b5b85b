/**
 * The reference provider's standard-profile sign-in, the way a trust's own provider signs people
 * in, so demo mode and tests can use Lanyard's `standard` profile against it:
 *   GET  /interaction/:uid                     (HTML) the login page (login-html.ts), or straight to
 *                                              the certificate endpoint when the authorization
 *                                              request asked for acr_values=CERTAUTH_ACR
 *   GET  /interaction/:uid/certauth            on the certauth listener only: the TLS client
 *                                              certificate checked by CardVerifier, the handshake
 *                                              its proof of possession
 *   POST /interaction/:uid/webauthn-options    { userId? } → { options } (WebAuthn request options)
 *   POST /interaction/:uid/webauthn            { response } (AuthenticationResponseJSON) → { redirectTo }
 *   GET  /lanyard/webauthn-login.js            the login page's script
 * Either way the person's roles go to the client in `nhsid_nrbac_roles` and the client chooses one:
 * this provider then never prompts for a role in that session.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { SMARTCARD_AMR } from '../claims.js';
import { presentedCertificate } from '../certauth/certauth-listener.js';
import type { FidoCredentialStore } from '../fido/credential-store.js';
import type { WebAuthnRp } from '../fido/webauthn-config.js';
import { readBody, redirect, sendHtml, sendJson } from '../http-util.js';
import { details, finishLogin, interactionPath, type InteractionDeps, type SignInMethod, type StandardLoginRoutes } from '../interactions.js';
import { SignInRefused } from '../refusals.js';
import { loginPageCsp, loginPageHtml } from './login-html.js';
import { WEBAUTHN_LOGIN_SCRIPT } from './webauthn-page-script.js';

/** acr_values that sends the sign-in straight to the certificate endpoint (the card is the only way). */
export const CERTAUTH_ACR = 'urn:lanyard:acr:certauth';
export const LOGIN_SCRIPT_PATH = '/lanyard/webauthn-login.js';
const USER_ID = /^\d{12}$/;

export interface StandardLoginDeps {
  /** Origin of the certauth listener (https://127.0.0.1:port); absent: no card route. */
  certauthOrigin?: string;
  rp: WebAuthnRp;
  credentials: FidoCredentialStore;
  /** The provider's FIDO sign-in method (fido-sign-in.ts): its verification is reused as is. */
  fido: SignInMethod;
}

export function certauthUrl(origin: string, uid: string): string {
  return `${origin}${interactionPath(uid)}/certauth`;
}

/** Serves the login page's script; false for any other request. */
export function serveLoginScript(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== LOGIN_SCRIPT_PATH) return false;
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(WEBAUTHN_LOGIN_SCRIPT);
  return true;
}

function acrValues(params: Record<string, unknown>): string[] {
  return typeof params.acr_values === 'string' ? params.acr_values.split(' ') : [];
}

export function standardLoginRoutes(deps: InteractionDeps, std: StandardLoginDeps): StandardLoginRoutes {
  async function loginInteraction(uid: string, req: IncomingMessage, res: ServerResponse) {
    const interaction = await details(deps, uid, req, res);
    if (interaction.prompt.name !== 'login') throw new SignInRefused('bad-request', 'this sign-in is not waiting for a login');
    return interaction;
  }

  async function certauth(uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const presented = presentedCertificate(req);
    if (!presented) throw new SignInRefused('bad-request', 'no client certificate was presented at the certificate endpoint');
    await loginInteraction(uid, req, res);
    const card = await deps.verifier.verifyCertificate(presented.der);
    // CardVerifier is the card trust; the TLS layer's own chain check (same CAs) must agree.
    if (!presented.tlsAuthorized) throw new SignInRefused('untrusted-ca', `TLS verification: ${presented.tlsError ?? 'not authorised'}`);
    deps.log.info('card verified at the certificate endpoint', { userId: card.userId, serial: card.serialNumber });
    await finishLogin(deps, uid, req, res, card.userId, [...SMARTCARD_AMR], 'client');
  }

  async function webauthnOptions(uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    await loginInteraction(uid, req, res);
    const body = await readBody(req);
    const userId = typeof body.userId === 'string' ? body.userId.trim() : '';
    if (userId !== '' && !USER_ID.test(userId)) throw new SignInRefused('bad-request', 'userId must be 12 digits');
    const keys = userId ? std.credentials.forUser(userId) : [];
    if (userId && keys.length === 0) throw new SignInRefused('unknown-credential', `user ${userId} has no security key registered`);
    const challenge = deps.challenges.issue(uid, 'fido');
    const options = await generateAuthenticationOptions({
      rpID: std.rp.rpId, userVerification: 'required', challenge: new Uint8Array(challenge.bytes), timeout: 60_000,
      // No user entered: the key's discoverable credential says who is signing in.
      allowCredentials: keys.map((k) => ({ id: k.id, ...(k.transports ? { transports: k.transports as AuthenticatorTransport[] } : {}) })),
    });
    sendJson(res, 200, { options });
  }

  async function webauthn(uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    await loginInteraction(uid, req, res);
    const { userId, amr } = await std.fido.verify(uid, await readBody(req));
    await finishLogin(deps, uid, req, res, userId, amr, 'client');
  }

  return {
    async page(uid, req, res) {
      const interaction = await details(deps, uid, req, res);
      if (interaction.prompt.name !== 'login') return false;
      if (std.certauthOrigin && acrValues(interaction.params).includes(CERTAUTH_ACR)) {
        redirect(res, certauthUrl(std.certauthOrigin, uid));
        return true;
      }
      sendHtml(res, 200, loginPageHtml({
        optionsUrl: `${interactionPath(uid)}/webauthn-options`, submitUrl: `${interactionPath(uid)}/webauthn`, scriptUrl: LOGIN_SCRIPT_PATH,
        ...(std.certauthOrigin ? { certauthUrl: certauthUrl(std.certauthOrigin, uid) } : {}),
      }), { 'content-security-policy': loginPageCsp(std.certauthOrigin) });
      return true;
    },
    async route(uid, action, req, res) {
      if (req.method === 'GET' && action === 'certauth') await certauth(uid, req, res);
      else if (req.method === 'POST' && action === 'webauthn-options') await webauthnOptions(uid, req, res);
      else if (req.method === 'POST' && action === 'webauthn') await webauthn(uid, req, res);
      else return false;
      return true;
    },
  };
}
