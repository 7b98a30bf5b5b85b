/**
 * A minimal cookie jar for the shell's own HTTP conversation with the identity provider. It only
 * has to hold what one provider sets (host-only cookies, paths, expiry) and hand the provider
 * session to a browsing partition as HostCookies.
 */
import type { HostCookie } from '../core/ports/host.js';

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  /** Scheme + host + port the cookie was set by. */
  origin: string;
  path: string;
  expires?: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

function defaultPath(url: URL): string {
  const p = url.pathname;
  const slash = p.lastIndexOf('/');
  return slash <= 0 ? '/' : p.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  #cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the Set-Cookie headers of a response from `url`. */
  store(url: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) this.#storeOne(url, header);
  }

  #storeOne(url: URL, header: string): void {
    const [pair = '', ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(),
      host: url.hostname, origin: url.origin, path: defaultPath(url), httpOnly: false, secure: false,
    };
    for (const attr of attrs) {
      const [rawKey = '', ...rest] = attr.split('=');
      const key = rawKey.trim().toLowerCase();
      const val = rest.join('=').trim();
      if (key === 'path' && val.startsWith('/')) cookie.path = val;
      else if (key === 'expires') { const t = Date.parse(val); if (!Number.isNaN(t)) cookie.expires = t; }
      else if (key === 'max-age') { const s = Number(val); if (Number.isFinite(s)) cookie.expires = this.now() + s * 1000; }
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'samesite') {
        const v = val.toLowerCase();
        cookie.sameSite = v === 'strict' ? 'Strict' : v === 'none' ? 'None' : 'Lax';
      }
    }
    this.#cookies = this.#cookies.filter((c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path));
    if (cookie.expires === undefined || cookie.expires > this.now()) this.#cookies.push(cookie);
  }

  /** The Cookie header for a request to `url`, or undefined when nothing applies. */
  header(url: URL): string | undefined {
    const now = this.now();
    this.#cookies = this.#cookies.filter((c) => c.expires === undefined || c.expires > now);
    const matching = this.#cookies
      .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'))
      .sort((a, b) => b.path.length - a.path.length);
    // One cookie kept for two origins of a host (a browser's cookie has no port) is sent once.
    const pairs = [...new Set(matching.map((c) => `${c.name}=${c.value}`))];
    return pairs.length ? pairs.join('; ') : undefined;
  }

  /** Cookies set by `origin` whose names pass `filter`, as a browsing partition takes them. */
  hostCookies(origin: string, filter: (name: string) => boolean = () => true): HostCookie[] {
    const now = this.now();
    return this.#cookies
      .filter((c) => c.origin === origin && filter(c.name) && (c.expires === undefined || c.expires > now))
      .map((c) => {
        const hc: HostCookie = { name: c.name, value: c.value, url: `${c.origin}${c.path}`, httpOnly: c.httpOnly, secure: c.secure };
        if (c.sameSite) hc.sameSite = c.sameSite;
        if (c.expires !== undefined) hc.expires = Math.floor(c.expires / 1000);
        return hc;
      });
  }

  /** Takes cookies a browser partition holds (a sign-in run in the host's engine), as if set there.
   * A browser's cookie names a host, not a port: it is kept for each of `origins` on that host or
   * below it (a Domain cookie: `.trust.example` for `auth.trust.example`, the provider's issuer and
   * certificate endpoint), else for the origin its URL spells. */
  put(cookies: readonly HostCookie[], origins: readonly string[] = []): void {
    for (const c of cookies) {
      const url = new URL(c.url);
      const within = (host: string): boolean => host === url.hostname || host.endsWith(`.${url.hostname}`);
      const onHost = origins.filter((o) => within(new URL(o).hostname));
      for (const origin of onHost.length ? onHost : [url.origin]) {
        const stored: StoredCookie = {
          name: c.name, value: c.value, host: new URL(origin).hostname, origin, path: url.pathname || '/',
          httpOnly: c.httpOnly ?? false, secure: c.secure ?? false,
          ...(c.sameSite ? { sameSite: c.sameSite } : {}), ...(c.expires !== undefined ? { expires: c.expires * 1000 } : {}),
        };
        this.#cookies = this.#cookies.filter((k) => !(k.name === stored.name && k.origin === stored.origin && k.path === stored.path));
        if (stored.expires === undefined || stored.expires > this.now()) this.#cookies.push(stored);
      }
    }
  }

  clear(): void {
    this.#cookies = [];
  }
}
