/**
 * The schema only sees "-----BEGIN CERTIFICATE-----" in a CA entry; this parses each one with
 * node's X.509 parser, so a CA pasted incompletely (or a key, or two certificates in one entry) is
 * refused by its JSON path before Lanyard starts, not trusted silently or failed on at sign-in.
 * It lives outside main/core because parsing needs node:crypto.
 */
import { X509Certificate } from 'node:crypto';
import type { Policy } from '../core/policy/types.js';
import type { PolicyProblem } from '../core/policy/validate.js';

/** The policy's CA lists, with the JSON path of each and the heading IT sees. */
export function caLists(policy: Policy): { path: string; heading: string; pems: readonly string[] }[] {
  return [
    { path: 'trustedCardCAs', heading: 'Trusted card CAs', pems: policy.trustedCardCAs },
    ...(policy.identityProvider.serverCAs
      ? [{ path: 'identityProvider.serverCAs', heading: "Identity provider's server CAs", pems: policy.identityProvider.serverCAs }] : []),
  ];
}

/** The certificate, or the sentence saying why an entry is not one. */
export function readCertificate(pem: string): X509Certificate | string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks > 1) return `holds ${blocks} certificates: put each certificate in its own entry`;
  try {
    return new X509Certificate(pem);
  } catch {
    return 'is not a certificate that can be read: the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- must be copied whole from the CA\'s .pem or .crt file';
  }
}

export function certificateProblems(policy: Policy): PolicyProblem[] {
  return caLists(policy).flatMap(({ path, pems }) => pems.flatMap((pem, i) => {
    const read = readCertificate(pem);
    return typeof read === 'string' ? [{ path: `${path}[${i}]`, message: read }] : [];
  }));
}
