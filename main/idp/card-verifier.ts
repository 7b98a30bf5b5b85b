/**
 * Checks a smartcard's answer to a sign-in challenge: the certificate chains to a trusted card CA,
 * is valid today, is not on that CA's revocation list, is a personal sign-in certificate (CA:false,
 * digitalSignature, a sign-in EKU or the PIV Authentication policy), and its key signed exactly the
 * challenge, then, when the certificate names an OCSP responder, that the responder says it is good
 * (ocsp-client.ts). Returns the 12-digit user ID from the subject's serialNumber attribute (2.5.4.5).
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { createPublicKey, verify as verifySignature, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignInRefused } from './refusals.js';
import { ocspResponderUrl, queryOcsp } from './ocsp-client.js';
import { OcspError } from './ocsp-response.js';

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
/** EKUs that make a certificate one for signing a person in (RFC 5280 id-kp-clientAuth, Microsoft smartcard logon). */
const SIGN_IN_EKUS = ['1.3.6.1.5.5.7.3.2', '1.3.6.1.4.1.311.20.2.2'];
/** id-fpki-common-authentication: the PIV Authentication certificate policy, for certificates without an EKU. */
const PIV_AUTHENTICATION_POLICY = '2.16.840.1.101.3.2.1.3.13';

export interface CardVerifierOptions {
  /** The clock the validity checks use (tests move it). */
  now?: () => Date;
  /** Accept cards of a trusted CA that has no CRL, unchecked for revocation. Off by default: a CA
   * without a revocation source stops the provider at start (docs/security.md). */
  allowCasWithoutRevocation?: boolean;
  /** Trusted CAs (PEM, each also trusted) whose cards name an OCSP responder: each counts as having a
   * revocation source, and a card of theirs that names none is refused (docs/security.md). */
  ocspCaPems?: readonly string[];
  /** How long an OCSP responder may take to answer (default 3000 ms); then the sign-in is refused. */
  ocspTimeoutMs?: number;
}

/** The provider's card trust is misconfigured: it does not start. */
export class CardTrustConfigError extends Error {
  override readonly name = 'CardTrustConfigError';
}

interface TrustAnchor {
  cert: x509.X509Certificate;
  crls: x509.X509Crl[];
  /** Its cards must be checked by OCSP (`ocspCaPems`). */
  ocsp: boolean;
}

export class CardVerifier {
  private constructor(private readonly anchors: TrustAnchor[], private readonly now: () => Date, private readonly ocspTimeoutMs?: number) {}

  /** Parses the trusted CAs and their CRLs. A CRL that no trusted CA signed, an OCSP CA that is not
   * trusted, or a CA with neither a CRL nor OCSP (unless `allowCasWithoutRevocation`), is a
   * configuration error: it stops the provider rather than being silently ignored. */
  static async create(trustedCaPems: readonly string[], crlPems: readonly string[] = [], opts: CardVerifierOptions = {}): Promise<CardVerifier> {
    const now = opts.now ?? (() => new Date());
    const anchors: TrustAnchor[] = trustedCaPems.map((pem) => ({ cert: new x509.X509Certificate(pem), crls: [], ocsp: false }));
    for (const pem of opts.ocspCaPems ?? []) {
      const ocspCa = new x509.X509Certificate(pem);
      const anchor = anchors.find((a) => a.cert.equal(ocspCa));
      if (!anchor) throw new CardTrustConfigError(`OCSP CA "${ocspCa.subject}" is not one of the trusted card CAs`);
      anchor.ocsp = true;
    }
    for (const pem of crlPems) {
      const crl = new x509.X509Crl(pem);
      let owner: TrustAnchor | undefined;
      for (const a of anchors) {
        if (a.cert.subject === crl.issuer && await crl.verify({ publicKey: a.cert.publicKey })) { owner = a; break; }
      }
      if (!owner) throw new CardTrustConfigError(`CRL issued by "${crl.issuer}" is not signed by any trusted card CA`);
      owner.crls.push(crl);
    }
    const unchecked = anchors.find((a) => a.crls.length === 0 && !a.ocsp);
    if (unchecked && !opts.allowCasWithoutRevocation) {
      throw new CardTrustConfigError(`card CA "${unchecked.cert.subject}" has no CRL, so its cards could not be checked for revocation: `
        + 'configure its CRL or list it in ocspCaPems, or set allowCasWithoutRevocation to accept its cards unchecked');
    }
    return new CardVerifier(anchors, now, opts.ocspTimeoutMs);
  }

