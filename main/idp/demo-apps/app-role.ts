/**
 * The role a demo app serves a person in, from their ID token: CIS2's role objects and the role
 * the person selected (the reference provider; without a selection, the first role the app
 * serves), or, from a provider without role selection
 * (LemonLDAP::NG groups, Keycloak realm roles), plain role codes of which the app takes the first
 * it serves. `undefined` when the person has no role this app serves.
 */
export interface AppRole {
  roleCode: string;
  roleName: string;
  orgName: string;
}

type Claims = Record<string, unknown>;

function cis2Role(claims: Claims, roleCodes: readonly string[] | undefined): AppRole | undefined {
  const roles = claims.nhsid_nrbac_roles as Claims[];
  // No role selected at the provider (a session begun by certificate or key at a standard
  // provider): the first role this app serves, as with plain role codes.
  const selected = claims.selected_roleid === undefined
    ? roles.find((r) => !roleCodes || roleCodes.includes(String(r.role_code))) ?? roles[0]
    : roles.find((r) => r.person_roleid === claims.selected_roleid);
  if (!selected) return undefined;
  const orgs = Array.isArray(claims.nhsid_user_orgs) ? claims.nhsid_user_orgs as Claims[] : [];
  return {
    roleCode: String(selected.role_code ?? ''),
    roleName: String(selected.role_name ?? 'no role'),
    orgName: String(orgs.find((o) => o.org_code === selected.org_code)?.org_name ?? selected.org_code ?? ''),
  };
}

/** A multi-valued attribute may come as a list or as one string ("R8000; R8003"). */
function plainCodes(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[;,]\s*|\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `roleCodes`: the codes the app serves (absent: every role). The role is refused when `refused`. */
export function appRoleOf(claims: Claims, roleCodes: readonly string[] | undefined): { role: AppRole | undefined; refused: boolean } {
  if (Array.isArray(claims.nhsid_nrbac_roles)) {
    const role = cis2Role(claims, roleCodes);
    return { role, refused: !role || (roleCodes !== undefined && !roleCodes.includes(role.roleCode)) };
  }
  const codes = plainCodes(claims.roles);
  const code = codes.find((c) => !roleCodes || roleCodes.includes(c));
  if (code === undefined) return { role: codes[0] ? { roleCode: codes[0], roleName: codes[0], orgName: '' } : undefined, refused: true };
  return { role: { roleCode: code, roleName: code, orgName: '' }, refused: false };
}
