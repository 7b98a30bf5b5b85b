/**
 * One error type for everything between a HID report and a WebAuthn response. `code` is stable
 * and named (tests, audit, shell logic branch on it); `userMessage` is the sentence a clinician
 * sees; `message` is for logs. The lower-level cause is kept.
 */
export type FidoErrorCode =
  // CTAPHID transport (host side and authenticator side)
  | 'ctaphid-invalid-cmd' | 'ctaphid-invalid-par' | 'ctaphid-invalid-len' | 'ctaphid-invalid-seq'
  | 'ctaphid-msg-timeout' | 'ctaphid-channel-busy' | 'ctaphid-lock-required'
  | 'ctaphid-invalid-channel' | 'ctaphid-other'
  | 'malformed-frame' | 'unexpected-response' | 'nonce-mismatch'
  | 'timeout' | 'cancelled' | 'device-removed' | 'device-io'
  // CTAP2 status codes and client-side checks
  | 'invalid-command' | 'invalid-parameter' | 'invalid-length' | 'invalid-seq' | 'ctap-timeout'
  | 'channel-busy' | 'lock-required' | 'invalid-channel' | 'cbor-unexpected-type' | 'invalid-cbor'
  | 'missing-parameter' | 'limit-exceeded' | 'fp-database-full' | 'large-blob-storage-full'
  | 'credential-excluded' | 'processing' | 'invalid-credential' | 'user-action-pending'
  | 'operation-pending' | 'no-operations' | 'unsupported-algorithm' | 'operation-denied'
  | 'key-store-full' | 'unsupported-option' | 'invalid-option' | 'keepalive-cancel'
  | 'no-credentials' | 'user-action-timeout' | 'not-allowed' | 'pin-invalid' | 'pin-blocked'
  | 'pin-auth-invalid' | 'pin-auth-blocked' | 'pin-not-set' | 'puat-required'
  | 'pin-policy-violation' | 'request-too-large' | 'action-timeout' | 'up-required'
  | 'uv-blocked' | 'integrity-failure' | 'invalid-subcommand' | 'uv-invalid'
  | 'unauthorized-permission' | 'ctap-other' | 'ctap-unknown'
  | 'uv-not-supported' | 'malformed-response'
  // WebAuthn client checks
  | 'bad-options' | 'rp-id-mismatch';

export class FidoError extends Error {
  override readonly name: string = 'FidoError';
  constructor(
    readonly code: FidoErrorCode,
    message: string,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Generic sentence for faults the clinician cannot fix other than by trying again. */
export const TRY_AGAIN = 'Your security key did not answer properly: take it out, put it back and try again.';
