/** Revokes a session's refresh and access tokens at the provider (RFC 7009), refresh token first so
 * no new access token can be minted meanwhile. One routine for every profile's logout, and for
 * tokens a refresh brought back after the session was signed out. Resolves the failures, in order. */
import * as oidc from 'openid-client';
import type { IdentityError } from './identity-error.js';
import { fromOidcError } from './oidc-errors.js';

export async function revokeTokens(config: oidc.Configuration, tokens: { refresh_token?: string | undefined; access_token?: string | undefined }): Promise<IdentityError[]> {
  const failures: IdentityError[] = [];
  for (const [token, hint] of [[tokens.refresh_token, 'refresh_token'], [tokens.access_token, 'access_token']] as const) {
    if (!token) continue;
    try {
      await oidc.tokenRevocation(config, token, { token_type_hint: hint });
    } catch (err) {
      failures.push(fromOidcError(err, `revoking the ${hint}`));
    }
  }
  return failures;
}
