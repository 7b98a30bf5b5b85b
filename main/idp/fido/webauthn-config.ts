/** The provider as a WebAuthn relying party: its RP ID is the issuer's host, its origin the issuer's. */
export interface WebAuthnRp {
  rpId: string;
  origin: string;
  rpName: string;
}

export function webAuthnRpFor(issuer: string, rpName = 'Lanyard sign-in'): WebAuthnRp {
  const url = new URL(issuer);
  return { rpId: url.hostname, origin: url.origin, rpName };
}

/** AMR values (RFC 8176) for a hardware key with built-in fingerprint verification. */
export const FIDO_AMR_VALUES = ['hwk', 'fpt'];
