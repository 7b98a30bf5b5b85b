/**
 * The end of a standard sign-in, whatever proved the person (the card at the certificate endpoint,
 * or a key on the provider's page): the code redeemed, the claims read through policy's mapping,
 * and the role choice the station offers. A sign-in aborted after the provider made its session
 * still redeems the code, so that session is ended and the tokens revoked, not left alive.
 */
import * as oidc from 'openid-client';
import type { Log } from '../../core/ports/log.js';
import type { CookieJar } from '../cookie-jar.js';
import { IdentityError, type IdentityErrorCode } from '../identity-error.js';
import { fromOidcError } from '../oidc-errors.js';
import type { ProviderFetch } from '../provider-http.js';
import type { RoleChoice } from '../types.js';
import { mappedRoles, mappedUser, type ClaimsMapping } from './claims-mapping.js';
import { StandardSignedInSession } from './standard-session.js';

export interface AuthorizationChecks { pkceCodeVerifier: string; expectedState: string; expectedNonce: string }

export interface Redemption {
  config: oidc.Configuration;
  checks: AuthorizationChecks;
  callback: URL;
  /** The provider session the walk left (its cookies, for the user's partition and logout). */
  jar: CookieJar;
  /** The code a refused redemption is reported with (the provider did not accept the proof). */
  refused: IdentityErrorCode;
  /** How the person was proven, for the log. */
  method: string;
  claims: ClaimsMapping;
  origins: string[];
  log: Log;
  fetch?: ProviderFetch;
  signal?: AbortSignal;
}

/** The role of a session made only to be ended. */
const NO_ROLE = { roleId: '', roleCode: '', roleName: '', orgCode: '', orgName: '' };

export async function redeemToRoleChoice(r: Redemption): Promise<RoleChoice> {
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(r.config, r.callback, { ...r.checks, idTokenExpected: true });
  } catch (err) {
    r.signal?.throwIfAborted();
    throw fromOidcError(err, 'redeeming the authorization code', r.refused);
  }
  const claims: Record<string, unknown> = tokens.claims() ?? {};
  const sessionAs = (user: { userId: string; name: string }, role: typeof NO_ROLE): StandardSignedInSession =>
    new StandardSignedInSession(r.config, tokens, user, role, r.jar, r.origins, r.log, r.fetch);
  if (r.signal?.aborted) {
    await sessionAs({ userId: String(claims.sub ?? ''), name: '' }, NO_ROLE).logout()
      .catch((err: unknown) => { r.log.warn('could not end the provider session of an aborted sign-in', { error: String(err) }); });
    r.signal.throwIfAborted();
  }
  const user = mappedUser(claims, r.claims);
  const roles = mappedRoles(claims, r.claims);
  if (!roles.length) {
    await sessionAs(user, NO_ROLE).logout().catch((err: unknown) => { r.log.warn('could not end the provider session of a sign-in without roles', { error: String(err) }); });
    throw new IdentityError('no-roles', `the ID token's ${r.claims.roles} claim names no role`);
  }
  r.log.info(`signed in by ${r.method}`, { userId: user.userId, roles: roles.length });
  let chosen: StandardSignedInSession | undefined;
  let abandoned = false;
  return {
    user, roles,
    choose: (roleId) => {
      const role = roles.find((x) => x.roleId === roleId);
      if (!role) return Promise.reject(new IdentityError('unknown-role', `role ${roleId} is not offered`));
      if (abandoned || chosen) return Promise.reject(new IdentityError('idp-protocol', 'a role was already chosen for this sign-in'));
      chosen = sessionAs(user, role);
      return Promise.resolve(chosen);
    },
    // Tokens were redeemed before the role: abandoning revokes them and ends the provider session.
    abandon: async () => {
      abandoned = true;
      chosen ??= sessionAs(user, roles[0]!);
      await chosen.logout();
    },
  };
}
