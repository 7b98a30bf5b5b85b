/**
 * The person and their roles from a standard provider's ID token, through the claim names policy
 * gives (CIS2 names by default). Roles may be CIS2 role objects or plain role codes (Keycloak
 * realm roles, Entra ID app roles, LemonLDAP::NG groups).
 */
import { IdentityError } from '../identity-error.js';
import { rolesFromClaims } from '../claims-reader.js';
import type { RoleOption, SignedInUser } from '../types.js';

export interface ClaimsMapping { userId: string; name: string; roles: string }

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function mappedUser(claims: Record<string, unknown>, mapping: ClaimsMapping): SignedInUser {
  const userId = str(claims[mapping.userId]);
  const name = str(claims[mapping.name]);
  if (!userId) throw new IdentityError('idp-protocol', `ID token lacks the user ID claim ${mapping.userId}`);
  if (!name) throw new IdentityError('idp-protocol', `ID token lacks the name claim ${mapping.name}`);
  return { userId, name };
}

export function mappedRoles(claims: Record<string, unknown>, mapping: ClaimsMapping): RoleOption[] {
  const value = claims[mapping.roles];
  if (value === undefined) return [];
  // One role may arrive as a bare string (a single-valued attribute).
  const list = typeof value === 'string' ? value.split(/[;,]\s*|\s+/).filter(Boolean) : value;
  if (!Array.isArray(list)) throw new IdentityError('idp-protocol', `the roles claim ${mapping.roles} is not a list`);
  if (list.every((r) => typeof r === 'string')) {
    return [...new Set(list as string[])].map((code) => ({ roleId: code, roleCode: code, roleName: code, orgCode: '', orgName: '' }));
  }
  return rolesFromClaims({ ...claims, nhsid_nrbac_roles: list });
}
