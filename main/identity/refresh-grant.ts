/**
 * One token refresh for a signed-in session, the same for every provider profile: no refresh token
 * or a session already ended is refused; a refresh that comes back after the person signed out is
 * revoked at once, not kept. The caller checks the refreshed ID token names the same person.
 */
import * as oidc from 'openid-client';
import { IdentityError } from './identity-error.js';
import { fromOidcError } from './oidc-errors.js';
import { revokeTokens } from './revoke-tokens.js';

export type Tokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/** `ended`: read again after the grant (the person may sign out while it is in flight). */
export async function refreshGrant(config: oidc.Configuration, current: Tokens, ended: () => boolean): Promise<Tokens> {
  const refreshToken = current.refresh_token;
  if (ended() || !refreshToken) throw new IdentityError('refresh-failed', 'no refresh token (signed out or never issued)');
  let tokens: Tokens;
  try {
    tokens = await oidc.refreshTokenGrant(config, refreshToken);
  } catch (err) {
    throw fromOidcError(err, 'token refresh', 'refresh-failed');
  }
  if (ended()) {
    if (config.serverMetadata().revocation_endpoint) await revokeTokens(config, tokens);
    throw new IdentityError('signed-out', 'signed out during a token refresh');
  }
  // A provider that does not rotate refresh tokens keeps the one it gave (set in place: the
  // response's claims() helper stays with it).
  (tokens as { refresh_token?: string }).refresh_token ??= refreshToken;
  return tokens;
}
