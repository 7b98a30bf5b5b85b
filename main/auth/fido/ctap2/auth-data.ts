/** Authenticator data (WebAuthn §6.1): the fixed-layout bytes every response is signed over. */
import { FidoError, TRY_AGAIN } from '../errors.js';

export const AuthDataFlag = { UP: 0x01, UV: 0x04, AT: 0x40, ED: 0x80 } as const;

export interface ParsedAuthData {
  rpIdHash: Uint8Array;
  flags: number;
  signCount: number;
  /** Present when the AT flag is set (makeCredential). */
  aaguid: Uint8Array | null;
  credentialId: Uint8Array | null;
  /** COSE key and any extensions that follow the credential id. */
  rest: Uint8Array;
}

export function parseAuthData(bytes: Uint8Array): ParsedAuthData {
  const bad = (why: string) => new FidoError('malformed-response', `authenticator data ${why}`, TRY_AGAIN);
  if (bytes.length < 37) throw bad(`too short (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = bytes[32]!;
  const base = { rpIdHash: bytes.slice(0, 32), flags, signCount: view.getUint32(33) };
  if (!(flags & AuthDataFlag.AT)) return { ...base, aaguid: null, credentialId: null, rest: bytes.slice(37) };
  if (bytes.length < 55) throw bad('ends inside attested credential data');
  const idLength = view.getUint16(53);
  if (bytes.length < 55 + idLength + 1) throw bad('ends inside the credential id');
  return {
    ...base,
    aaguid: bytes.slice(37, 53),
    credentialId: bytes.slice(55, 55 + idLength),
    rest: bytes.slice(55 + idLength),
  };
}

export function buildAuthData(parts: {
  rpIdHash: Uint8Array; flags: number; signCount: number;
  attested?: { aaguid: Uint8Array; credentialId: Uint8Array; cosePublicKey: Uint8Array };
}): Uint8Array {
  const a = parts.attested;
  const length = 37 + (a ? 18 + a.credentialId.length + a.cosePublicKey.length : 0);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(parts.rpIdHash, 0);
  out[32] = parts.flags | (a ? AuthDataFlag.AT : 0);
  view.setUint32(33, parts.signCount >>> 0);
  if (a) {
    out.set(a.aaguid, 37);
    view.setUint16(53, a.credentialId.length);
    out.set(a.credentialId, 55);
    out.set(a.cosePublicKey, 55 + a.credentialId.length);
  }
  return out;
}
