/**
 * The RFC 7512 URI of the PIV Authentication key (slot 9A) on one particular card, as OpenSC's
 * PKCS#11 module names it: the token's serial number is the last 8 bytes of the card's CHUID GUID
 * in lower-case hex, the key's ID is 01. With the serial the engine logs in to that card only;
 * two cards in two readers are never confused (and a key that is not the certificate's is refused
 * by OpenSSL before any handshake).
 */

/** OpenSC's token serial for a PIV card with CHUID GUID `cardId` (UUID form). */
export function openScTokenSerial(cardId: string): string {
  const hex = cardId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError('a PIV card ID is a UUID (CHUID GUID)');
  return hex.slice(16);
}

/** RFC 3986 percent-encoding of everything outside the unreserved set (RFC 7512 §2.3). */
function pct(value: string): string {
  return Array.from(new TextEncoder().encode(value), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

export function pivAuthenticationKeyUri(cardId: string, pin: string): string {
  return `pkcs11:serial=${openScTokenSerial(cardId)};id=%01;object-type=private;pin-value=${pct(pin)}`;
}
