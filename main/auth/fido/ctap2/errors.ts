/**
 * CtapError: every CTAP2 status byte as a named code and a sentence a clinician can act on.
 * Wrong-finger errors carry the tries left so the shell can show them.
 */
import { FidoError, TRY_AGAIN, type FidoErrorCode } from '../errors.js';
import { CtapStatus } from './constants.js';

const USE_CARD = 'sign in with your smartcard';

const TABLE: Record<number, [FidoErrorCode, string]> = {
  [CtapStatus.INVALID_COMMAND]: ['invalid-command', 'This security key does not support fingerprint sign-in for Lanyard: sign in with your smartcard.'],
  [CtapStatus.INVALID_PARAMETER]: ['invalid-parameter', TRY_AGAIN],
  [CtapStatus.INVALID_LENGTH]: ['invalid-length', TRY_AGAIN],
  [CtapStatus.INVALID_SEQ]: ['invalid-seq', TRY_AGAIN],
  [CtapStatus.TIMEOUT]: ['ctap-timeout', TRY_AGAIN],
  [CtapStatus.CHANNEL_BUSY]: ['channel-busy', 'Your security key is busy with another request: wait a moment and try again.'],
  [CtapStatus.LOCK_REQUIRED]: ['lock-required', 'Your security key is busy with another request: wait a moment and try again.'],
  [CtapStatus.INVALID_CHANNEL]: ['invalid-channel', TRY_AGAIN],
  [CtapStatus.CBOR_UNEXPECTED_TYPE]: ['cbor-unexpected-type', TRY_AGAIN],
  [CtapStatus.INVALID_CBOR]: ['invalid-cbor', TRY_AGAIN],
  [CtapStatus.MISSING_PARAMETER]: ['missing-parameter', TRY_AGAIN],
  [CtapStatus.LIMIT_EXCEEDED]: ['limit-exceeded', TRY_AGAIN],
  [CtapStatus.FP_DATABASE_FULL]: ['fp-database-full', 'This key cannot store another fingerprint: ask IT to reset it.'],
  [CtapStatus.LARGE_BLOB_STORAGE_FULL]: ['large-blob-storage-full', 'This key is full: ask IT to reset it.'],
  [CtapStatus.CREDENTIAL_EXCLUDED]: ['credential-excluded', 'This key is already enrolled for your Lanyard account.'],
  [CtapStatus.PROCESSING]: ['processing', 'Your security key is still working: wait a moment and try again.'],
  [CtapStatus.INVALID_CREDENTIAL]: ['invalid-credential', 'This key is not enrolled for Lanyard: sign in with your card and enrol it.'],
  [CtapStatus.USER_ACTION_PENDING]: ['user-action-pending', 'Touch the fingerprint sensor on your key.'],
  [CtapStatus.OPERATION_PENDING]: ['operation-pending', 'Your security key is still working: wait a moment and try again.'],
  [CtapStatus.NO_OPERATIONS]: ['no-operations', TRY_AGAIN],
  [CtapStatus.UNSUPPORTED_ALGORITHM]: ['unsupported-algorithm', 'This security key cannot make the kind of key Lanyard needs: ask IT for a supported key.'],
  [CtapStatus.OPERATION_DENIED]: ['operation-denied', 'The security key refused the request: touch it again with your enrolled finger.'],
  [CtapStatus.KEY_STORE_FULL]: ['key-store-full', 'This key has no room for another sign-in: ask IT to remove old ones.'],
  [CtapStatus.UNSUPPORTED_OPTION]: ['unsupported-option', 'This security key cannot check fingerprints: sign in with your smartcard.'],
  [CtapStatus.INVALID_OPTION]: ['invalid-option', TRY_AGAIN],
  [CtapStatus.KEEPALIVE_CANCEL]: ['keepalive-cancel', 'Sign-in with the security key was cancelled.'],
  [CtapStatus.NO_CREDENTIALS]: ['no-credentials', 'This key is not enrolled for Lanyard: sign in with your card and enrol it.'],
  [CtapStatus.USER_ACTION_TIMEOUT]: ['user-action-timeout', 'No finger was detected in time: touch your key again.'],
  [CtapStatus.NOT_ALLOWED]: ['not-allowed', TRY_AGAIN],
  [CtapStatus.PIN_INVALID]: ['pin-invalid', `The key asked for its own PIN, which Lanyard does not use: ${USE_CARD}.`],
  [CtapStatus.PIN_BLOCKED]: ['pin-blocked', `This key's PIN is blocked: ${USE_CARD} and ask IT to reset the key.`],
  [CtapStatus.PIN_AUTH_INVALID]: ['pin-auth-invalid', TRY_AGAIN],
  [CtapStatus.PIN_AUTH_BLOCKED]: ['pin-auth-blocked', 'Too many failed attempts: take the key out and put it back, then try again.'],
  [CtapStatus.PIN_NOT_SET]: ['pin-not-set', `This key has no fingerprint set up: ${USE_CARD} and ask IT to set up the key.`],
  [CtapStatus.PUAT_REQUIRED]: ['puat-required', `This key needs its PIN, which Lanyard does not use: ${USE_CARD}.`],
  [CtapStatus.PIN_POLICY_VIOLATION]: ['pin-policy-violation', TRY_AGAIN],
  [CtapStatus.REQUEST_TOO_LARGE]: ['request-too-large', TRY_AGAIN],
  [CtapStatus.ACTION_TIMEOUT]: ['action-timeout', 'The key waited too long: touch it again.'],
  [CtapStatus.UP_REQUIRED]: ['up-required', 'Touch your key to continue.'],
  [CtapStatus.UV_BLOCKED]: ['uv-blocked', `Fingerprint is blocked on this key: ${USE_CARD}.`],
  [CtapStatus.INTEGRITY_FAILURE]: ['integrity-failure', TRY_AGAIN],
  [CtapStatus.INVALID_SUBCOMMAND]: ['invalid-subcommand', TRY_AGAIN],
  [CtapStatus.UV_INVALID]: ['uv-invalid', 'Fingerprint not recognised: try again with your enrolled finger.'],
  [CtapStatus.UNAUTHORIZED_PERMISSION]: ['unauthorized-permission', TRY_AGAIN],
  [CtapStatus.OTHER]: ['ctap-other', TRY_AGAIN],
};

