/**
 * Why an identity provider refuses a sign-in: the codes that travel from the reference provider
 * (main/idp) to the shell's client (main/identity) as `{ error }`, and the sentence for the person
 * at the workstation. One table, so both ends say the same thing.
 */
export type RefusalCode =
  | 'untrusted-ca' | 'revoked' | 'revocation-unknown' | 'expired' | 'unknown-user' | 'bad-signature'
  | 'stale-nonce' | 'replayed-nonce' | 'no-roles' | 'unknown-role' | 'bad-request'
  | 'unknown-credential' | 'fido-failed';

export const REFUSAL_MESSAGES: Record<RefusalCode, string> = {
  'untrusted-ca': 'This card was not issued by an authority this hospital trusts. Use your own NHS smartcard, or ask the IT service desk.',
  revoked: 'This card has been cancelled. Please contact your Registration Authority for a new card.',
  'revocation-unknown': 'The card cancellation list is out of date, so the card cannot be checked. Please call the IT service desk.',
  expired: 'This card\'s certificate is not valid today. Please contact your Registration Authority to renew it.',
  'unknown-user': 'This card is not linked to anyone in the staff directory. Please contact your Registration Authority.',
  'bad-signature': 'The card\'s answer could not be verified. Remove the card, insert it again and retry.',
  'stale-nonce': 'The sign-in took too long. Please try again.',
  'replayed-nonce': 'This sign-in attempt was already used. Please try again.',
  'no-roles': 'You have no role on this system. Please contact your Registration Authority to be given one.',
  'unknown-role': 'That role is not one of yours. Please choose again.',
  'bad-request': 'The sign-in request was not understood. Please try again; if it keeps happening call the IT service desk.',
  'unknown-credential': 'This security key is not registered to anyone. Sign in with your smartcard and register the key first.',
  'fido-failed': 'The security key\'s answer could not be verified. Please try again.',
};
