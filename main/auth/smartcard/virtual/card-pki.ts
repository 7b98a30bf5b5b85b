/**
 * A throw-away card certificate authority for tests, demo mode and the virtual card: a CA, staff
 * card certificates (PIV Authentication, slot 9A), CRLs and OCSP responder certificates, made at run time so nothing secret is
 * ever committed. X.509 comes from @peculiar/x509 over Node's WebCrypto; nothing is hand-rolled.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';

const crypto = webcrypto as unknown as Crypto;

/** OIDs the identity provider relies on when mapping a certificate to a user. */
export const OID = {
  /** X.520 serialNumber attribute: carries the 12-digit NHS user ID. */
  subjectSerialNumber: '2.5.4.5',
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  smartcardLogon: '1.3.6.1.4.1.311.20.2.2',
  /** id-fpki-common-authentication: the PIV Authentication certificate policy. */
  pivAuthenticationPolicy: '2.16.840.1.101.3.2.1.3.13',
  /** id-kp-OCSPSigning: the key signs OCSP responses for the CA (RFC 6960 §4.2.2.2). */
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  /** id-pkix-ocsp-nocheck: nobody asks OCSP about the responder's own certificate. */
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** The PIV Authentication certificate's purpose extensions. Tests that must see a wrong certificate
 * refused override one; `null` leaves the extension out. */
export interface CardCertificateProfile {
  ca?: boolean | null;
  keyUsage?: number | null;
  ekus?: string[] | null;
  policies?: string[] | null;
}

const ECDSA_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const RSA_2048: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256',
};

export interface CardCa { certificatePem: string; certificateDer: Uint8Array; keys: CryptoKeyPair; name: string }

export interface CardHolder {
  /** 12-digit NHS user ID (CIS2 UUID). */
  userId: string;
  name: string;
  /** Sign-in names some providers match the certificate on (Entra ID CBA: the UPN): subject
   * alternative names of the PIV Authentication certificate when given. */
  upn?: string;
  email?: string;
}

export interface IssuedCard {
  certificateDer: Uint8Array;
  certificatePem: string;
  /** Certificate serial number, lower-case hex. */
  serialNumber: string;
  privateKeyPkcs8: Uint8Array;
  algorithm: 'rsa2048' | 'p256';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A positive, non-zero 16-byte serial number as hex (RFC 5280 allows up to 20 octets). */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

function der(buffer: ArrayBuffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** Creates a self-signed card CA (ECDSA P-256) named `O=<name>, CN=<name> Card CA`. */
export async function createCardCa(opts: { name?: string; notAfter?: Date } = {}): Promise<CardCa> {
  const name = opts.name ?? 'Lanyard Test NHS Trust';
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - DAY_MS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ [OID.commonName]: [`${name} Card CA`] }, { [OID.organisation]: [name] }],
    notBefore,
    notAfter: opts.notAfter ?? new Date(notBefore.getTime() + 10 * 365 * DAY_MS),
    signingAlgorithm: ECDSA_SHA256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
  return { certificatePem: cert.toString('pem'), certificateDer: der(cert.rawData), keys, name };
}

/** Issues a PIV Authentication certificate for `holder`, with a fresh key pair of `algorithm`:
 * CA:false, digitalSignature, EKU client-auth + smartcard-logon, policy id-fpki-common-authentication;
 * with `ocspUrl`, an Authority Information Access naming that OCSP responder. */
export async function issueCardCertificate(
  ca: CardCa,
  holder: CardHolder,
  opts: { algorithm: 'rsa2048' | 'p256'; notBefore?: Date; notAfter?: Date; profile?: CardCertificateProfile; ocspUrl?: string },
): Promise<IssuedCard> {
  const profile = opts.profile ?? {};
  const pick = <T>(value: T | null | undefined, fallback: T): T | null => (value === undefined ? fallback : value);
  const isCa = pick(profile.ca, false);
  const keyUsage = pick(profile.keyUsage, x509.KeyUsageFlags.digitalSignature);
  const ekus = pick(profile.ekus, [OID.clientAuth, OID.smartcardLogon]);
  const policies = pick(profile.policies, [OID.pivAuthenticationPolicy]);
  const keyParams = opts.algorithm === 'rsa2048' ? RSA_2048 : ECDSA_P256;
  const keys = (await crypto.subtle.generateKey(keyParams, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY_MS);
  const serialNumber = randomSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: [
      { [OID.commonName]: [holder.name] },
      { [OID.subjectSerialNumber]: [holder.userId] },
      { [OID.organisation]: [ca.name] },
    ],
    issuer: caCert.subjectName,
    notBefore,
    notAfter: opts.notAfter ?? new Date(notBefore.getTime() + 3 * 365 * DAY_MS),
    signingAlgorithm: ECDSA_SHA256,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      ...(isCa === null ? [] : [new x509.BasicConstraintsExtension(isCa, undefined, true)]),
      ...(keyUsage === null ? [] : [new x509.KeyUsagesExtension(keyUsage, true)]),
      ...(ekus === null ? [] : [new x509.ExtendedKeyUsageExtension(ekus, false)]),
      ...(policies === null ? [] : [new x509.CertificatePolicyExtension(policies, false)]),
      ...(opts.ocspUrl === undefined ? [] : [new x509.AuthorityInfoAccessExtension({ ocsp: opts.ocspUrl }, false)]),
      ...(holder.upn === undefined && holder.email === undefined ? [] : [new x509.SubjectAlternativeNameExtension([
        ...(holder.upn === undefined ? [] : [{ type: 'upn' as const, value: holder.upn }]),
        ...(holder.email === undefined ? [] : [{ type: 'email' as const, value: holder.email }]),
      ], false)]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
    ],
  }, crypto);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificateDer: der(cert.rawData),
    certificatePem: cert.toString('pem'),
    serialNumber,
    privateKeyPkcs8: der(pkcs8),
    algorithm: opts.algorithm,
  };
}

