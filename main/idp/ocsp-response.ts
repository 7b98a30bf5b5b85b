/**
 * Checks an OCSP responder's answer about one card certificate (RFC 6960 §3.2, §4.2), pure logic:
 * a successful basic response, signed by the card's CA itself or by a responder certificate that
 * CA issued for OCSP signing (id-kp-OCSPSigning), naming the certificate asked about, fresh at the
 * verifier's clock, echoing the nonce. Anything else is an OcspError: the caller fails closed.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse, type CertID, id_kp_OCSPSigning, id_pkix_ocsp_basic, id_pkix_ocsp_nonce, Nonce, OCSPResponse,
  OCSPResponseStatus, type ResponderID,
} from '@peculiar/asn1-ocsp';
import * as x509 from '@peculiar/x509';
import { keyHash, subjectDer } from './ocsp-request.js';

export type OcspErrorCode =
  /** No answer: connection refused, DNS, reset. */
  | 'unreachable'
  /** No answer within the time allowed. */
  | 'timeout'
  /** An HTTP answer that is not 200 application/ocsp-response. */
  | 'http-error'
  /** The responder answered, but not `successful` (tryLater, unauthorized, …). */
  | 'unsuccessful'
  /** The body does not parse as an OCSP basic response. */
  | 'malformed'
  /** Nobody the card's CA vouches for signed it, or the signature does not verify. */
  | 'bad-signature'
  /** The answer is about other certificates. */
  | 'cert-id-mismatch'
  /** thisUpdate in the future, nextUpdate past, or (without nextUpdate) too old. */
  | 'stale'
  /** The nonce sent is missing from the answer or differs. */
  | 'nonce-mismatch';

export class OcspError extends Error {
  override readonly name = 'OcspError';
  constructor(readonly code: OcspErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
  }
}

export type OcspCertStatus = { status: 'good' } | { status: 'revoked'; revocationTime: Date } | { status: 'unknown' };

export interface OcspExpectation {
  certId: CertID;
  /** The card's CA (a trusted anchor). */
  issuer: x509.X509Certificate;
  /** The nonce sent; the answer must carry the same. */
  nonce?: Uint8Array;
  now: Date;
  /** Clock difference tolerated between responder and verifier (default 5 min). */
  skewMs?: number;
  /** Without nextUpdate, how old thisUpdate may be (default 5 min). */
  maxAgeMs?: number;
}

const FIVE_MINUTES = 5 * 60_000;

/** Signature algorithms an OCSP responder may use: node's digest name and the key type it needs
 * (SHA-1 signatures are refused). */
const SIGNATURE_ALGORITHMS: Record<string, { hash: string | null; key: string }> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', key: 'ec' }, '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ec' }, '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ec' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'rsa' }, '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'rsa' }, '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'rsa' },
  '1.3.101.112': { hash: null, key: 'ed25519' },
};

const bytes = (b: ArrayBuffer | ArrayBufferView) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
const same = (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) => Buffer.from(bytes(a)).equals(Buffer.from(bytes(b)));

export async function checkOcspResponse(der: Uint8Array, expect: OcspExpectation): Promise<OcspCertStatus> {
  const basic = parseBasic(der);
  const tbs = basic.tbsResponseData;
  const signer = await signerOf(basic, expect);
  if (!signedBy(signer, basic)) throw new OcspError('bad-signature', 'the response signature does not verify');

  if (expect.nonce) {
    const ext = tbs.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
    let echoed: Nonce | undefined;
    try {
      echoed = ext && AsnConvert.parse(ext.extnValue, Nonce);
    } catch (cause) {
      throw new OcspError('nonce-mismatch', 'the nonce extension does not parse', { cause });
    }
    if (!echoed || !same(echoed.buffer, expect.nonce)) throw new OcspError('nonce-mismatch', ext ? 'the response carries another nonce' : 'the response carries no nonce');
  }

  const single = tbs.responses.find((r) => sameCertId(r.certID, expect.certId));
  if (!single) throw new OcspError('cert-id-mismatch', `none of the ${tbs.responses.length} answers is about this certificate`);

  const now = expect.now.getTime();
  const skew = expect.skewMs ?? FIVE_MINUTES;
  if (single.thisUpdate.getTime() > now + skew) throw new OcspError('stale', `thisUpdate ${single.thisUpdate.toISOString()} is in the future`);
  if (single.nextUpdate ? single.nextUpdate.getTime() < now - skew : single.thisUpdate.getTime() < now - (expect.maxAgeMs ?? FIVE_MINUTES)) {
    throw new OcspError('stale', single.nextUpdate ? `nextUpdate ${single.nextUpdate.toISOString()} has passed` : `thisUpdate ${single.thisUpdate.toISOString()} is too old`);
  }

  const status = single.certStatus;
  if (status.good !== undefined) return { status: 'good' };
  if (status.revoked) return { status: 'revoked', revocationTime: status.revoked.revocationTime };
  return { status: 'unknown' };
}

