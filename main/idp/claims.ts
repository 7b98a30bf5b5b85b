/**
 * CIS2-style claims for a person acting in one role. Pure mapping from the directory; the provider
 * decides which role and how the person authenticated.
 */
import type { DirectoryIndex, DirectoryUser, RoleProfile } from './directory.js';

export interface NrbacRole {
  person_orgid: string;
  person_roleid: string;
  org_code: string;
  role_name: string;
  role_code: string;
}

export interface UserOrg {
  org_code: string;
  org_name: string;
}

export interface IdentityClaims {
  sub: string;
  name: string;
  nhsid_useruid: string;
  nhsid_nrbac_roles: NrbacRole[];
  nhsid_user_orgs: UserOrg[];
  selected_roleid?: string;
  authentication_assurance_level: string;
}

/** Which claims each scope releases (oidc-provider `claims` configuration). */
export const SCOPE_CLAIMS = {
  openid: ['sub', 'acr', 'amr', 'authentication_assurance_level'],
  profile: ['name'],
  nhsperson: ['nhsid_useruid'],
  nationalrbacaccess: ['nhsid_nrbac_roles'],
  associatedorgs: ['nhsid_user_orgs'],
  selectedrole: ['selected_roleid'],
} as const;

export const SMARTCARD_AMR = ['sc', 'pin'] as const;
export const FIDO_AMR = ['hwk', 'fpt'] as const;
/** CIS2's value for authentication at assurance level 3 by any method. */
export const ACR_AAL3 = 'AAL3_ANY';

/** Level 3 needs a hardware-held key plus something the person knows or is. */
export function assuranceLevel(amr: readonly string[] | undefined): string {
  const set = new Set(amr ?? []);
  const hardware = set.has('sc') || set.has('hwk');
  const second = set.has('pin') || set.has('fpt');
  return hardware && second ? '3' : '1';
}

export function toNrbacRole(user: DirectoryUser, role: RoleProfile): NrbacRole {
  return {
    person_orgid: role.personOrgId ?? `${user.userId}-${role.orgCode}`,
    person_roleid: role.roleId,
    org_code: role.orgCode,
    role_name: role.roleName,
    role_code: role.roleCode,
  };
}

export function buildClaims(index: DirectoryIndex, user: DirectoryUser, selected: RoleProfile | undefined, amr: readonly string[] | undefined): IdentityClaims {
  const orgCodes = [...new Set(user.roles.map((r) => r.orgCode))];
  const claims: IdentityClaims = {
    sub: user.userId,
    name: user.name,
    nhsid_useruid: user.userId,
    nhsid_nrbac_roles: user.roles.map((r) => toNrbacRole(user, r)),
    nhsid_user_orgs: orgCodes.map((code) => ({ org_code: code, org_name: index.organisation(code)?.name ?? code })),
    authentication_assurance_level: assuranceLevel(amr),
  };
  if (selected) claims.selected_roleid = selected.roleId;
  return claims;
}
