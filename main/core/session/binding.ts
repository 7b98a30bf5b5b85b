/**
 * Who may resume a suspended session, decided in one place. A session is bound to the credential it
 * began with; a presented credential is the same holder only when every part the card or key proves
 * matches. Everything a card offers without a PIN (card ID, certificates) can be copied, so a re-tap
 * within the PIN grace resumes without the PIN only when the card can sign with its PIN-less Card
 * Authentication key (PIV slot 9E) whose certificate the session recorded.
 */
export type CredentialBinding =
  | { readonly kind: 'card'; readonly cardId: string; readonly certSha256: string; readonly cardAuthSha256?: string }
  | { readonly kind: 'fido'; readonly credentialId: string };

export type AuthMethod = 'smartcard' | 'fido';

/** How the holder of a matching credential proves it on a resume. 'verified': already proven (a
 * fingerprint key touch is a full provider sign-in with user verification). */
export type ResumeProof = 'verified' | 'card-key' | 'pin';

export function methodOf(binding: CredentialBinding): AuthMethod {
  return binding.kind === 'card' ? 'smartcard' : 'fido';
}

/** The key card and key events carry: a card's ID or a FIDO credential ID, never mixed up. */
export function credentialKey(binding: CredentialBinding): string {
  return binding.kind === 'card' ? `card:${binding.cardId}` : `fido:${binding.credentialId}`;
}

/** 'same': the very credential the session began with. 'impostor': it claims to be (same card ID)
 * but a certificate differs: a copied or re-issued card. 'other': somebody else's. */
export function matchHolder(bound: CredentialBinding, presented: CredentialBinding): 'same' | 'impostor' | 'other' {
  if (credentialKey(bound) !== credentialKey(presented)) return 'other';
  if (bound.kind === 'fido' || presented.kind === 'fido') return 'same';
  if (bound.certSha256 !== presented.certSha256) return 'impostor';
  if (bound.cardAuthSha256 !== undefined && bound.cardAuthSha256 !== presented.cardAuthSha256) return 'impostor';
  return 'same';
}

export function resumeProof(bound: CredentialBinding, presented: CredentialBinding, withinGrace: boolean): ResumeProof {
  if (presented.kind === 'fido') return 'verified';
  const pinless = bound.kind === 'card' && bound.cardAuthSha256 !== undefined && bound.cardAuthSha256 === presented.cardAuthSha256;
  return withinGrace && pinless ? 'card-key' : 'pin';
}
