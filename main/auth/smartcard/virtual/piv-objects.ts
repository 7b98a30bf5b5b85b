/**
 * The data objects a virtual PIV card holds (SP 800-73-4 part 1 §3), built once so every read is
 * byte-identical, as OpenSC expects of the Discovery object in particular.
 */
import { concatBytes, encodeTlv } from '../piv/tlv.js';
import { PIV_AID, PIV_TAG } from '../piv/piv-constants.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const empty = new Uint8Array(0);

/** Application Property Template answered to SELECT (part 2 §3.1.1). */
export function applicationPropertyTemplate(algorithmIds: readonly number[]): Uint8Array {
  return encodeTlv(0x61,
    encodeTlv(0x4f, PIV_AID.subarray(5)),
    encodeTlv(0x79, encodeTlv(0x4f, PIV_AID.subarray(0, 5))),
    encodeTlv(0x50, ascii('Lanyard Virtual PIV')),
    encodeTlv(0xac, ...algorithmIds.map((id) => encodeTlv(0x80, Uint8Array.of(id))), encodeTlv(0x06, Uint8Array.of(0x00))),
  );
}

/** Discovery object (tag 7E): AID, and PIN usage policy "PIV PIN only" (40 00). Not wrapped in 53. */
export function discoveryObject(): Uint8Array {
  return encodeTlv(0x7e, encodeTlv(0x4f, PIV_AID), encodeTlv(0x5f2f, Uint8Array.of(0x40, 0x00)));
}

/** A FASC-N for a test card (agency 9999, system 9999, credential 999999), BCD with parity. */
const TEST_FASCN = Uint8Array.of(
  0xd4, 0xe7, 0x39, 0xda, 0x73, 0x9c, 0xed, 0x39, 0xce, 0x73, 0x9d, 0x83, 0x68,
  0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xc8, 0x42, 0x10, 0xc3, 0xeb);

/** CHUID (5FC102): FASC-N, GUID, expiry, an (empty) issuer signature and the error detection code. */
export function chuidObject(guid: Uint8Array, expiry: Date): Uint8Array {
  const yyyymmdd = expiry.toISOString().slice(0, 10).replace(/-/g, '');
  return encodeTlv(PIV_TAG.container, encodeTlv(0x30, TEST_FASCN), encodeTlv(0x34, guid),
    encodeTlv(0x35, ascii(yyyymmdd)), encodeTlv(0x3e, empty), encodeTlv(0xfe, empty));
}

/** Card Capability Container (5FC107), the minimal content the spec requires. */
export function cccObject(guid: Uint8Array): Uint8Array {
  const cardId = concatBytes(Uint8Array.of(0xa0, 0x00, 0x00, 0x01, 0x16, 0xff, 0x02), guid.subarray(0, 14));
  return encodeTlv(PIV_TAG.container,
    encodeTlv(0xf0, cardId), encodeTlv(0xf1, Uint8Array.of(0x21)), encodeTlv(0xf2, Uint8Array.of(0x21)),
    encodeTlv(0xf3, empty), encodeTlv(0xf4, Uint8Array.of(0x00)), encodeTlv(0xf5, Uint8Array.of(0x10)),
    encodeTlv(0xf6, empty), encodeTlv(0xf7, empty), encodeTlv(0xfa, empty), encodeTlv(0xfb, empty),
    encodeTlv(0xfc, empty), encodeTlv(0xfd, empty), encodeTlv(0xfe, empty));
}

/** An X.509 certificate object (e.g. 5FC105, slot 9A): 70 cert, 71 CertInfo (uncompressed), FE. */
export function certificateObject(certificateDer: Uint8Array): Uint8Array {
  return encodeTlv(PIV_TAG.container, encodeTlv(0x70, certificateDer), encodeTlv(0x71, Uint8Array.of(0x00)),
    encodeTlv(0xfe, empty));
}

/** Printed Information (5FC109): readable only after the PIN. */
export function printedInformationObject(name: string, organisation: string, expiry: Date): Uint8Array {
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const date = `${expiry.getUTCFullYear()}${months[expiry.getUTCMonth()]}${String(expiry.getUTCDate()).padStart(2, '0')}`;
  return encodeTlv(PIV_TAG.container, encodeTlv(0x01, ascii(name.slice(0, 125))), encodeTlv(0x02, ascii(organisation.slice(0, 20))),
    encodeTlv(0x04, ascii(date)), encodeTlv(0x05, ascii('LANYARD-VIRTUAL')), encodeTlv(0x06, ascii(organisation.slice(0, 15))),
    encodeTlv(0xfe, empty));
}
