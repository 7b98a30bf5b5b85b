/** Test helpers: card certificates from the smartcard engineer's card PKI, and signatures made
 * with node crypto from the card's private key, exactly as the card's PIV key would make them. */
import { createPrivateKey, sign } from 'node:crypto';
import { createCardCa, createCrl, issueCardCertificate, type CardCa, type IssuedCard } from '../../../main/auth/smartcard/virtual/card-pki.js';
import type { Directory } from '../../../main/idp/directory.js';
import type { CardProofInput } from '../../../main/identity/types.js';

export { createCardCa, createCrl, issueCardCertificate, type CardCa, type IssuedCard };

export function signAsCard(card: IssuedCard, challenge: Uint8Array): CardProofInput {
  const key = createPrivateKey({ key: Buffer.from(card.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  const algorithm = card.algorithm === 'rsa2048' ? 'RS256' : 'ES256';
  // RS256: RSASSA-PKCS1-v1_5 over SHA-256; ES256: ECDSA P-256 SHA-256, DER-encoded (node's default).
  const signature = new Uint8Array(sign('sha256', challenge, key));
  return { certificateDer: card.certificateDer, signature, algorithm };
}

export const DOCTOR = { userId: '555000000001', name: 'Dr Asha Patel' };
export const RECEPTIONIST = { userId: '555000000002', name: 'Sam Jones' };
export const NO_ROLES = { userId: '555000000009', name: 'Pat Nobody' };

/** The demo directory plus a person with no roles. */
export const TEST_DIRECTORY: Directory = {
  organisations: [{ code: 'RLD', name: 'Lanyard Demo Hospital NHS Trust' }],
  users: [
    { ...DOCTOR, roles: [
      { roleId: '555000000001-01', orgCode: 'RLD', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role' },
      { roleId: '555000000001-02', orgCode: 'RLD', roleCode: 'R8003', roleName: 'Health Professional Access Role' },
    ] },
    { ...RECEPTIONIST, roles: [
      { roleId: '555000000002-01', orgCode: 'RLD', roleCode: 'R8010', roleName: 'Clerical Access Role' },
    ] },
    { ...NO_ROLES, roles: [] },
  ],
};
