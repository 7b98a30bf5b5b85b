/**
 * The question the provider asks a card CA's OCSP responder (RFC 6960 §4.1): one CertID for the
 * card certificate, and a fresh nonce (RFC 8954) so an old "good" answer cannot be replayed.
 * ASN.1 comes from @peculiar/asn1-ocsp; nothing is encoded by hand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import { CertID, id_pkix_ocsp_nonce, Nonce, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';

/** SHA-1 CertIDs: what RFC 5019 responders are required to understand (the hash only names the
 * issuer here; it is not a signature). */
const ID_SHA1 = '1.3.14.3.2.26';
/** RFC 8954: 1 to 32 octets; 32 makes guessing a future nonce hopeless. */
const NONCE_BYTES = 32;

export interface OcspQuestion {
  /** DER of the OCSPRequest to POST. */
  der: Uint8Array;
  certId: CertID;
  /** The nonce's octets, to find echoed in the response. */
  nonce: Uint8Array;
}

const sha1 = (data: ArrayBuffer | Uint8Array) => new Uint8Array(createHash('sha1').update(new Uint8Array(data)).digest());

/** The SHA-1 hash of a certificate's subjectPublicKey BIT STRING value (the CertID issuerKeyHash
 * and a ResponderID byKey, RFC 6960 §4.1.1 and §4.2.1). */
export function keyHash(certificateDer: ArrayBuffer | Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(new Uint8Array(certificateDer), Certificate);
  return sha1(cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
}

/** DER of a certificate's subject Name (the CertID issuerNameHash input and a ResponderID byName). */
export function subjectDer(certificateDer: ArrayBuffer | Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(AsnConvert.parse(new Uint8Array(certificateDer), Certificate).tbsCertificate.subject));
}

/** CertID of `certDer` issued by `issuerDer`. */
export function certIdFor(certDer: ArrayBuffer | Uint8Array, issuerDer: ArrayBuffer | Uint8Array): CertID {
  const cert = AsnConvert.parse(new Uint8Array(certDer), Certificate);
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: ID_SHA1, parameters: null }),
    issuerNameHash: new OctetString(sha1(subjectDer(issuerDer))),
    issuerKeyHash: new OctetString(keyHash(issuerDer)),
    serialNumber: cert.tbsCertificate.serialNumber,
  });
}

export function buildOcspRequest(certDer: ArrayBuffer | Uint8Array, issuerDer: ArrayBuffer | Uint8Array): OcspQuestion {
  const certId = certIdFor(certDer, issuerDer);
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [new Extension({
        extnID: id_pkix_ocsp_nonce,
        critical: false,
        extnValue: new OctetString(AsnConvert.serialize(new Nonce(nonce))),
      })],
    }),
  });
  return { der: new Uint8Array(AsnConvert.serialize(request)), certId, nonce };
}
