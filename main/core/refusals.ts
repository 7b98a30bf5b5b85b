/**
 * Why an identity provider refuses a sign-in: the codes that travel from the reference provider
 * (main/idp) to the shell's client (main/identity) as `{ error }`, and the sentence for the person
 * at the workstation. One table, so both ends say the same thing.
 */
export type RefusalCode =
  | 'untrusted-ca' | 'revoked' | 'revocation-unknown' | 'revocation-unavailable' | 'expired' | 'unknown-user' | 'bad-signature'
  | 'certificate-not-for-sign-in' | 'certificate-key-usage' | 'certificate-is-ca'
  | 'stale-nonce' | 'replayed-nonce' | 'no-roles' | 'unknown-role' | 'bad-request'
  | 'unknown-credential' | 'fido-failed';

export const REFUSAL_MESSAGES: Record<RefusalCode, string> = {
  'untrusted-ca': 'This card was not issued by an authority this hospital trusts. Use your own NHS smartcard, or ask the IT service desk.',
  revoked: 'This card has been cancelled. Please contact your Registration Authority for a new card.',
  'revocation-unknown': 'Whether this card has been cancelled cannot be confirmed (the cancellation list is out of date, or the card\'s authority does not know this card). Please call the IT service desk.',
  'revocation-unavailable': 'The service that confirms this card has not been cancelled did not give a usable answer, so the card cannot be accepted. Please try again in a minute; if it keeps happening call the IT service desk.',
  expired: 'This card\'s certificate is not valid today. Please contact your Registration Authority to renew it.',
  'unknown-user': 'This card is not linked to anyone in the staff directory. Please contact your Registration Authority.',
  'bad-signature': 'The card\'s answer could not be verified. Remove the card, insert it again and retry.',
  'certificate-not-for-sign-in': 'This card\'s certificate is not issued for signing in. Please contact your Registration Authority for a sign-in card.',
  'certificate-key-usage': 'This card\'s certificate may not be used to sign in (its key is not for signing). Please contact your Registration Authority.',
  'certificate-is-ca': 'This card holds an authority certificate, not a personal one, and cannot sign anyone in. Please contact your Registration Authority.',
  'stale-nonce': 'The sign-in took too long. Please try again.',
  'replayed-nonce': 'This sign-in attempt was already used. Please try again.',
  'no-roles': 'You have no role on this system. Please contact your Registration Authority to be given one.',
  'unknown-role': 'That role is not one of yours. Please choose again.',
  'bad-request': 'The sign-in request was not understood. Please try again; if it keeps happening call the IT service desk.',
  'unknown-credential': 'This security key is not registered to anyone. Sign in with your smartcard and register the key first.',
  'fido-failed': 'The security key\'s answer could not be verified. Please try again.',
};

/** Why the provider refuses to enrol or remove a security key (its FIDO enrolment routes). */
export type EnrolmentRefusalCode =
  | 'signed-out' | 'enrolment-not-allowed' | 'card-required' | 'reauth-required' | 'attestation-refused'
  | 'unknown-user' | 'stale-nonce' | 'fido-failed' | 'not-found' | 'bad-request';

export const ENROLMENT_MESSAGES: Record<EnrolmentRefusalCode, string> = {
  'signed-out': 'Your sign-in has ended. Sign in with your smartcard again.',
  'enrolment-not-allowed': 'Security keys can only be registered or removed from Lanyard itself, not from an app. Please use Enrol key in Lanyard.',
  'card-required': 'Security keys can only be registered or removed after signing in with your smartcard.',
  'reauth-required': 'To register or remove a security key, sign in with your smartcard again first: it must be a recent sign-in.',
  'attestation-refused': 'This security key is not a model this hospital has approved. Use a key issued by the IT service desk.',
  'unknown-user': 'You are not in the staff directory.',
  'stale-nonce': 'Registering the key took too long. Please try again.',
  'fido-failed': 'The security key\'s answer could not be verified. Please try again.',
  'not-found': 'That security key is not registered to you.',
  'bad-request': 'The request to register the key was not understood. Please try again; if it keeps happening call the IT service desk.',
};