export class CtapError extends FidoError {
  override readonly name = 'CtapError';

  constructor(
    /** The CTAP2 status byte, or -1 for a client-side refusal. */
    readonly status: number,
    code: FidoErrorCode,
    message: string,
    userMessage: string,
    /** UV attempts left (uv-invalid) when the key told us. */
    readonly retriesLeft: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, message, userMessage, options);
  }

  /** The error for a CTAP2 status byte returned by an authenticator. */
  static fromStatus(status: number, context: string, retriesLeft: number | null = null): CtapError {
    const [code, sentence] = TABLE[status] ?? ['ctap-unknown', TRY_AGAIN] as const;
    const hexStatus = `0x${status.toString(16).padStart(2, '0')}`;
    let userMessage = sentence;
    if (status === CtapStatus.UV_INVALID && retriesLeft !== null) {
      userMessage = retriesLeft <= 0
        ? `Fingerprint is blocked on this key: ${USE_CARD}.`
        : `Fingerprint not recognised: ${retriesLeft} ${retriesLeft === 1 ? 'try' : 'tries'} left`;
    }
    return new CtapError(status, code, `${context}: CTAP2 status ${hexStatus} (${code})`, userMessage, retriesLeft);
  }
}

/** Named code for a status byte (the virtual authenticator and logs use it). */
export function statusCode(status: number): FidoErrorCode {
  return TABLE[status]?.[0] ?? 'ctap-unknown';
}
