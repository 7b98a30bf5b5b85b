/**
 * Who may bind a security key to a person, and which keys: the provider's configuration for FIDO2
 * enrolment (docs/security.md, "Identity provider"). A key that is enrolled signs its holder in at
 * assurance level 3 from any workstation, so enrolment is as strong as a card sign-in, and only for
 * authenticator models the trust has approved.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** The scope a token must carry to enrol or remove keys. Only the enrolment client may be issued it. */
export const ENROLMENT_SCOPE = 'lanyard_fido_enrolment';
/** How long an enrolment token lives: the ceremony takes a touch, not a shift. */
export const ENROLMENT_TOKEN_TTL_S = 5 * 60;
const DEFAULT_MAX_AGE_S = 5 * 60;

export interface AttestationPolicy {
  /** AAGUIDs (8-4-4-4-12) of the authenticator models the trust issues. */
  aaguids: string[];
  /** PEM roots the models' attestation certificates chain to (the vendor's, as published in the
   * FIDO Metadata Service `attestationRootCertificates`). */
  rootPems: string[];
  /** Demo only: also accept keys that prove no model (`none` or self attestation). The provider
   * refuses to start with it unless it runs as the demo provider. */
  allowUnattested?: boolean;
}

export interface FidoEnrolmentPolicy {
  /** The only client whose access tokens may enrol or remove keys: the shell. */
  clientId: string;
  /** Enrolment is open for this long after a smartcard sign-in (default 300 s). */
  maxAgeSeconds?: number;
  attestation: AttestationPolicy;
}

export interface ResolvedEnrolmentPolicy {
  clientId: string;
  maxAgeSeconds: number;
  aaguids: ReadonlySet<string>;
  roots: x509.X509Certificate[];
  allowUnattested: boolean;
}

export class EnrolmentPolicyError extends Error {
  override readonly name = 'EnrolmentPolicyError';
}

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks the configuration once, at start: a mistake stops the provider rather than loosening it. */
export function resolveEnrolmentPolicy(policy: FidoEnrolmentPolicy, demo: boolean): ResolvedEnrolmentPolicy {
  const { attestation } = policy;
  if (!policy.clientId) throw new EnrolmentPolicyError('fidoEnrolment.clientId is empty');
  const maxAgeSeconds = policy.maxAgeSeconds ?? DEFAULT_MAX_AGE_S;
  if (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0 || maxAgeSeconds > 3600) {
    throw new EnrolmentPolicyError(`fidoEnrolment.maxAgeSeconds ${maxAgeSeconds} is not between 1 and 3600`);
  }
  if (attestation.allowUnattested && !demo) {
    throw new EnrolmentPolicyError('fidoEnrolment.attestation.allowUnattested is for the demo provider only');
  }
  const aaguids = attestation.aaguids.map((a) => a.toLowerCase());
  const bad = aaguids.find((a) => !AAGUID.test(a));
  if (bad !== undefined) throw new EnrolmentPolicyError(`fidoEnrolment.attestation.aaguids: "${bad}" is not an AAGUID`);
  const roots = attestation.rootPems.map((pem, i) => {
    try {
      return new x509.X509Certificate(pem);
    } catch (cause) {
      throw new EnrolmentPolicyError(`fidoEnrolment.attestation.rootPems[${i}] is not a certificate`, { cause });
    }
  });
  return { clientId: policy.clientId, maxAgeSeconds, aaguids: new Set(aaguids), roots, allowUnattested: attestation.allowUnattested === true };
}
