/**
 * Verifies an OpenID Connect Back-Channel Logout token (JWT signed by the provider) for one client:
 * signature against the provider's JWKS, issuer, audience, the logout event, no nonce, a subject or
 * session, and single use.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface LogoutTarget {
  sub?: string;
  sid?: string;
}

export class LogoutTokenVerifier {
  readonly #jwks: ReturnType<typeof createRemoteJWKSet>;
  readonly #seen = new Map<string, number>();

  constructor(private readonly issuer: string, jwksUri: string, private readonly clientId: string) {
    this.#jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5000 });
  }

  async verify(token: string): Promise<LogoutTarget> {
    const { payload } = await jwtVerify(token, this.#jwks, { issuer: this.issuer, audience: this.clientId, typ: 'logout+jwt', maxTokenAge: '5m' });
    checkClaims(payload);
    const jti = typeof payload.jti === 'string' ? payload.jti : '';
    if (!jti || this.#seen.has(jti)) throw new Error('logout token replayed or without jti');
    const now = Date.now();
    for (const [id, at] of this.#seen) if (now - at > 10 * 60_000) this.#seen.delete(id);
    this.#seen.set(jti, now);
    const target: LogoutTarget = {};
    if (typeof payload.sub === 'string') target.sub = payload.sub;
    if (typeof payload.sid === 'string') target.sid = payload.sid;
    return target;
  }
}

function checkClaims(payload: JWTPayload): void {
  const events = payload.events as Record<string, unknown> | undefined;
  if (typeof events !== 'object' || events === null || !(LOGOUT_EVENT in events)) throw new Error('not a back-channel logout token');
  if ('nonce' in payload) throw new Error('logout token must not carry a nonce');
  if (typeof payload.sub !== 'string' && typeof payload.sid !== 'string') throw new Error('logout token names neither subject nor session');
}