/** OIDs of the Card Authentication certificate profile (FPKI common policy, FIPS 201). */
const CARD_AUTH_OID = {
  /** id-PIV-cardAuth: the key proves the card, not the person; never a sign-in EKU. */
  ekuPivCardAuth: '2.16.840.1.101.3.6.8',
  /** id-fpki-common-cardAuth. */
  policyCommonCardAuth: '2.16.840.1.101.3.2.1.3.17',
} as const;

/**
 * Issues a Card Authentication certificate (PIV slot 9E) for the card `cardUuid`, with a fresh key
 * pair. It names the card (subject CN and SAN urn:uuid), not its holder, and carries only the
 * id-PIV-cardAuth EKU, so a provider never takes it for a sign-in certificate.
 */
export async function issueCardAuthenticationCertificate(
  ca: CardCa,
  cardUuid: string,
  opts: { algorithm: 'rsa2048' | 'p256'; notBefore?: Date; notAfter?: Date },
): Promise<IssuedCard> {
  return issueUnderCa(ca, {
    algorithm: opts.algorithm, commonName: cardUuid, notBefore: opts.notBefore, notAfter: opts.notAfter, lifetimeDays: 3 * 365,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([CARD_AUTH_OID.ekuPivCardAuth], false),
      new x509.CertificatePolicyExtension([CARD_AUTH_OID.policyCommonCardAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `urn:uuid:${cardUuid}` }], false),
    ],
  });
}

/** A CRL signed by the CA listing `revokedSerials` (hex), valid for a day unless told otherwise. */
export async function createCrl(
  ca: CardCa,
  revokedSerials: string[],
  opts: { nextUpdate?: Date } = {},
): Promise<{ der: Uint8Array; pem: string }> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const thisUpdate = new Date(Date.now() - 60_000);
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCert.subjectName,
    thisUpdate,
    nextUpdate: opts.nextUpdate ?? new Date(thisUpdate.getTime() + DAY_MS),
    signingAlgorithm: ECDSA_SHA256,
    signingKey: ca.keys.privateKey,
    entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: thisUpdate })),
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto)],
  }, crypto);
  return { der: der(crl.rawData), pem: crl.toString('pem') };
}

/** Issues the certificate of an OCSP responder that answers for `ca` (a delegated responder,
 * RFC 6960 §4.2.2.2): CA:false, digitalSignature, EKU id-kp-OCSPSigning only, id-pkix-ocsp-nocheck. */
export async function issueOcspSigningCertificate(
  ca: CardCa,
  opts: { name?: string; notBefore?: Date; notAfter?: Date } = {},
): Promise<IssuedCard> {
  return issueUnderCa(ca, {
    algorithm: 'p256', commonName: opts.name ?? `${ca.name} OCSP Responder`, notBefore: opts.notBefore, notAfter: opts.notAfter, lifetimeDays: 30,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([OID.ocspSigning], false),
      new x509.Extension(OID.ocspNoCheck, false, new asn1js.Null().toBER()),
    ],
  });
}

/** A CA:false certificate with a fresh key pair, signed by the CA (subject CN + the CA's O), with
 * the key identifiers; `extensions` say what it is for. */
async function issueUnderCa(ca: CardCa, spec: {
  algorithm: 'rsa2048' | 'p256'; commonName: string; notBefore: Date | undefined; notAfter: Date | undefined; lifetimeDays: number; extensions: x509.Extension[];
}): Promise<IssuedCard> {
  const keys = (await crypto.subtle.generateKey(spec.algorithm === 'rsa2048' ? RSA_2048 : ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const notBefore = spec.notBefore ?? new Date(Date.now() - DAY_MS);
  const serialNumber = randomSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: [{ [OID.commonName]: [spec.commonName] }, { [OID.organisation]: [ca.name] }],
    issuer: caCert.subjectName,
    notBefore,
    notAfter: spec.notAfter ?? new Date(notBefore.getTime() + spec.lifetimeDays * DAY_MS),
    signingAlgorithm: ECDSA_SHA256,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...spec.extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
    ],
  }, crypto);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificateDer: der(cert.rawData), certificatePem: cert.toString('pem'), serialNumber, privateKeyPkcs8: der(pkcs8), algorithm: spec.algorithm };
}
