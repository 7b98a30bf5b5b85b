/**
 * Whose ceremony a provider page may start (WebAuthn §5.1.3 steps 5–8, and Lanyard's own rule):
 * the origin is the one Lanyard observed for the calling document, never one the page states; it
 * must be secure and one of the identity provider's configured origins; the RP ID must be that
 * origin's host or a registrable domain suffix of it (never a public suffix).
 */
import { PageWebAuthnError } from './page-errors.js';
import type { PublicSuffixes } from './public-suffix.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http on loopback (tests and the loopback test provider only). */
export function isSecureOrigin(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** `observedUrl`: the calling frame's URL as the browser reports it. Returns the origin to use. */
export function checkPageOrigin(observedUrl: string, allowedOrigins: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(observedUrl);
  } catch (cause) {
    throw new PageWebAuthnError('insecure-origin', 'the calling document has no URL origin', { cause });
  }
  if (!isSecureOrigin(url)) throw new PageWebAuthnError('insecure-origin', `${url.origin} is neither https nor loopback http`);
  const allowed = allowedOrigins.some((o) => originOf(o) === url.origin);
  if (!allowed) throw new PageWebAuthnError('origin-not-allowed', `${url.origin} is not one of the identity provider's origins`);
  return new URL(url.origin);
}

/** The RP ID to use: the page's, checked, or the host when the page gives none. */
export function checkRpId(rpId: string | undefined, origin: URL, suffixes: PublicSuffixes): string {
  const host = origin.hostname;
  if (rpId === undefined) return host;
  const id = canonicalDomain(rpId);
  if (id === host) return id;
  const refuse = (why: string) => new PageWebAuthnError('rp-id-mismatch', `RP ID ${JSON.stringify(rpId)} ${why} for ${origin.origin}`);
  if (id === undefined) throw refuse('is not a domain');
  if (isIpLiteral(host)) throw refuse('is not the host, and an IP address has no suffixes');
  if (!host.endsWith(`.${id}`)) throw refuse('is not a suffix of the host');
  const publicSuffix = suffixes.publicSuffixOf(host);
  // A suffix of the host that is not longer than the host's public suffix is that suffix or part
  // of it (co.uk, or sch.uk under *.sch.uk): anyone can register a name beneath it.
  if (id.length <= publicSuffix.length) throw refuse('is a public suffix');
  return id;
}

/** The name when it is already spelt as a URL host would be (lower-case ASCII), else undefined. */
function canonicalDomain(text: string): string | undefined {
  if (!text || text.endsWith('.') || /[/:?#@\\\s[\]%]/.test(text)) return undefined;
  try {
    const parsed = new URL(`https://${text}/`).hostname;
    return parsed === text ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

function originOf(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}
