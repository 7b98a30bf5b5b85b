/**
 * A short-lived access token for enrolling or removing security keys, asked for when that starts:
 * a silent authorization request (`prompt=none`) within the shell's own provider session, with the
 * enrolment scope and `max_age`, so the provider issues it only while the card sign-in is recent.
 * The shell's everyday token never carries the scope, and this one is never refreshed; the
 * provider spends it when the enrolment or removal is done. (It is not revoked by the shell:
 * revoking any token revokes its whole grant, the shell's everyday tokens included.)
 */
import * as oidc from 'openid-client';
import { IdentityError } from './identity-error.js';
import { fromOidcError } from './oidc-errors.js';
import type { ProviderHttp } from './provider-http.js';

/** The provider's enrolment scope (main/idp/fido/enrolment-policy.ts says the same). */
export const ENROLMENT_SCOPE = 'lanyard_fido_enrolment';
/** How recent the card sign-in must be; the provider applies its own limit too. */
export const ENROLMENT_MAX_AGE_S = 300;

/** Resolves the access token; rejects with 'reauth-required' when the card sign-in is too old. */
export async function requestEnrolmentToken(config: oidc.Configuration, http: ProviderHttp, redirectUri: string): Promise<string> {
  const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce(), maxAge: ENROLMENT_MAX_AGE_S };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: `openid ${ENROLMENT_SCOPE}`,
    code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    prompt: 'none',
    max_age: String(ENROLMENT_MAX_AGE_S),
  });
  const answer = await http.follow(url, redirectUri);
  if (answer.kind !== 'callback') throw new IdentityError('idp-protocol', 'silent enrolment authorization asked for a page');
  const error = answer.url.searchParams.get('error');
  // The card sign-in is too old (or the session is gone): the person must tap in again.
  if (error === 'login_required' || error === 'interaction_required') throw new IdentityError('reauth-required', `enrolment authorization: ${error}`);
  // This provider issues the enrolment scope to no one, or not to this client.
  if (error === 'invalid_scope') throw new IdentityError('enrolment-not-allowed', 'enrolment authorization: invalid_scope');
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(config, answer.url, { ...checks, idTokenExpected: true });
  } catch (err) {
    throw fromOidcError(err, 'redeeming the enrolment authorization code');
  }
  http.requests++;
  return tokens.access_token;
}
