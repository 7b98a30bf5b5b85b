/** PC/SC error codes (as pcsclite puts them in its messages, "…(0x80100069)") → CardError. */
import { CardError, type CardErrorCode } from '../../core/card-error.js';

const PCSC_CODES = new Map<number, CardErrorCode>([
  [0x80100069, 'card-removed'],      // SCARD_W_REMOVED_CARD
  [0x8010000c, 'card-removed'],      // SCARD_E_NO_SMARTCARD
  [0x80100068, 'card-reset'],        // SCARD_W_RESET_CARD
  [0x8010000b, 'card-busy'],         // SCARD_E_SHARING_VIOLATION
  [0x80100009, 'reader-unavailable'],// SCARD_E_UNKNOWN_READER
  [0x80100017, 'reader-unavailable'],// SCARD_E_READER_UNAVAILABLE
  [0x8010002e, 'reader-unavailable'],// SCARD_E_NO_READERS_AVAILABLE
  [0x8010001d, 'service-unavailable'],// SCARD_E_NO_SERVICE
  [0x8010001e, 'service-unavailable'],// SCARD_E_SERVICE_STOPPED
  [0x80100013, 'service-unavailable'],// SCARD_F_COMM_ERROR ("RPC transport error": pcscd went away)
  [0x80100003, 'service-unavailable'],// SCARD_E_INVALID_HANDLE (context of a dead pcscd)
  [0x8010000a, 'timeout'],           // SCARD_E_TIMEOUT
  [0x80100066, 'transport'],         // SCARD_W_UNRESPONSIVE_CARD
  [0x80100067, 'transport'],         // SCARD_W_UNPOWERED_CARD
  [0x8010000f, 'transport'],         // SCARD_E_PROTO_MISMATCH
  [0x80100016, 'transport'],         // SCARD_E_NOT_TRANSACTED
]);

/** The 0x8010xxxx code in a pcsclite error message, if any. */
export function pcscCode(err: unknown): number | undefined {
  const match = /\(0x([0-9a-fA-F]{8})\)/.exec(err instanceof Error ? err.message : String(err));
  return match?.[1] ? parseInt(match[1], 16) : undefined;
}

export function pcscError(err: unknown, detail: string): CardError {
  const code = pcscCode(err);
  return new CardError((code !== undefined && PCSC_CODES.get(code)) || 'transport', { detail, cause: err });
}

/** True when the error means the PC/SC context is dead and a new one is needed. */
export function isServiceLost(err: unknown): boolean {
  const code = pcscCode(err);
  return code !== undefined && PCSC_CODES.get(code) === 'service-unavailable';
}
