/**
 * A browser-like walk through the reference provider's standard-profile sign-in for tests: an
 * authorization request (PKCE), redirects followed with one cookie jar, requests to the certauth
 * listener made with a software client certificate (or none), the code redeemed.
 */
import { request } from 'node:https';
import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from '../../../main/identity/cookie-jar.js';

export interface Hop { url: URL; status: number; location?: string; body: string; headers: Record<string, string> }
export interface ClientTls { cert?: string; key?: string; ca: string }

export const REDIRECT_URI = 'http://127.0.0.1/callback';

export class StandardWalk {
  readonly jar = new CookieJar();
  readonly verifier = randomBytes(32).toString('base64url');

  constructor(private readonly issuer: string, private readonly clientId: string, private readonly tls: ClientTls) {}

  authorizationUrl(params: Record<string, string> = {}): URL {
    const q = new URLSearchParams({
      client_id: this.clientId, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile nhsperson nationalrbacaccess selectedrole',
      code_challenge: createHash('sha256').update(this.verifier).digest('base64url'), code_challenge_method: 'S256',
      state: 'test-state', nonce: 'test-nonce', prompt: 'login', ...params,
    });
    return new URL(`${this.issuer}/auth?${q}`);
  }

  async get(url: URL, init: { method?: string; body?: string; accept?: string } = {}): Promise<Hop> {
    const headers: Record<string, string> = { accept: init.accept ?? 'text/html' };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (url.protocol === 'https:') return this.#https(url, headers, init);
    const r = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body ?? null, redirect: 'manual' });
    this.jar.store(url, r.headers.getSetCookie());
    const location = r.headers.get('location');
    return { url, status: r.status, body: await r.text(), headers: Object.fromEntries(r.headers.entries()), ...(location ? { location } : {}) };
  }

  #https(url: URL, headers: Record<string, string>, init: { method?: string; body?: string }): Promise<Hop> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', headers, ca: this.tls.ca, ...(this.tls.cert ? { cert: this.tls.cert, key: this.tls.key } : {}), agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie'] ?? [];
          this.jar.store(url, set);
          const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
          resolve({ url, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: flat, ...(res.headers.location ? { location: res.headers.location } : {}) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  /** Follows redirects from `start`; resolves the callback URL, or the page the walk stopped at. */
  async walk(start: URL): Promise<{ callback?: URL; stopped?: Hop; hops: Hop[] }> {
    const hops: Hop[] = [];
    let url = start;
    for (let i = 0; i < 15; i++) {
      if (url.href.startsWith(`${REDIRECT_URI}?`)) return { callback: url, hops };
      const hop = await this.get(url);
      hops.push(hop);
      if (hop.status >= 300 && hop.status < 400 && hop.location) { url = new URL(hop.location, url); continue; }
      return { stopped: hop, hops };
    }
    throw new Error('too many redirects');
  }

  /** Redeems the code; resolves the ID token's claims. */
  async redeem(callback: URL): Promise<Record<string, unknown>> {
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`no code in ${callback.search}`);
    const r = await fetch(`${this.issuer}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: this.clientId, code_verifier: this.verifier }),
    });
    const json = await r.json() as { id_token?: string; error?: string };
    if (!json.id_token) throw new Error(`token endpoint: ${JSON.stringify(json)}`);
    return JSON.parse(Buffer.from(json.id_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  }
}

/** PEM of a PKCS#8 private key (card-pki issues keys as DER). */
export function pkcs8Pem(der: Uint8Array): string {
  return `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}
