/**
 * Reads the person and their roles out of ID token claims (CIS2 names). Tolerant of extra fields,
 * strict about the ones Lanyard relies on.
 */
import { IdentityError } from './identity-error.js';
import type { RoleOption, SignedInUser } from './types.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function userFromClaims(claims: Record<string, unknown>): SignedInUser {
  const userId = str(claims.nhsid_useruid) ?? str(claims.sub);
  const name = str(claims.name);
  if (!userId || !name) throw new IdentityError('idp-protocol', 'ID token lacks the user ID or name');
  return { userId, name };
}

export function rolesFromClaims(claims: Record<string, unknown>): RoleOption[] {
  const orgNames = new Map<string, string>();
  if (Array.isArray(claims.nhsid_user_orgs)) {
    for (const o of claims.nhsid_user_orgs as unknown[]) {
      const org = o as Record<string, unknown>;
      const code = str(org.org_code); const name = str(org.org_name);
      if (code && name) orgNames.set(code, name);
    }
  }
  if (!Array.isArray(claims.nhsid_nrbac_roles)) return [];
  const roles: RoleOption[] = [];
  for (const r of claims.nhsid_nrbac_roles as unknown[]) {
    const role = r as Record<string, unknown>;
    const roleId = str(role.person_roleid); const roleCode = str(role.role_code);
    const roleName = str(role.role_name); const orgCode = str(role.org_code);
    if (!roleId || !roleCode || !roleName || !orgCode) throw new IdentityError('idp-protocol', 'a role in nhsid_nrbac_roles is incomplete');
    roles.push({ roleId, roleCode, roleName, orgCode, orgName: orgNames.get(orgCode) ?? orgCode });
  }
  return roles;
}

/** The role the token says was selected; it must be one of the person's roles. */
export function selectedRole(claims: Record<string, unknown>): RoleOption {
  const id = str(claims.selected_roleid);
  const role = rolesFromClaims(claims).find((r) => r.roleId === id);
  if (!role) throw new IdentityError('idp-protocol', `selected_roleid ${String(id)} is not among the person's roles`);
  return role;
}

export function parseRoleOptions(value: unknown): RoleOption[] {
  if (!Array.isArray(value)) throw new IdentityError('idp-protocol', 'role list missing');
  return value.map((v) => {
    const r = v as Record<string, unknown>;
    const roleId = str(r.roleId); const roleCode = str(r.roleCode); const roleName = str(r.roleName);
    const orgCode = str(r.orgCode); const orgName = str(r.orgName);
    if (!roleId || !roleCode || !roleName || !orgCode || !orgName) throw new IdentityError('idp-protocol', 'role option incomplete');
    return { roleId, roleCode, roleName, orgCode, orgName };
  });
}