function parseBasic(der: Uint8Array): BasicOCSPResponse {
  let response: OCSPResponse;
  try {
    response = AsnConvert.parse(der, OCSPResponse);
  } catch (cause) {
    throw new OcspError('malformed', 'the body is not an OCSPResponse', { cause });
  }
  if (response.responseStatus !== OCSPResponseStatus.successful) {
    throw new OcspError('unsuccessful', `responseStatus ${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}`);
  }
  if (response.responseBytes?.responseType !== id_pkix_ocsp_basic) throw new OcspError('malformed', 'not a basic OCSP response');
  try {
    return AsnConvert.parse(response.responseBytes.response, BasicOCSPResponse);
  } catch (cause) {
    throw new OcspError('malformed', 'the BasicOCSPResponse does not parse', { cause });
  }
}

function sameCertId(a: CertID, b: CertID): boolean {
  return a.hashAlgorithm.algorithm === b.hashAlgorithm.algorithm && same(a.issuerNameHash.buffer, b.issuerNameHash.buffer)
    && same(a.issuerKeyHash.buffer, b.issuerKeyHash.buffer) && same(a.serialNumber, b.serialNumber);
}

function names(id: ResponderID, cert: x509.X509Certificate): boolean {
  if (id.byKey) return same(id.byKey.buffer, keyHash(cert.rawData));
  return id.byName !== undefined && same(AsnConvert.serialize(id.byName), subjectDer(cert.rawData));
}

/** RFC 6960 §4.2.2.2: the CA itself, or a certificate it issued with id-kp-OCSPSigning, valid now. */
async function signerOf(basic: BasicOCSPResponse, expect: OcspExpectation): Promise<x509.X509Certificate> {
  const id = basic.tbsResponseData.responderID;
  if (names(id, expect.issuer)) return expect.issuer;
  for (const asn of basic.certs ?? []) {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(AsnConvert.serialize(asn));
    } catch (cause) {
      throw new OcspError('malformed', 'a certificate in the response does not parse', { cause });
    }
    if (!names(id, cert)) continue;
    if (cert.issuer !== expect.issuer.subject) throw new OcspError('bad-signature', `responder "${cert.subject}" was not issued by the card's CA`);
    let issued = false;
    try {
      issued = await cert.verify({ publicKey: expect.issuer.publicKey, signatureOnly: true });
    } catch {
      // A key of another type cannot have signed it.
    }
    if (!issued) throw new OcspError('bad-signature', `responder "${cert.subject}" was not issued by the card's CA`);
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    if (!eku?.usages.map(String).includes(id_kp_OCSPSigning)) throw new OcspError('bad-signature', `responder "${cert.subject}" has no id-kp-OCSPSigning EKU`);
    if (expect.now < cert.notBefore || expect.now > cert.notAfter) throw new OcspError('bad-signature', `responder "${cert.subject}" is not valid today`);
    return cert;
  }
  throw new OcspError('bad-signature', 'the responder is neither the card\'s CA nor a responder certificate in the response');
}

function signedBy(signer: x509.X509Certificate, basic: BasicOCSPResponse): boolean {
  const algorithm = SIGNATURE_ALGORITHMS[basic.signatureAlgorithm.algorithm];
  if (!algorithm || !basic.tbsResponseDataRaw) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(signer.publicKey.rawData), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== algorithm.key) return false;
    return verifySignature(algorithm.hash, bytes(basic.tbsResponseDataRaw), algorithm.key === 'ec' ? { key, dsaEncoding: 'der' } : key, bytes(basic.signature));
  } catch {
    return false;
  }
}
