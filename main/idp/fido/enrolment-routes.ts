/**
 * FIDO2 enrolment for a person already signed in, called by the shell with an access token:
 *   POST   /fido/registration/options   → { options }   (PublicKeyCredentialCreationOptionsJSON)
 *   POST   /fido/registration/verify    { response }    → { credentialId }
 *   GET    /fido/credentials            → { credentials: [{ id, createdAt }] }
 *   DELETE /fido/credentials/:id        → 204
 * An enrolled key signs its holder in at level 3 anywhere, so enrolling or removing one needs:
 * a token of the enrolment client (the shell, not an app that got a token by single sign-on), with
 * the enrolment scope, from a provider session that began with the smartcard (a key never vouches
 * for a key) within the last few minutes; and the key must attest to an approved model.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type Provider from 'oidc-provider';
import { ENROLMENT_MESSAGES, type EnrolmentRefusalCode } from '../../core/refusals.js';
import type { Log } from '../../core/ports/log.js';
import type { DirectoryIndex } from '../directory.js';
import { BodyError, readBody, sendJson } from '../http-util.js';
import { SignInRefused } from '../refusals.js';
import { AttestationRefused, checkAttestation } from './attestation.js';
import type { FidoCredentialStore } from './credential-store.js';
import { ENROLMENT_SCOPE, type ResolvedEnrolmentPolicy } from './enrolment-policy.js';
import type { WebAuthnRp } from './webauthn-config.js';
import { registrationResponseOf } from './webauthn-shape.js';

class EnrolmentError extends Error {
  readonly userMessage: string;
  constructor(readonly status: number, readonly code: EnrolmentRefusalCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.userMessage = ENROLMENT_MESSAGES[code];
  }
}

const CHALLENGE_TTL_MS = 2 * 60_000;

export interface EnrolmentDeps {
  provider: Provider;
  index: DirectoryIndex;
  credentials: FidoCredentialStore;
  rp: WebAuthnRp;
  log: Log;
  /** Absent: this provider enrols no keys. */
  policy: ResolvedEnrolmentPolicy | undefined;
  now?: () => number;
}

type Need = 'list' | 'change';

export function fidoEnrolmentRoutes(deps: EnrolmentDeps) {
  const pending = new Map<string, { challenge: string; expiresAt: number }>();
  const now = deps.now ?? Date.now;

  /** The person the token speaks for, once every condition for `need` holds. */
  async function authorise(req: IncomingMessage, need: Need): Promise<{ userId: string; policy: ResolvedEnrolmentPolicy; spend(): Promise<void> }> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const at = token ? await deps.provider.AccessToken.find(token) : undefined;
    if (!at || at.isExpired) throw new EnrolmentError(401, 'signed-out', 'no valid access token');
    const policy = deps.policy;
    if (!policy) throw new EnrolmentError(403, 'enrolment-not-allowed', 'this provider has no enrolment policy');
    if (at.clientId !== policy.clientId) throw new EnrolmentError(403, 'enrolment-not-allowed', `token of client ${at.clientId}`);
    // A token for some other resource server is not a token for these routes.
    if (at.aud !== undefined) throw new EnrolmentError(403, 'enrolment-not-allowed', 'token has an audience');
    const session = at.sessionUid ? await deps.provider.Session.findByUid(at.sessionUid) : undefined;
    if (!session || session.accountId !== at.accountId) throw new EnrolmentError(401, 'signed-out', 'provider session ended');
    if (!session.amr?.includes('sc')) throw new EnrolmentError(403, 'card-required', `session amr ${String(session.amr)}`);
    if (need === 'change') {
      if (!at.scopes.has(ENROLMENT_SCOPE)) throw new EnrolmentError(403, 'enrolment-not-allowed', 'token lacks the enrolment scope');
      const authTime = session.authTime();
      if (!authTime || now() / 1000 - authTime > policy.maxAgeSeconds) throw new EnrolmentError(403, 'reauth-required', `card sign-in at ${String(authTime)}`);
    }
    // A token for one ceremony: spent once the key is enrolled or removed. (Not revoked: revoking
    // would end its whole grant, the shell's everyday tokens with it.)
    return { userId: at.accountId, policy, spend: () => at.destroy() };
  }

  async function options(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { userId } = await authorise(req, 'change');
    const user = deps.index.user(userId);
    if (!user) throw new EnrolmentError(403, 'unknown-user');
    const opts = await generateRegistrationOptions({
      rpName: deps.rp.rpName, rpID: deps.rp.rpId, userName: user.userId, userDisplayName: user.name,
      userID: new TextEncoder().encode(user.userId), attestationType: 'direct', timeout: 60_000,
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: deps.credentials.forUser(userId).map((c) => ({ id: c.id })),
      supportedAlgorithmIDs: [-7],
    });
    pending.set(userId, { challenge: opts.challenge, expiresAt: now() + CHALLENGE_TTL_MS });
    sendJson(res, 200, { options: opts });
  }

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { userId, policy, spend } = await authorise(req, 'change');
    const response = registrationResponseOf(await readBody(req));
    const expected = pending.get(userId);
    pending.delete(userId);
    if (!expected || expected.expiresAt < now()) throw new EnrolmentError(400, 'stale-nonce');
    let result;
    try {
      result = await verifyRegistrationResponse({
        response, expectedChallenge: expected.challenge, expectedOrigin: deps.rp.origin, expectedRPID: deps.rp.rpId,
        requireUserVerification: true, supportedAlgorithmIDs: [-7],
      });
    } catch (err) {
      throw new EnrolmentError(400, 'fido-failed', err instanceof Error ? err.message : String(err));
    }
    if (!result.verified) throw new EnrolmentError(400, 'fido-failed', 'registration not verified');
    const info = result.registrationInfo;
    const model = await checkAttestation(info, policy);
    const { credential } = info;
    await spend();
    deps.credentials.add({
      id: credential.id, userId, publicKey: credential.publicKey, counter: credential.counter, createdAt: now(),
      ...(credential.transports ? { transports: [...credential.transports] } : {}),
    });
    deps.log.info('FIDO credential enrolled', { userId, credentialId: credential.id, aaguid: model.aaguid, attestation: model.kind });
    sendJson(res, 200, { credentialId: credential.id });
  }

  async function list(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { userId } = await authorise(req, 'list');
    sendJson(res, 200, { credentials: deps.credentials.forUser(userId).map((c) => ({ id: c.id, createdAt: c.createdAt })) });
  }

  async function remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const { userId, spend } = await authorise(req, 'change');
    if (!deps.credentials.remove(userId, id)) throw new EnrolmentError(404, 'not-found');
    await spend();
    deps.log.info('FIDO credential removed', { userId, credentialId: id });
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  }

  function refuse(res: ServerResponse, err: unknown): void {
    let refusal: EnrolmentError | undefined;
    if (err instanceof EnrolmentError) refusal = err;
    else if (err instanceof AttestationRefused) refusal = new EnrolmentError(403, 'attestation-refused', err.message);
    else if (err instanceof BodyError || (err instanceof SignInRefused && err.code === 'bad-request')) refusal = new EnrolmentError(400, 'bad-request', err.message);
    if (!refusal) {
      deps.log.error('FIDO enrolment failed', { error: String(err) });
      sendJson(res, 500, { error: 'server-error', error_description: 'The sign-in service had a problem. Please try again.' });
      return;
    }
    deps.log.warn('FIDO enrolment refused', { code: refusal.code, detail: refusal.message });
    sendJson(res, refusal.status, { error: refusal.code, error_description: refusal.userMessage });
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
      refuse(res, err);
    }
    return true;
  };
}
