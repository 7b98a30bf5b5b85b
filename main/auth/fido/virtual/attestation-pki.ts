/**
 * A throw-away attestation authority for the virtual key: a root (what a vendor publishes in the
 * FIDO Metadata Service as `attestationRootCertificates`) and a batch attestation certificate for
 * one authenticator model (WebAuthn §8.2.1: OU "Authenticator Attestation", CA:false, the AAGUID in
 * id-fido-gen-ce-aaguid). Made at run time, so nothing secret is committed.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto as unknown as Crypto;
const ECDSA_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;
/** id-fido-gen-ce-aaguid (FIDO Authenticator Metadata / WebAuthn §8.2.1). */
const AAGUID_EXTENSION_OID = '1.3.6.1.4.1.45724.1.1.4';

/** What a key needs to make `packed` basic attestation: its batch certificate chain and key. */
export interface BasicAttestation {
  /** x5c: the attestation certificate first, then any intermediates (DER). */
  certificates: Uint8Array[];
  /** PKCS#8 DER of the attestation private key (P-256). */
  privateKeyPkcs8: Uint8Array;
}

export interface AttestationPki {
  /** The root a relying party lists as trusted for this model. */
  rootPem: string;
  /** Canonical AAGUID string (8-4-4-4-12, lower case) of the model. */
  aaguid: string;
  attestation: BasicAttestation;
}

export function aaguidString(aaguid: Uint8Array): string {
  const hex = Buffer.from(aaguid).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

/** Creates a root and a batch attestation certificate for the model `aaguid`. */
export async function createAttestationPki(aaguid: Uint8Array, opts: { vendor?: string } = {}): Promise<AttestationPki> {
  const vendor = opts.vendor ?? 'Lanyard Test Authenticators';
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(notBefore.getTime() + 5 * 365 * DAY_MS);
  const rootKeys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=${vendor} Attestation Root, O=${vendor}, C=GB`, notBefore, notAfter,
    signingAlgorithm: ECDSA_SHA256, keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey, false, crypto),
    ],
  }, crypto);
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${vendor} Batch 1, OU=Authenticator Attestation, O=${vendor}, C=GB`,
    issuer: root.subjectName, notBefore, notAfter, signingAlgorithm: ECDSA_SHA256,
    publicKey: keys.publicKey, signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.Extension(AAGUID_EXTENSION_OID, false, AsnConvert.serialize(new OctetString(aaguid))),
      await x509.AuthorityKeyIdentifierExtension.create(root, false, crypto),
    ],
  }, crypto);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    rootPem: root.toString('pem'),
    aaguid: aaguidString(aaguid),
    attestation: { certificates: [new Uint8Array(leaf.rawData)], privateKeyPkcs8: new Uint8Array(pkcs8) },
  };
}
