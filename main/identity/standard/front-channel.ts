/**
 * The standard flow's walk from the authorization URL to the redirect URI: requests to the
 * certificate host go over the card's TLS client, others over the provider fetch; one cookie jar
 * for both. A provider page that waits for a person (a login form, a "continue as" page) ends the
 * walk with an error: the card was not accepted by itself.
 */
import type { Log } from '../../core/ports/log.js';
import { CookieJar } from '../cookie-jar.js';
import { IdentityError } from '../identity-error.js';
import { isRedirectUri, nodeFetch, transportError, type ProviderFetch } from '../provider-http.js';
import type { CardTlsClient } from './card-tls.js';

const MAX_HOPS = 15;

export interface WalkOptions {
  certificateHost: string;
  redirectUri: string;
  timeoutMs: number;
  fetch?: ProviderFetch;
  log: Log;
}

interface Answer { status: number; location?: string; body: string; contentType: string }

export class FrontChannel {
  readonly jar = new CookieJar();
  /** Requests made over the card's TLS client (0 means the certificate endpoint was never reached). */
  cardRequests = 0;

  constructor(private readonly card: CardTlsClient, private readonly opts: WalkOptions) {}

  async #get(url: URL): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml' };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (url.host === this.opts.certificateHost) {
      this.cardRequests++;
      const r = await this.card.request('GET', url, headers, undefined, this.opts.timeoutMs);
      this.jar.store(url, r.setCookie);
      const get = (n: string): string | undefined => r.headers.find(([k]) => k === n)?.[1];
      const location = get('location');
      return { status: r.status, body: r.body, contentType: get('content-type') ?? '', ...(location ? { location } : {}) };
    }
    let response: Response;
    try {
      response = await (this.opts.fetch ?? nodeFetch)(url.href, { method: 'GET', headers, body: undefined, redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      throw transportError(err, `GET ${url.pathname}`);
    }
    this.jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '', ...(location ? { location } : {}) };
  }

  /** Follows redirects from `start` until the redirect URI; resolves that URL (code or error). */
  async walk(start: URL): Promise<URL> {
    let url = start;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (isRedirectUri(url, this.opts.redirectUri)) return url;
      const answer = await this.#get(url);
      this.opts.log.debug('standard provider answered', { host: url.host, path: url.pathname, status: answer.status });
      if (answer.status >= 300 && answer.status < 400 && answer.location) { url = new URL(answer.location, url); continue; }
      if (answer.status >= 500) throw new IdentityError('idp-unreachable', `identity provider failed with HTTP ${answer.status} at ${url.pathname}`);
      if (this.cardRequests === 0) throw new IdentityError('idp-protocol', `the sign-in never reached the certificate endpoint ${this.opts.certificateHost} (stopped at ${url.host}${url.pathname}, HTTP ${answer.status})`);
      if (answer.status === 401 || answer.status === 403) throw new IdentityError('certificate-refused', `the certificate endpoint refused the card (HTTP ${answer.status} at ${url.pathname})`);
      throw new IdentityError('certificate-refused', `the provider showed a page at ${url.host}${url.pathname} (HTTP ${answer.status}) instead of accepting the card`);
    }
    throw new IdentityError('idp-protocol', `more than ${MAX_HOPS} redirects from the identity provider`);
  }
}
