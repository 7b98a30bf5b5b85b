/** Identifiers from NIST SP 800-73-4 that both the PIV profile and the virtual card use. */

/** Full PIV Card Application AID (RID A0 00 00 03 08, PIX 00 00 10 00 01 00). */
export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00);
/** The right-truncated AID (no version) hosts usually SELECT with. */
export const PIV_AID_SELECT = PIV_AID.subarray(0, 9);

export const PIV_INS = {
  SELECT: 0xa4,
  GET_DATA: 0xcb,
  VERIFY: 0x20,
  GENERAL_AUTHENTICATE: 0x87,
  GET_RESPONSE: 0xc0,
  /** YubiKey extensions that yubico-piv-tool sends. */
  GET_VERSION: 0xfd,
  GET_SERIAL: 0xf8,
} as const;

/** BER-TLV tags of PIV data objects (the value of tag 5C in GET DATA). */
export const PIV_TAG = {
  discovery: 0x7e,
  chuid: 0x5fc102,
  ccc: 0x5fc107,
  authenticationCertificate: 0x5fc105,
  /** X.509 Certificate for Card Authentication (slot 9E): readable, and its key usable, with no PIN. */
  cardAuthenticationCertificate: 0x5fc101,
  printedInformation: 0x5fc109,
  /** Every GET DATA answer but Discovery is wrapped in 53. */
  container: 0x53,
  dynamicAuthenticationTemplate: 0x7c,
} as const;

export const PIV_KEY = {
  /** PIV Card Application PIN. */
  pin: 0x80,
  /** PIV Authentication key (slot 9A). */
  authentication: 0x9a,
  /** Card Authentication key (slot 9E): GENERAL AUTHENTICATE needs no PIN (part 1 §3.2.4). */
  cardAuthentication: 0x9e,
} as const;

export const PIV_ALGORITHM = { rsa2048: 0x07, p256: 0x11 } as const;

/** PIV PINs are 6–8 digits, padded with FF to 8 bytes (part 2 §3.2.1). */
export const PIV_PIN = { min: 6, max: 8, paddedLength: 8 } as const;
