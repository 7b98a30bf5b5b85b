/**
 * Who is calling the hub: the access token an app got from the identity provider for this user's
 * session, checked by the provider's RFC 7662 introspection endpoint. oidc-provider's access
 * tokens are opaque, so introspection is how a resource server learns their client, subject,
 * scopes, expiry and the `hub.topic` the provider bound them to (docs/context.md).
 */
import type { Log } from '../core/ports/log.js';

export interface TokenGrant {
  clientId: string;
  subject: string;
  /** The session topic the provider bound the token to (claim `hub.topic`); absent = none. */
  topic?: string;
  scopes: string[];
  /** Wall-clock expiry, ms since the epoch. */
  expiresAtMs: number;
}

export interface TokenVerifier {
  /** Resolves undefined for a token that is unknown, revoked or expired. */
  verify(token: string): Promise<TokenGrant | undefined>;
}

export interface IntrospectionOptions {
  introspectionEndpoint: string;
  clientId: string;
  clientSecret: string;
  log: Log;
  /** Per-request limit; a provider that does not answer counts as "not verified". */
  timeoutMs?: number;
}

export function introspectionVerifier(opts: IntrospectionOptions): TokenVerifier {
  const auth = `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64')}`;
  return {
    async verify(token) {
      let body: Record<string, unknown>;
      try {
        const res = await fetch(opts.introspectionEndpoint, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
        });
        if (!res.ok) { opts.log.warn('token introspection failed', { status: res.status }); return undefined; }
        body = await res.json() as Record<string, unknown>;
      } catch (err) {
        opts.log.warn('token introspection failed', { error: String(err) });
        return undefined;
      }
      if (body.active !== true || typeof body.client_id !== 'string' || typeof body.sub !== 'string' || typeof body.exp !== 'number') return undefined;
      if (body.token_type !== undefined && body.token_type !== 'Bearer') return undefined;
      const topic = body['hub.topic'];
      return {
        clientId: body.client_id, subject: body.sub,
        scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
        expiresAtMs: body.exp * 1000,
        ...(typeof topic === 'string' ? { topic } : {}),
      };
    },
  };
}
