/**
 * Everything the shell's identity client can fail with: transport problems, and the identity
 * provider's refusals passed through with their own code. `userMessage` is for the person at the
 * workstation; `message` and `cause` are for logs.
 */
import { ENROLMENT_MESSAGES, REFUSAL_MESSAGES } from '../core/refusals.js';

// The provider's refusals keep their own code and sentence; 'bad-request' is a protocol error here.
const { 'bad-request': _badRequest, ...REFUSAL_MESSAGES_FOR_SHELL } = REFUSAL_MESSAGES;

export type IdentityErrorCode =
  | 'idp-unreachable' | 'idp-timeout' | 'idp-protocol'
  | 'untrusted-ca' | 'revoked' | 'revocation-unknown' | 'revocation-unavailable' | 'expired' | 'unknown-user' | 'bad-signature'
  | 'certificate-not-for-sign-in' | 'certificate-key-usage' | 'certificate-is-ca'
  | 'enrolment-not-allowed' | 'reauth-required' | 'attestation-refused'
  | 'stale-nonce' | 'replayed-nonce' | 'no-roles' | 'unknown-role'
  | 'unknown-credential' | 'fido-failed'
  | 'refresh-failed' | 'signed-out' | 'card-required' | 'not-found'
  | 'certificate-refused' | 'card-middleware';

const USER_MESSAGES: Record<IdentityErrorCode, string> = {
  ...REFUSAL_MESSAGES_FOR_SHELL,
  'idp-unreachable': 'The sign-in service cannot be reached. Check the network cable, then try again; if it keeps happening call the IT service desk.',
  'idp-timeout': 'The sign-in service is not answering. Please try again in a minute; if it keeps happening call the IT service desk.',
  'idp-protocol': 'The sign-in service gave an answer Lanyard does not understand. Please call the IT service desk.',
  'refresh-failed': 'Your sign-in has ended. Please sign in again.',
  'signed-out': 'You have been signed out. Please sign in again.',
  'card-required': ENROLMENT_MESSAGES['card-required'],
  'not-found': ENROLMENT_MESSAGES['not-found'],
  'certificate-refused': 'The sign-in service did not accept your smartcard. Please call the IT service desk; you can sign in on another workstation meanwhile.',
  'card-middleware': 'Lanyard could not use your smartcard to sign in. Remove the card, tap it again and retype your PIN; if it keeps happening call the IT service desk.',
  'enrolment-not-allowed': ENROLMENT_MESSAGES['enrolment-not-allowed'],
  'reauth-required': ENROLMENT_MESSAGES['reauth-required'],
  'attestation-refused': ENROLMENT_MESSAGES['attestation-refused'],
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
