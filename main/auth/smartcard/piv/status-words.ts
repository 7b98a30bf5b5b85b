/** ISO 7816-4 / SP 800-73-4 status words → typed CardError. Every SW maps to a named code. */
import { CardError, type CardErrorCode } from '../../../core/card-error.js';
import { swHex } from './apdu.js';

/** What was being done when the card answered, for the log line. */
export type PivOperation = 'select' | 'get-data' | 'verify' | 'general-authenticate' | 'get-response' | 'command';

export function statusToError(sw: number, operation: PivOperation): CardError {
  const detail = `${operation} answered ${swHex(sw)}`;
  if ((sw & 0xfff0) === 0x63c0) {
    const triesLeft = sw & 0x0f;
    if (operation === 'verify') {
      return triesLeft === 0
        ? new CardError('pin-blocked', { statusWord: sw, detail })
        : new CardError('pin-wrong', { statusWord: sw, triesLeft, detail });
    }
    return new CardError('unknown-status', { statusWord: sw, detail });
  }
  const code = STATUS_CODES.get(sw) ?? byClass(sw);
  return new CardError(code, { statusWord: sw, detail });
}

const STATUS_CODES = new Map<number, CardErrorCode>([
  [0x6983, 'pin-blocked'],
  [0x6982, 'security-status'],
  [0x6985, 'conditions-not-satisfied'],
  [0x6a82, 'file-not-found'],
  [0x6a88, 'file-not-found'],
  [0x6700, 'wrong-length'],
  [0x6a80, 'wrong-parameters'],
  [0x6a81, 'not-supported'],
  [0x6a86, 'wrong-parameters'],
  [0x6b00, 'wrong-parameters'],
  [0x6d00, 'not-supported'],
  [0x6e00, 'not-supported'],
  [0x6883, 'wrong-parameters'],
  [0x6884, 'not-supported'],
  [0x6581, 'card-failure'],
  [0x6400, 'card-failure'],
  [0x6f00, 'card-failure'],
]);

function byClass(sw: number): CardErrorCode {
  switch (sw >> 8) {
    case 0x6c: return 'wrong-length';
    case 0x64: case 0x65: case 0x6f: return 'card-failure';
    default: return 'unknown-status';
  }
}
