/** Converts between the Host port's cookies and Electron's. Type-only Electron import: pure. */
import type { Cookie, CookiesSetDetails } from 'electron';
import type { HostCookie } from '../../core/ports/host.js';

const TO_ELECTRON_SAME_SITE = { Strict: 'strict', Lax: 'lax', None: 'no_restriction' } as const;

export function toElectronCookie(cookie: HostCookie): CookiesSetDetails {
  const details: CookiesSetDetails = { url: cookie.url, name: cookie.name, value: cookie.value };
  if (cookie.httpOnly !== undefined) details.httpOnly = cookie.httpOnly;
  if (cookie.secure !== undefined) details.secure = cookie.secure;
  if (cookie.sameSite !== undefined) details.sameSite = TO_ELECTRON_SAME_SITE[cookie.sameSite];
  if (cookie.expires !== undefined) details.expirationDate = cookie.expires;
  return details;
}

export function fromElectronCookie(cookie: Cookie): HostCookie {
  const host = (cookie.domain ?? '').replace(/^\./, '');
  const scheme = cookie.secure === true ? 'https' : 'http';
  const out: HostCookie = { name: cookie.name, value: cookie.value, url: `${scheme}://${host}${cookie.path ?? '/'}` };
  if (cookie.httpOnly !== undefined) out.httpOnly = cookie.httpOnly;
  if (cookie.secure !== undefined) out.secure = cookie.secure;
  if (cookie.sameSite === 'strict') out.sameSite = 'Strict';
  else if (cookie.sameSite === 'lax') out.sameSite = 'Lax';
  else if (cookie.sameSite === 'no_restriction') out.sameSite = 'None';
  if (cookie.session !== true && cookie.expirationDate !== undefined) out.expires = cookie.expirationDate;
  return out;
}
