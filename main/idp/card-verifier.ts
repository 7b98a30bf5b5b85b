/**
 * Checks a smartcard's answer to a sign-in challenge: the certificate chains to a trusted card CA,
 * is valid today, is not on that CA's revocation list, and its key signed exactly the challenge.
 * Returns the 12-digit user ID from the subject's serialNumber attribute (2.5.4.5).
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { createPublicKey, verify as verifySignature, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignInRefused } from './refusals.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type CardSignatureAlgorithm = 'RS256' | 'ES256';

export interface CardProof {
  certificateDer: Uint8Array;
  signature: Uint8Array;
  algorithm: CardSignatureAlgorithm;
}

export interface VerifiedCard {
  userId: string;
  /** Certificate serial number, lower-case hex (for audit). */
  serialNumber: string;
  subject: string;
  issuer: string;
}

const SERIAL_NUMBER_OID = '2.5.4.5';

interface TrustAnchor {
  cert: x509.X509Certificate;
  crls: x509.X509Crl[];
}

export class CardVerifier {
  private constructor(private readonly anchors: TrustAnchor[], private readonly now: () => Date) {}

  /** Parses the trusted CAs and their CRLs. A CRL that no trusted CA signed is a configuration
   * error: it stops the provider rather than being silently ignored. */
  static async create(trustedCaPems: readonly string[], crlPems: readonly string[] = [], now: () => Date = () => new Date()): Promise<CardVerifier> {
    const anchors: TrustAnchor[] = trustedCaPems.map((pem) => ({ cert: new x509.X509Certificate(pem), crls: [] }));
    for (const pem of crlPems) {
      const crl = new x509.X509Crl(pem);
      let owner: TrustAnchor | undefined;
      for (const a of anchors) {
        if (a.cert.subject === crl.issuer && await crl.verify({ publicKey: a.cert.publicKey })) { owner = a; break; }
      }
      if (!owner) throw new Error(`CRL issued by "${crl.issuer}" is not signed by any trusted card CA`);
      owner.crls.push(crl);
    }
    return new CardVerifier(anchors, now);
  }

  /** Verifies certificate and signature over `challenge`; throws SignInRefused with the reason. */
  async verify(proof: CardProof, challenge: Uint8Array): Promise<VerifiedCard> {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(new Uint8Array(proof.certificateDer));
    } catch (cause) {
      throw new SignInRefused('untrusted-ca', 'certificate does not parse', { cause });
    }
    const anchor = await this.#issuerOf(cert);
    if (!anchor) throw new SignInRefused('untrusted-ca', `issuer "${cert.issuer}" is not a trusted card CA`);

    const now = this.now();
    if (now < cert.notBefore || now > cert.notAfter) {
      throw new SignInRefused('expired', `valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`);
    }
    if (now < anchor.cert.notBefore || now > anchor.cert.notAfter) {
      throw new SignInRefused('expired', 'the issuing CA certificate is not valid today');
    }

    const serialNumber = cert.serialNumber.toLowerCase();
    for (const crl of anchor.crls) {
      if (crl.nextUpdate && now > crl.nextUpdate) throw new SignInRefused('revocation-unknown', `CRL expired ${crl.nextUpdate.toISOString()}`);
      if (crl.entries.some((e) => e.serialNumber.toLowerCase() === serialNumber)) {
        throw new SignInRefused('revoked', `certificate ${serialNumber} is on the CRL`);
      }
    }

    if (!checkSignature(cert, proof, challenge)) throw new SignInRefused('bad-signature', `${proof.algorithm} signature does not verify`);

    const userId = cert.subjectName.getField(SERIAL_NUMBER_OID)[0];
    if (!userId) throw new SignInRefused('unknown-user', 'certificate subject has no serialNumber');
    return { userId, serialNumber, subject: cert.subject, issuer: cert.issuer };
  }

  async #issuerOf(cert: x509.X509Certificate): Promise<TrustAnchor | undefined> {
    for (const a of this.anchors) {
      if (a.cert.subject !== cert.issuer) continue;
      try {
        if (await cert.verify({ publicKey: a.cert.publicKey, signatureOnly: true })) return a;
      } catch {
        // A key of another type cannot have signed it: try the next anchor.
      }
    }
    return undefined;
  }
}

function checkSignature(cert: x509.X509Certificate, proof: CardProof, challenge: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
  const expectedType = proof.algorithm === 'RS256' ? 'rsa' : 'ec';
  if (key.asymmetricKeyType !== expectedType) return false;
  if (proof.algorithm === 'ES256' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return false;
  try {
    return verifySignature('sha256', challenge, proof.algorithm === 'ES256' ? { key, dsaEncoding: 'der' } : key, proof.signature);
  } catch {
    return false;
  }
}
