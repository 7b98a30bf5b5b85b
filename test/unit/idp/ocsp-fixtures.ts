/** OCSP responses made for tests with @peculiar/asn1-ocsp and node's crypto, each part settable so a
 * test can make exactly one thing wrong. */
import { KeyObject, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension, Name } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse, CertStatus, id_pkix_ocsp_basic, id_pkix_ocsp_nonce, KeyHash, Nonce, OCSPResponse, OCSPResponseStatus,
  ResponderID, ResponseBytes, ResponseData, RevokedInfo, SingleResponse, type CertID,
} from '@peculiar/asn1-ocsp';
import { keyHash } from '../../../main/idp/ocsp-request.js';

export interface ResponseSpec {
  certId: CertID;
  /** Signs the response (a CA's or responder's private key). */
  signingKey: CryptoKey;
  /** DER of the certificate the ResponderID names. */
  responderDer: Uint8Array;
  responderBy?: 'name' | 'key';
  /** Certificates included with the response (a delegated responder's). */
  certs?: Uint8Array[];
  status?: 'good' | 'revoked' | 'unknown';
  thisUpdate?: Date;
  /** `null`: no nextUpdate. */
  nextUpdate?: Date | null;
  /** Omitted: no nonce extension. */
  nonce?: Uint8Array;
  responseStatus?: OCSPResponseStatus;
  /** Changes the signature after signing. */
  tamper?: (signature: Uint8Array) => void;
}

function certStatus(status: ResponseSpec['status']): CertStatus {
  if (status === 'revoked') return new CertStatus({ revoked: new RevokedInfo({ revocationTime: new Date(Date.now() - 3_600_000) }) });
  if (status === 'unknown') return new CertStatus({ unknown: null });
  return new CertStatus({ good: null });
}

export function ocspResponseDer(spec: ResponseSpec): Uint8Array {
  if (spec.responseStatus !== undefined && spec.responseStatus !== OCSPResponseStatus.successful) {
    return new Uint8Array(AsnConvert.serialize(new OCSPResponse({ responseStatus: spec.responseStatus })));
  }
  const responder = AsnConvert.parse(spec.responderDer, Certificate);
  const thisUpdate = spec.thisUpdate ?? new Date(Date.now() - 60_000);
  const nextUpdate = spec.nextUpdate === undefined ? new Date(thisUpdate.getTime() + 3_600_000) : spec.nextUpdate;
  const tbs = new ResponseData({
    responderID: spec.responderBy === 'key'
      ? new ResponderID({ byKey: new KeyHash(keyHash(spec.responderDer)) })
      : new ResponderID({ byName: AsnConvert.parse(AsnConvert.serialize(responder.tbsCertificate.subject), Name) }),
    producedAt: new Date(),
    responses: [new SingleResponse({ certID: spec.certId, certStatus: certStatus(spec.status), thisUpdate, ...(nextUpdate ? { nextUpdate } : {}) })],
    ...(spec.nonce ? {
      responseExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, extnValue: new OctetString(AsnConvert.serialize(new Nonce(spec.nonce))) })],
    } : {}),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = new Uint8Array(sign('sha256', tbsDer, { key: KeyObject.from(spec.signingKey), dsaEncoding: 'der' }));
  spec.tamper?.(signature);
  const basic = new BasicOCSPResponse({
    tbsResponseData: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }),
    signature: signature.buffer,
    ...(spec.certs ? { certs: spec.certs.map((c) => AsnConvert.parse(c, Certificate)) } : {}),
  });
  return new Uint8Array(AsnConvert.serialize(new OCSPResponse({
    responseStatus: OCSPResponseStatus.successful,
    responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
  })));
}
