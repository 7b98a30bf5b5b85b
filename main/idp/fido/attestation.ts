/**
 * Which authenticator model a new key is, proven by its attestation, and whether the trust allows
 * it. verifyRegistrationResponse has already checked the statement itself (for `packed` with x5c:
 * the signature by the attestation certificate, its WebAuthn §8.2.1 form, and that its
 * id-fido-gen-ce-aaguid matches the authenticator data's AAGUID). Here the certificate path is
 * checked against this provider's own roots, passed per call: @simplewebauthn's SettingsService
 * root store is process-wide and skips path validation when it is empty.
 */
import { decodeAttestationObject, convertCertBufferToPEM, validateCertificatePath } from '@simplewebauthn/server/helpers';
import type { ResolvedEnrolmentPolicy } from './enrolment-policy.js';

export class AttestationRefused extends Error {
  override readonly name = 'AttestationRefused';
}

export interface AttestedModel {
  aaguid: string;
  /** 'basic' when the model was proven by a certificate path, 'unattested' (demo only) otherwise. */
  kind: 'basic' | 'unattested';
}

export async function checkAttestation(
  info: { fmt: string; aaguid: string; attestationObject: Uint8Array },
  policy: ResolvedEnrolmentPolicy,
): Promise<AttestedModel> {
  const aaguid = info.aaguid.toLowerCase();
  const attStmt = decodeAttestationObject(new Uint8Array(info.attestationObject)).get('attStmt');
  const x5c = attStmt.get('x5c');
  if (info.fmt !== 'packed' || !x5c?.length) {
    // `none`, self attestation (packed without x5c) and formats the trust does not use prove no model.
    if (policy.allowUnattested) return { aaguid, kind: 'unattested' };
    throw new AttestationRefused(`attestation ${info.fmt}${info.fmt === 'packed' ? ' (self)' : ''} names no approved model`);
  }
  if (!policy.aaguids.has(aaguid)) throw new AttestationRefused(`authenticator model ${aaguid} is not on the allow-list`);
  if (policy.roots.length === 0) throw new AttestationRefused('no attestation roots configured');
  try {
    await validateCertificatePath(x5c.map(convertCertBufferToPEM), policy.roots.map((r) => r.toString('pem')));
  } catch (cause) {
    throw new AttestationRefused(`attestation certificate does not chain to an approved root: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return { aaguid, kind: 'basic' };
}
