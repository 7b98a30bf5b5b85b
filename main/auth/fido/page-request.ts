/**
 * A provider page's navigator.credentials.get/create call, as the page-side shim sends it
 * (buffers as base64url), turned into a checked request for the WebAuthn client: the origin is
 * the one Lanyard observed for the calling frame, the RP ID is checked against it, and the
 * clientData Lanyard will sign over is fixed here. Pure: no key, no browser.
 */
import type {
  AuthenticatorTransportFuture, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { PageWebAuthnError } from './page-errors.js';
import { checkPageOrigin, checkRpId } from './page-origin.js';
import type { PublicSuffixes } from './public-suffix.js';

/** What Lanyard puts into clientDataJSON (and checks the client put there). */
export interface ExpectedClientData {
  type: 'webauthn.get' | 'webauthn.create';
  challenge: string;
  origin: string;
}

export type CheckedPageRequest =
  | { kind: 'get'; origin: string; rpId: string; clientData: ExpectedClientData; options: PublicKeyCredentialRequestOptionsJSON }
  | { kind: 'create'; origin: string; rpId: string; clientData: ExpectedClientData; options: PublicKeyCredentialCreationOptionsJSON };

export interface PageRequestContext {
  /** URL of the calling frame as the browser reports it (never from the page's arguments). */
  observedUrl: string;
  /** The identity provider's origins (scheme, host, port). */
  allowedOrigins: readonly string[];
  suffixes: PublicSuffixes;
}

const COSE_ES256 = -7;
const B64URL = /^[A-Za-z0-9_-]*$/;

/** `call`: `{ op: 'get' | 'create', publicKey }` from the shim. Throws PageWebAuthnError. */
export function checkPageRequest(call: unknown, context: PageRequestContext): CheckedPageRequest {
  // The origin first: a page that may not use the key learns nothing about its options' faults.
  const origin = checkPageOrigin(context.observedUrl, context.allowedOrigins);
  const c = record(call, 'call');
  const publicKey = record(c.publicKey, 'publicKey');
  if (c.op === 'get') {
    const options = requestOptions(publicKey);
    const rpId = checkRpId(options.rpId, origin, context.suffixes);
    return { kind: 'get', origin: origin.origin, rpId, options: { ...options, rpId }, clientData: { type: 'webauthn.get', challenge: options.challenge, origin: origin.origin } };
  }
  if (c.op === 'create') {
    const options = creationOptions(publicKey);
    const rpId = checkRpId(options.rp.id, origin, context.suffixes);
    return {
      kind: 'create', origin: origin.origin, rpId, options: { ...options, rp: { ...options.rp, id: rpId } },
      clientData: { type: 'webauthn.create', challenge: options.challenge, origin: origin.origin },
    };
  }
  throw malformed('op is neither get nor create');
}

function requestOptions(o: Record<string, unknown>): PublicKeyCredentialRequestOptionsJSON {
  const out: PublicKeyCredentialRequestOptionsJSON = { challenge: challenge(o.challenge) };
  if (o.rpId !== undefined) out.rpId = text(o.rpId, 'rpId');
  if (o.timeout !== undefined) out.timeout = timeout(o.timeout);
  if (o.allowCredentials !== undefined) out.allowCredentials = descriptorList(o.allowCredentials, 'allowCredentials');
  if (o.userVerification !== undefined) out.userVerification = userVerification(o.userVerification);
  return out;
}

function creationOptions(o: Record<string, unknown>): PublicKeyCredentialCreationOptionsJSON {
  const rp = record(o.rp, 'rp');
  const user = record(o.user, 'user');
  const userId = b64url(user.id, 'user.id');
  const userIdBytes = Buffer.from(userId, 'base64url').length;
  if (userIdBytes < 1 || userIdBytes > 64) throw malformed('user.id must be 1 to 64 bytes');
  const params = list(o.pubKeyCredParams, 'pubKeyCredParams').map((p) => {
    const r = record(p, 'pubKeyCredParams[]');
    if (typeof r.alg !== 'number' || !Number.isInteger(r.alg)) throw malformed('pubKeyCredParams[].alg is not an integer');
    return { type: text(r.type, 'pubKeyCredParams[].type'), alg: r.alg };
  });
  const es256 = params.filter((p) => p.type === 'public-key' && p.alg === COSE_ES256);
  // An empty list means "the client's defaults", which include ES256 (WebAuthn §5.1.3 step 10).
  if (params.length && !es256.length) throw new PageWebAuthnError('unsupported-algorithm', 'pubKeyCredParams has no public-key ES256');
  const out: PublicKeyCredentialCreationOptionsJSON = {
    rp: { name: text(rp.name, 'rp.name'), ...(rp.id !== undefined ? { id: text(rp.id, 'rp.id') } : {}) },
    user: { id: userId, name: text(user.name, 'user.name'), displayName: text(user.displayName, 'user.displayName') },
    challenge: challenge(o.challenge),
    pubKeyCredParams: [{ type: 'public-key', alg: COSE_ES256 }],
  };
  if (o.timeout !== undefined) out.timeout = timeout(o.timeout);
  if (o.excludeCredentials !== undefined) out.excludeCredentials = descriptorList(o.excludeCredentials, 'excludeCredentials');
  if (o.authenticatorSelection !== undefined) {
    const s = record(o.authenticatorSelection, 'authenticatorSelection');
    out.authenticatorSelection = {
      ...(s.residentKey !== undefined ? { residentKey: oneOf(s.residentKey, ['discouraged', 'preferred', 'required'] as const, 'residentKey') } : {}),
      ...(s.requireResidentKey !== undefined ? { requireResidentKey: s.requireResidentKey === true } : {}),
      ...(s.userVerification !== undefined ? { userVerification: userVerification(s.userVerification) } : {}),
    };
  }
  if (o.attestation !== undefined) out.attestation = oneOf(o.attestation, ['none', 'indirect', 'direct', 'enterprise'] as const, 'attestation');
  return out;
}

function descriptorList(value: unknown, what: string): PublicKeyCredentialDescriptorJSON[] {
  return list(value, what).map((d) => {
    const r = record(d, `${what}[]`);
    const transports = r.transports === undefined ? undefined : list(r.transports, `${what}[].transports`).map((t) => text(t, 'transport'));
    return {
      type: oneOf(r.type, ['public-key'] as const, `${what}[].type`), id: b64url(r.id, `${what}[].id`),
      ...(transports ? { transports: transports as AuthenticatorTransportFuture[] } : {}),
    };
  });
}

function challenge(value: unknown): string {
  const c = b64url(value, 'challenge');
  if (!c.length) throw malformed('challenge is empty');
  return c;
}

function userVerification(value: unknown): 'required' | 'preferred' | 'discouraged' {
  return oneOf(value, ['required', 'preferred', 'discouraged'] as const, 'userVerification');
}

function timeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw malformed('timeout is not a positive number');
  return Math.min(value, 300_000); // the WebAuthn recommendation's ceiling for a client's deadline
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value) || value.length > 64) throw malformed(`${what} is not a list (of at most 64)`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > 4096) throw malformed(`${what} is not a string`);
  return value;
}

function b64url(value: unknown, what: string): string {
  const s = text(value, what);
  if (!B64URL.test(s)) throw malformed(`${what} is not base64url`);
  return s;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw malformed(`${what} is not one of ${allowed.join(', ')}`);
  return value as T;
}

function malformed(why: string): PageWebAuthnError {
  return new PageWebAuthnError('malformed-options', why);
}
