/**
 * The identity provider's user directory: people, their 12-digit user IDs and role profiles.
 * Loaded from JSON (format in docs/identity.md) and validated strictly: a bad directory stops the
 * provider with a message naming the entry, it is never half-loaded.
 */
import { readFile } from 'node:fs/promises';

export interface Organisation {
  code: string;
  name: string;
}

export interface RoleProfile {
  /** person_roleid: unique per person and role. */
  roleId: string;
  orgCode: string;
  /** NRBAC role code, e.g. R8000. */
  roleCode: string;
  roleName: string;
  /** person_orgid; defaults to `<userId>-<orgCode>`. */
  personOrgId?: string;
}

export interface DirectoryUser {
  /** 12-digit NHS user ID (UUID), as in the card certificate's serialNumber attribute. */
  userId: string;
  name: string;
  roles: RoleProfile[];
}

export interface Directory {
  organisations: Organisation[];
  users: DirectoryUser[];
}

export class DirectoryError extends Error {
  readonly code = 'invalid-directory';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryError';
  }
}

const USER_ID = /^\d{12}$/;

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new DirectoryError(`${where} must be a non-empty string`);
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new DirectoryError(`${where} must be an array`);
  return value;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DirectoryError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

/** Validates an already-parsed JSON value and returns a typed directory. */
export function parseDirectory(value: unknown): Directory {
  const root = record(value, 'directory');
  const organisations = list(root.organisations, 'organisations').map((o, i) => {
    const org = record(o, `organisations[${i}]`);
    return { code: text(org.code, `organisations[${i}].code`), name: text(org.name, `organisations[${i}].name`) };
  });
  const orgCodes = new Set(organisations.map((o) => o.code));
  const userIds = new Set<string>();
  const roleIds = new Set<string>();
  const users = list(root.users, 'users').map((u, i) => {
    const where = `users[${i}]`;
    const user = record(u, where);
    const userId = text(user.userId, `${where}.userId`);
    if (!USER_ID.test(userId)) throw new DirectoryError(`${where}.userId must be 12 digits`);
    if (userIds.has(userId)) throw new DirectoryError(`${where}.userId ${userId} appears twice`);
    userIds.add(userId);
    const roles = list(user.roles ?? [], `${where}.roles`).map((r, j) => {
      const rw = `${where}.roles[${j}]`;
      const role = record(r, rw);
      const roleId = text(role.roleId, `${rw}.roleId`);
      if (roleIds.has(roleId)) throw new DirectoryError(`${rw}.roleId ${roleId} appears twice`);
      roleIds.add(roleId);
      const orgCode = text(role.orgCode, `${rw}.orgCode`);
      if (!orgCodes.has(orgCode)) throw new DirectoryError(`${rw}.orgCode ${orgCode} is not in organisations`);
      const profile: RoleProfile = {
        roleId, orgCode,
        roleCode: text(role.roleCode, `${rw}.roleCode`),
        roleName: text(role.roleName, `${rw}.roleName`),
      };
      if (role.personOrgId !== undefined) profile.personOrgId = text(role.personOrgId, `${rw}.personOrgId`);
      return profile;
    });
    return { userId, name: text(user.name, `${where}.name`), roles };
  });
  return { organisations, users };
}

export async function loadDirectory(file: string): Promise<Directory> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DirectoryError(`cannot read the user directory ${file}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new DirectoryError(`the user directory ${file} is not valid JSON`, { cause });
  }
  return parseDirectory(json);
}

/** Fast lookups over a validated directory. */
export class DirectoryIndex {
  readonly #users = new Map<string, DirectoryUser>();
  readonly #orgs = new Map<string, Organisation>();

  constructor(readonly directory: Directory) {
    for (const u of directory.users) this.#users.set(u.userId, u);
    for (const o of directory.organisations) this.#orgs.set(o.code, o);
  }

  user(userId: string): DirectoryUser | undefined {
    return this.#users.get(userId);
  }

  organisation(code: string): Organisation | undefined {
    return this.#orgs.get(code);
  }

  role(userId: string, roleId: string): RoleProfile | undefined {
    return this.#users.get(userId)?.roles.find((r) => r.roleId === roleId);
  }
}
