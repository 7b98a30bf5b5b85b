/**
 * Everything the shell's identity client can fail with: transport problems, and the identity
 * provider's refusals passed through with their own code. `userMessage` is for the person at the
 * workstation; `message` and `cause` are for logs.
 */
export type IdentityErrorCode =
  | 'idp-unreachable' | 'idp-timeout' | 'idp-protocol'
  | 'untrusted-ca' | 'revoked' | 'revocation-unknown' | 'expired' | 'unknown-user' | 'bad-signature'
  | 'stale-nonce' | 'replayed-nonce' | 'no-roles' | 'unknown-role'
  | 'unknown-credential' | 'fido-failed'
  | 'refresh-failed' | 'signed-out' | 'card-required' | 'not-found';

const USER_MESSAGES: Record<IdentityErrorCode, string> = {
  'idp-unreachable': 'The sign-in service cannot be reached. Check the network cable, then try again; if it keeps happening call the IT service desk.',
  'idp-timeout': 'The sign-in service is not answering. Please try again in a minute; if it keeps happening call the IT service desk.',
  'idp-protocol': 'The sign-in service gave an answer Lanyard does not understand. Please call the IT service desk.',
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
  'unknown-credential': 'This security key is not registered to anyone. Sign in with your smartcard and register the key first.',
  'fido-failed': 'The security key\'s answer could not be verified. Please try again.',
  'refresh-failed': 'Your sign-in has ended. Please sign in again.',
  'signed-out': 'You have been signed out. Please sign in again.',
  'card-required': 'Security keys can only be registered or removed after signing in with your smartcard.',
  'not-found': 'That security key is not registered to you.',
};

const CODES = new Set(Object.keys(USER_MESSAGES));

export function isIdentityErrorCode(code: unknown): code is IdentityErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

export class IdentityError extends Error {
  readonly userMessage: string;
  /** True when trying again later may succeed (transport problems), false for refusals. */
  readonly retryable: boolean;

  constructor(readonly code: IdentityErrorCode, message: string, options?: { cause?: unknown; userMessage?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdentityError';
    this.userMessage = options?.userMessage ?? USER_MESSAGES[code];
    this.retryable = code === 'idp-unreachable' || code === 'idp-timeout';
  }
}
