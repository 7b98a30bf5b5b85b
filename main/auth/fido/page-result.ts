/**
 * The WebAuthn client's answer to a checked page request, turned into what the page-side shim
 * rebuilds as a PublicKeyCredential (base64url here, ArrayBuffers in the page). Before anything
 * goes back, the clientDataJSON is checked to be exactly the one Lanyard meant to sign: type,
 * challenge and observed origin, not cross-origin.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { PageWebAuthnError } from './page-errors.js';
import type { CheckedPageRequest, ExpectedClientData } from './page-request.js';

export type CeremonyResult = AuthenticationResponseJSON | RegistrationResponseJSON;

/** JSON-safe; every string in `response` is base64url (the shim makes ArrayBuffers of them). */
export interface PageCredentialJSON {
  kind: 'get' | 'create';
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment: 'cross-platform';
  clientExtensionResults: Record<string, never>;
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    /** get */
    signature?: string;
    userHandle?: string;
    /** create */
    attestationObject?: string;
    transports?: string[];
    publicKeyAlgorithm?: number;
  };
}

export function pageCredentialOf(request: CheckedPageRequest, result: CeremonyResult): PageCredentialJSON {
  checkClientData(result.response.clientDataJSON, request.clientData);
  const base = {
    id: result.id, rawId: result.rawId, type: 'public-key' as const, authenticatorAttachment: 'cross-platform' as const,
    clientExtensionResults: {},
  };
  const r = result.response;
  if (!r.authenticatorData) throw wrong('no authenticator data');
  if (request.kind === 'get') {
    if (!('signature' in r)) throw wrong('an assertion without a signature');
    return {
      kind: 'get', ...base,
      response: { clientDataJSON: r.clientDataJSON, authenticatorData: r.authenticatorData, signature: r.signature, ...(r.userHandle ? { userHandle: r.userHandle } : {}) },
    };
  }
  if (!('attestationObject' in r)) throw wrong('a registration without an attestation object');
  return {
    kind: 'create', ...base,
    response: {
      clientDataJSON: r.clientDataJSON, authenticatorData: r.authenticatorData, attestationObject: r.attestationObject,
      transports: [...(r.transports ?? ['usb'])], ...(r.publicKeyAlgorithm !== undefined ? { publicKeyAlgorithm: r.publicKeyAlgorithm } : {}),
    },
  };
}

function checkClientData(clientDataJSON: string, expected: ExpectedClientData): void {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new PageWebAuthnError('ceremony-failed', 'clientDataJSON is not JSON', { cause });
  }
  const d = data as Record<string, unknown>;
  if (d.type !== expected.type || d.challenge !== expected.challenge || d.origin !== expected.origin || d.crossOrigin === true) {
    throw wrong('clientDataJSON is not the one Lanyard built for this page');
  }
}

function wrong(why: string): PageWebAuthnError {
  return new PageWebAuthnError('ceremony-failed', why);
}
