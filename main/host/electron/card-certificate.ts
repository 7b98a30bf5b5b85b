/**
 * Which of the certificates Electron offers is the tapped card's: the one whose DER has the same
 * SHA-256 as the certificate Lanyard read from the card. Electron's own `fingerprint` is not used:
 * it hashes the chain the platform built (leaf and intermediates), which differs by platform; the
 * certificate's PEM (`data`) is the leaf alone. Pure (Node's X509Certificate parses the PEM).
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Certificate } from 'electron';

export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** SHA-256 of the certificate's DER, or undefined when its PEM does not parse. */
export function offeredSha256(certificate: Pick<Certificate, 'data'>): string | undefined {
  try {
    return sha256Hex(new X509Certificate(certificate.data).raw);
  } catch {
    return undefined;
  }
}

/** The offered certificate that is exactly the card's, never any other (not the first, not a namesake). */
export function findCardCertificate<T extends Pick<Certificate, 'data'>>(offered: readonly T[], cardSha256: string): T | undefined {
  return offered.find((c) => offeredSha256(c) === cardSha256);
}

/** "host" or "host:port" as the URL parser writes it for https (default port dropped, lower case). */
export function normaliseHost(host: string): string | undefined {
  try {
    const url = new URL(`https://${host}`);
    return url.pathname === '/' && url.username === '' && url.search === '' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
