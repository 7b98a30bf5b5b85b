/**
 * FIDO2 enrolment for a person already signed in, called by the shell with its access token:
 *   POST   /fido/registration/options   → { options }   (PublicKeyCredentialCreationOptionsJSON)
 *   POST   /fido/registration/verify    { response }    → { credentialId }
 *   GET    /fido/credentials            → { credentials: [{ id, createdAt }] }
 *   DELETE /fido/credentials/:id        → 204
 * Only a session that began with the smartcard may enrol or remove a key: a key must never be
 * able to vouch for another key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import type Provider from 'oidc-provider';
import type { Log } from '../../core/ports/log.js';
import type { DirectoryIndex } from '../directory.js';
import { readBody, sendJson } from '../http-util.js';
import type { FidoCredentialStore } from './credential-store.js';
import type { WebAuthnRp } from './webauthn-config.js';

class EnrolmentError extends Error {
  constructor(readonly status: number, readonly code: string, readonly userMessage: string) {
    super(code);
  }
}

const CHALLENGE_TTL_MS = 2 * 60_000;

export interface EnrolmentDeps {
  provider: Provider;
  index: DirectoryIndex;
  credentials: FidoCredentialStore;
  rp: WebAuthnRp;
  log: Log;
}

export function fidoEnrolmentRoutes(deps: EnrolmentDeps) {
  const pending = new Map<string, { challenge: string; expiresAt: number }>();

  async function signedInByCard(req: IncomingMessage): Promise<string> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const at = token ? await deps.provider.AccessToken.find(token) : undefined;
    if (!at || at.isExpired) throw new EnrolmentError(401, 'signed-out', 'You are not signed in. Sign in with your smartcard first.');
    const session = at.sessionUid ? await deps.provider.Session.findByUid(at.sessionUid) : undefined;
    if (!session || session.accountId !== at.accountId) throw new EnrolmentError(401, 'signed-out', 'Your sign-in has ended. Sign in with your smartcard again.');
    if (!session.amr?.includes('sc')) throw new EnrolmentError(403, 'card-required', 'Security keys can only be registered or removed after signing in with your smartcard.');
    return at.accountId;
  }

  async function options(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const userId = await signedInByCard(req);
    const user = deps.index.user(userId);
    if (!user) throw new EnrolmentError(403, 'unknown-user', 'You are not in the staff directory.');
    const opts = await generateRegistrationOptions({
      rpName: deps.rp.rpName, rpID: deps.rp.rpId, userName: user.userId, userDisplayName: user.name,
      userID: new TextEncoder().encode(user.userId), attestationType: 'none', timeout: 60_000,
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: deps.credentials.forUser(userId).map((c) => ({ id: c.id })),
      supportedAlgorithmIDs: [-7],
    });
    pending.set(userId, { challenge: opts.challenge, expiresAt: Date.now() + CHALLENGE_TTL_MS });
    sendJson(res, 200, { options: opts });
  }

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const userId = await signedInByCard(req);
    const body = await readBody(req);
    const expected = pending.get(userId);
    pending.delete(userId);
    if (!expected || expected.expiresAt < Date.now()) throw new EnrolmentError(400, 'stale-nonce', 'Registering the key took too long. Please try again.');
    let result;
    try {
      result = await verifyRegistrationResponse({
        response: body.response as RegistrationResponseJSON, expectedChallenge: expected.challenge,
        expectedOrigin: deps.rp.origin, expectedRPID: deps.rp.rpId, requireUserVerification: true,
      });
    } catch (err) {
      deps.log.warn('FIDO registration refused', { userId, error: err instanceof Error ? err.message : String(err) });
      throw new EnrolmentError(400, 'fido-failed', 'The security key\'s answer could not be verified. Please try again.');
    }
    if (!result.verified) throw new EnrolmentError(400, 'fido-failed', 'The security key\'s answer could not be verified. Please try again.');
    const { credential } = result.registrationInfo;
    deps.credentials.add({
      id: credential.id, userId, publicKey: credential.publicKey, counter: credential.counter, createdAt: Date.now(),
      ...(credential.transports ? { transports: [...credential.transports] } : {}),
    });
    deps.log.info('FIDO credential enrolled', { userId, credentialId: credential.id });
    sendJson(res, 200, { credentialId: credential.id });
  }

  async function list(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const userId = await signedInByCard(req);
    sendJson(res, 200, { credentials: deps.credentials.forUser(userId).map((c) => ({ id: c.id, createdAt: c.createdAt })) });
  }

  async function remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const userId = await signedInByCard(req);
    if (!deps.credentials.remove(userId, id)) throw new EnrolmentError(404, 'not-found', 'That security key is not registered to you.');
    deps.log.info('FIDO credential removed', { userId, credentialId: id });
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  }

  /** Returns false when the request is not a FIDO enrolment route. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith('/fido/')) return false;
    try {
      const credentialMatch = /^\/fido\/credentials\/([A-Za-z0-9_-]+)$/.exec(path);
      if (req.method === 'POST' && path === '/fido/registration/options') await options(req, res);
      else if (req.method === 'POST' && path === '/fido/registration/verify') await verify(req, res);
      else if (req.method === 'GET' && path === '/fido/credentials') await list(req, res);
      else if (req.method === 'DELETE' && credentialMatch?.[1]) await remove(req, res, credentialMatch[1]);
      else sendJson(res, 404, { error: 'not-found', error_description: 'No such route.' });
    } catch (err) {
      if (err instanceof EnrolmentError) sendJson(res, err.status, { error: err.code, error_description: err.userMessage });
      else {
        deps.log.error('FIDO enrolment failed', { error: String(err) });
        sendJson(res, 500, { error: 'server-error', error_description: 'The sign-in service had a problem. Please try again.' });
      }
    }
    return true;
  };
}
