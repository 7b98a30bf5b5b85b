/**
 * Every way a smartcard operation can fail, as a closed set of codes. `message` is for logs;
 * `userMessage` is the sentence a clinician sees and can act on. PINs never appear in either.
 */
export type CardErrorCode =
  /** VERIFY answered 63Cx: the PIN was wrong, `triesLeft` tries remain. */
  | 'pin-wrong'
  /** VERIFY answered 6983 (or 63C0): the PIN is blocked until a registration authority resets it. */
  | 'pin-blocked'
  /** The typed PIN is not digits of the length the card takes (checked before the card sees it). */
  | 'pin-format'
  /** The card does not carry the PIV application (SELECT answered 6A82 / 6D00 / 6E00 …). */
  | 'not-piv'
  /** The card left the reader during the operation. */
  | 'card-removed'
  /** The card was reset by another application; the operation can be started again. */
  | 'card-reset'
  /** The reader is gone or cannot be used. */
  | 'reader-unavailable'
  /** The card service (pcscd / Windows Smart Card service) is not running. */
  | 'service-unavailable'
  /** Another application holds the card exclusively. */
  | 'card-busy'
  /** The card answered, but the data did not parse (truncated or malformed TLV, short response). */
  | 'malformed-response'
  /** 6982: the card needs the PIN first. */
  | 'security-status'
  /** 6A82: the data object or applet does not exist. */
  | 'file-not-found'
  /** 6700 / 6Cxx: the command length did not suit the card. */
  | 'wrong-length'
  /** 6A80 / 6A86 / 6B00 / 6A81: the card rejected the command's parameters or data. */
  | 'wrong-parameters'
  /** 6D00 / 6E00: the card does not support this instruction or class. */
  | 'not-supported'
  /** 6985: conditions of use not satisfied (e.g. a signing key that needs a fresh PIN). */
  | 'conditions-not-satisfied'
  /** 6581 / 6400: the card reported an internal failure. */
  | 'card-failure'
  /** The authentication certificate has expired or is not yet valid. */
  | 'certificate-expired'
  /** The authentication certificate is missing, unreadable or not issued for sign-in. */
  | 'certificate-invalid'
  /** The exchange with the reader failed below the APDU level. */
  | 'transport'
  /** The card took too long to answer. */
  | 'timeout'
  /** A status word with no specific meaning to us. */
  | 'unknown-status';

export interface CardErrorOptions {
  /** For 'pin-wrong': tries left before the card locks. */
  triesLeft?: number;
  /** The ISO 7816 status word (SW1 << 8 | SW2) that caused this, when there was one. */
  statusWord?: number;
  /** Technical detail for logs (never a PIN). */
  detail?: string;
  cause?: unknown;
}

const UNLOCK_ROUTE = 'Ask the registration authority or IT service desk to unlock it.';

/** The sentence a clinician sees for each code. */
export function cardUserMessage(code: CardErrorCode, triesLeft?: number): string {
  switch (code) {
    case 'pin-wrong':
      if (triesLeft === undefined) return 'Wrong PIN. Check it and try again.';
      if (triesLeft === 1) return 'Wrong PIN: 1 try left before the card locks. If you are unsure of your PIN, stop and contact the IT service desk.';
      return `Wrong PIN: ${triesLeft} tries left before the card locks.`;
    case 'pin-blocked':
      return `Your card is locked after too many wrong PINs. ${UNLOCK_ROUTE}`;
    case 'pin-format':
      return 'That PIN has the wrong number of digits for this card. Please type it again.';
    case 'not-piv':
      return 'This card is not a staff smartcard that Lanyard can use. Use your NHS smartcard, or ask the IT service desk.';
    case 'card-removed':
      return 'The card was removed before sign-in finished. Insert it again and keep it in the reader.';
    case 'card-reset':
      return 'Another program on this computer reset your card, so it needs your PIN again. Enter your PIN to carry on.';
    case 'reader-unavailable':
      return 'The card reader is not available. Check it is plugged in, then insert your card again.';
    case 'service-unavailable':
      return 'The card service is not running on this computer. Lanyard keeps trying; if it does not recover, contact the IT service desk.';
    case 'card-busy':
      return 'Another program is using the card. Close it, then remove and insert your card again.';
    case 'malformed-response':
    case 'card-failure':
    case 'unknown-status':
    case 'wrong-parameters':
    case 'not-supported':
    case 'wrong-length':
    case 'file-not-found':
      return 'The card could not be read. Remove it and insert it again; if this keeps happening, contact the IT service desk.';
    case 'security-status':
    case 'conditions-not-satisfied':
      return 'The card needs your PIN again. Remove it, insert it again and enter your PIN.';
    case 'certificate-expired':
      return 'The certificate on your card has expired or is not valid yet. Contact your registration authority to renew your card.';
    case 'certificate-invalid':
      return 'The certificate on your card cannot be used to sign in. Contact your registration authority.';
    case 'transport':
    case 'timeout':
      return 'Lanyard lost contact with the card. Remove it and insert it again.';
  }
}

export class CardError extends Error {
  override readonly name = 'CardError';
  readonly code: CardErrorCode;
  readonly triesLeft?: number;
  readonly statusWord?: number;
  override readonly cause?: unknown;

  constructor(code: CardErrorCode, opts: CardErrorOptions = {}) {
    const sw = opts.statusWord === undefined ? '' : ` (SW ${opts.statusWord.toString(16).padStart(4, '0').toUpperCase()})`;
    super(`${code}${opts.detail ? `: ${opts.detail}` : ''}${sw}`, { cause: opts.cause });
    this.code = code;
    if (opts.triesLeft !== undefined) this.triesLeft = opts.triesLeft;
    if (opts.statusWord !== undefined) this.statusWord = opts.statusWord;
    this.cause = opts.cause;
  }

  /** What to tell the clinician. */
  get userMessage(): string {
    return cardUserMessage(this.code, this.triesLeft);
  }
}

export function isCardError(value: unknown, code?: CardErrorCode): value is CardError {
  return value instanceof CardError && (code === undefined || value.code === code);
}