  /** Verifies certificate and signature over `challenge`; throws SignInRefused with the reason. */
  verify(proof: CardProof, challenge: Uint8Array): Promise<VerifiedCard> {
    return this.#check(proof.certificateDer, (cert) => {
      if (!checkSignature(cert, proof, challenge)) throw new SignInRefused('bad-signature', `${proof.algorithm} signature does not verify`);
    });
  }

  /** The certificate checks alone, for a caller whose proof of possession is already made: a TLS
   * handshake that verified the client certificate's signature (the provider's certauth listener). */
  verifyCertificate(certificateDer: Uint8Array): Promise<VerifiedCard> {
    return this.#check(certificateDer, () => undefined);
  }

  async #check(certificateDer: Uint8Array, checkPossession: (cert: x509.X509Certificate) => void): Promise<VerifiedCard> {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(new Uint8Array(certificateDer));
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

    checkSignInProfile(cert);

    checkPossession(cert);

    const userId = cert.subjectName.getField(SERIAL_NUMBER_OID)[0];
    if (!userId) throw new SignInRefused('unknown-user', 'certificate subject has no serialNumber');
    // Last: only a certificate (and proof) that passed every local check makes the provider call out.
    await this.#checkOcsp(cert, anchor, now);
    return { userId, serialNumber, subject: cert.subject, issuer: cert.issuer };
  }

  /** Asks the responder the certificate names, on top of any CRL (both must say good); refuses when
   * it is down, slow or its answer is not trustworthy. */
  async #checkOcsp(cert: x509.X509Certificate, anchor: TrustAnchor, now: Date): Promise<void> {
    const url = ocspResponderUrl(cert);
    if (!url) {
      if (anchor.ocsp) throw new SignInRefused('revocation-unavailable', `CA "${anchor.cert.subject}" is checked by OCSP but the certificate names no responder`);
      return;
    }
    let answer;
    try {
      answer = await queryOcsp(url, cert, anchor.cert, { now, ...(this.ocspTimeoutMs === undefined ? {} : { timeoutMs: this.ocspTimeoutMs }) });
    } catch (cause) {
      // Whatever went wrong, the card was not shown to be good: refuse it, typed.
      const detail = cause instanceof OcspError ? cause.message : `unexpected: ${String(cause)}`;
      throw new SignInRefused('revocation-unavailable', `OCSP ${new URL(url).origin}: ${detail}`, { cause });
    }
    const serial = cert.serialNumber.toLowerCase();
    if (answer.status === 'revoked') throw new SignInRefused('revoked', `OCSP: certificate ${serial} revoked ${answer.revocationTime.toISOString()}`);
    if (answer.status === 'unknown') throw new SignInRefused('revocation-unknown', `OCSP: the responder does not know certificate ${serial}`);
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

/** A personal sign-in certificate, not a CA's, nor one issued for another purpose (RFC 5280 §4.2). */
function checkSignInProfile(cert: x509.X509Certificate): void {
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  if (!constraints || constraints.ca) throw new SignInRefused('certificate-is-ca', constraints ? 'basicConstraints CA:true' : 'no basicConstraints');
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  if (!keyUsage || !(keyUsage.usages & x509.KeyUsageFlags.digitalSignature)) {
    throw new SignInRefused('certificate-key-usage', keyUsage ? `keyUsage ${keyUsage.usages} lacks digitalSignature` : 'no keyUsage');
  }
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  if (eku) {
    // An EKU limits the key to the purposes listed: a sign-in one must be among them.
    if (!eku.usages.some((u) => SIGN_IN_EKUS.includes(String(u)))) throw new SignInRefused('certificate-not-for-sign-in', `EKU ${eku.usages.join(',')}`);
    return;
  }
  const policies = cert.getExtension(x509.CertificatePolicyExtension);
  if (!policies?.policies.includes(PIV_AUTHENTICATION_POLICY)) throw new SignInRefused('certificate-not-for-sign-in', 'no EKU and not the PIV Authentication policy');
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
