import { FidoError, TRY_AGAIN, type FidoErrorCode } from '../errors.js';
import { CtaphidErr } from './constants.js';

const BY_BYTE: Record<number, FidoErrorCode> = {
  [CtaphidErr.INVALID_CMD]: 'ctaphid-invalid-cmd',
  [CtaphidErr.INVALID_PAR]: 'ctaphid-invalid-par',
  [CtaphidErr.INVALID_LEN]: 'ctaphid-invalid-len',
  [CtaphidErr.INVALID_SEQ]: 'ctaphid-invalid-seq',
  [CtaphidErr.MSG_TIMEOUT]: 'ctaphid-msg-timeout',
  [CtaphidErr.CHANNEL_BUSY]: 'ctaphid-channel-busy',
  [CtaphidErr.LOCK_REQUIRED]: 'ctaphid-lock-required',
  [CtaphidErr.INVALID_CHANNEL]: 'ctaphid-invalid-channel',
  [CtaphidErr.OTHER]: 'ctaphid-other',
};

const BUSY = 'Your security key is busy with another request: wait a moment and try again.';
const UNPLUGGED = 'The security key was taken out: put it back and try again.';

const SENTENCES: Partial<Record<FidoErrorCode, string>> = {
  'ctaphid-channel-busy': BUSY,
  'ctaphid-lock-required': BUSY,
  'device-removed': UNPLUGGED,
  'timeout': 'Your security key did not respond in time: touch it again, or take it out and put it back.',
  'cancelled': 'Sign-in with the security key was cancelled.',
};

/** Errors of the CTAPHID layer: framing, channel and device faults. */
export class CtaphidError extends FidoError {
  override readonly name = 'CtaphidError';
  constructor(code: FidoErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, SENTENCES[code] ?? TRY_AGAIN, options);
  }

  /** The error an authenticator reported with CTAPHID_ERROR. */
  static fromErrorByte(byte: number): CtaphidError {
    const code = BY_BYTE[byte] ?? 'ctaphid-other';
    return new CtaphidError(code, `CTAPHID_ERROR 0x${byte.toString(16).padStart(2, '0')} (${code})`);
  }

  /** The CTAPHID_ERROR byte an authenticator sends for this error (OTHER when not a wire error). */
  get errorByte(): number {
    for (const [byte, code] of Object.entries(BY_BYTE)) if (code === this.code) return Number(byte);
    return CtaphidErr.OTHER;
  }
}
