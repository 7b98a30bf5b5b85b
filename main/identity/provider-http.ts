/**
 * The shell's own HTTP conversation with the identity provider's front channel: a cookie jar of
 * its own, redirects followed by hand (so the loopback redirect URI is caught, never opened), a
 * timeout on every request, and transport failures turned into IdentityErrors.
 */
import type { CustomFetch } from 'openid-client';
import type { Log } from '../core/ports/log.js';
import { CookieJar } from './cookie-jar.js';
import { IdentityError, isIdentityErrorCode } from './identity-error.js';

export interface HttpAnswer {
  status: number;
  url: URL;
  location?: URL;
  body: unknown;
}

export type FollowResult =
  | { kind: 'callback'; url: URL }
  | { kind: 'page'; url: URL; body: Record<string, unknown> };

const MAX_REDIRECTS = 12;

/** How the shell reaches the provider: Node's fetch by default; the Electron host passes one on
 * Chromium's network stack (the OS trust store and proxy settings). Must answer a 3xx itself when
 * asked for `redirect: 'manual'`. */
export type ProviderFetch = CustomFetch;

/** Node's own fetch (its CA roots, no system proxy): the default outside Electron. */
export const nodeFetch: ProviderFetch = (url, init) => fetch(url, init as RequestInit);

/** Maps a fetch failure to an IdentityError the shell can show. */
export function transportError(err: unknown, what: string): IdentityError {
  if (err instanceof IdentityError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new IdentityError('idp-timeout', `${what}: no answer in time`, { cause: err });
  return new IdentityError('idp-unreachable', `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export class ProviderHttp {
  readonly jar = new CookieJar();
  /** HTTP requests made, for the benchmark's round-trip count. */
  requests = 0;

  constructor(private readonly timeoutMs: number, private readonly log: Log, private readonly fetchImpl: ProviderFetch = nodeFetch) {}

  async request(method: 'GET' | 'POST' | 'DELETE', url: URL, body?: { json?: unknown; form?: Record<string, string> }, extraHeaders: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (body?.json !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body.json); }
    else if (body?.form) { headers['content-type'] = 'application/x-www-form-urlencoded'; payload = new URLSearchParams(body.form).toString(); }
    this.requests++;
    let response: Response;
    try {
      response = await this.fetchImpl(url.href, { method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw transportError(err, `${method} ${url.pathname}`);
    }
    this.jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    let parsed: unknown;
    try {
      const text = await response.text();
      parsed = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
    } catch (err) {
      throw transportError(err, `${method} ${url.pathname} body`);
    }
    this.log.debug('identity provider answered', { method, path: url.pathname, status: response.status });
    const answer: HttpAnswer = { status: response.status, url, body: parsed };
    if (location) answer.location = new URL(location, url);
    return answer;
  }

  /** GETs `start` and follows redirects until the redirect URI (the code) or a JSON page. */
  async follow(start: URL, redirectUri: string): Promise<FollowResult> {
    let url = start;
    for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
      if (isRedirectUri(url, redirectUri)) return { kind: 'callback', url };
      const answer = await this.request('GET', url);
      if (answer.status >= 300 && answer.status < 400 && answer.location) { url = answer.location; continue; }
      return { kind: 'page', url, body: expectJson(answer) };
    }
    throw new IdentityError('idp-protocol', `more than ${MAX_REDIRECTS} redirects from the identity provider`);
  }
}

/** RFC 8252 §7.3: a loopback redirect URI matches whatever its port. */
export function isRedirectUri(url: URL, redirectUri: string): boolean {
  const expected = new URL(redirectUri);
  return url.protocol === expected.protocol && url.hostname === expected.hostname && url.pathname === expected.pathname;
}

/** The JSON object of a successful answer; the provider's refusal as an IdentityError otherwise. */
export function expectJson(answer: HttpAnswer): Record<string, unknown> {
  const body = answer.body;
  const obj = typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : undefined;
  if (answer.status >= 200 && answer.status < 300 && obj) return obj;
  const code = obj?.error;
  if (isIdentityErrorCode(code)) throw new IdentityError(code, `identity provider refused: ${code}`);
  if (answer.status >= 500) throw new IdentityError('idp-unreachable', `identity provider failed with HTTP ${answer.status}`);
  const described = obj ? `${String(obj.error)}: ${String(obj.error_description ?? '')}` : `HTTP ${answer.status}`;
  throw new IdentityError('idp-protocol', `unexpected answer from ${answer.url.pathname}: ${described}`);
}
