/** makeCredential's attestation part (COSE public key, packed/none/basic statement), kept apart from the authenticator's request flow. */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { CborValue } from '../ctap2/cbor.js';
import { encodeCanonical } from '../ctap2/cbor.js';
import { COSE_ES256 } from '../ctap2/constants.js';
import type { BasicAttestation } from './attestation-pki.js';

/** How the key attests new credentials (see VirtualAuthenticatorOptions.attestation). */
export type AttestationMode = 'packed' | 'none' | BasicAttestation | Promise<BasicAttestation>;

/** The credential's P-256 public key as a COSE_Key (EC2, ES256), canonical CBOR. */
export function coseEs256PublicKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeCanonical(new Map<number, CborValue>([
    [1, 2], [3, COSE_ES256], [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
  ]));
}

/** The makeCredential response: fmt, authData and attStmt over authData || clientDataHash. */
export async function attestationObject(
  attestation: AttestationMode | undefined, credentialKeyPkcs8: Uint8Array, authData: Uint8Array, clientDataHash: Uint8Array,
): Promise<CborValue> {
  const packed = attestation !== 'none';
  const signed = new Uint8Array(Buffer.concat([authData, clientDataHash]));
  let attStmt: CborValue = {};
  if (attestation === undefined || attestation === 'packed') attStmt = { alg: COSE_ES256, sig: signWith(credentialKeyPkcs8, signed) };
  else if (attestation !== 'none') {
    const basic = await attestation;
    attStmt = { alg: COSE_ES256, sig: signWith(basic.privateKeyPkcs8, signed), x5c: basic.certificates };
  }
  return new Map<number, CborValue>([[0x01, packed ? 'packed' : 'none'], [0x02, authData], [0x03, attStmt]]);
}

/** ES256 signature (DER) with a PKCS#8 P-256 private key. */
export function signWith(pkcs8: Uint8Array, data: Uint8Array): Uint8Array {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'der' }));
}
