/**
 * Where each machine-policy setting lives in the Windows registry when Group Policy sets it: one
 * value per setting under HKLM\SOFTWARE\Policies\Lanyard, derived from the policy schema
 * (main/core/policy/schema.ts) so the ADMX template (scripts/admx.ts), the registry reader
 * (main/policy/windows-registry.ts) and docs/deployment.md cannot drift apart.
 *   value name   PascalCase of the setting's path (identityProvider is "Idp": IdpIssuer, IdpClientId)
 *   boolean      REG_DWORD 1 / 0
 *   integer      REG_DWORD, with the schema's range
 *   enum         REG_SZ, one of the schema's values
 *   string       REG_SZ
 *   list         REG_MULTI_SZ: a list of certificates holds PEM text (the lines of every
 *                certificate); a list of objects (apps) holds JSON (its lines joined); any other
 *                list holds one item per line
 * `version` is fixed (1) and `$schema` is an editor hint: neither is a setting.
 */
import { policySchema } from '../core/policy/schema.js';

export type SettingKind = 'boolean' | 'integer' | 'enum' | 'string' | 'pem-list' | 'string-list' | 'json-list';

export interface RegistrySetting {
  /** Dotted path in the policy document, e.g. session.idleTimeoutSeconds. */
  path: string;
  valueName: string;
  kind: SettingKind;
  registryType: 'REG_DWORD' | 'REG_SZ' | 'REG_MULTI_SZ';
  required: boolean;
  default?: boolean | number | string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  values?: readonly string[];
}

interface SchemaNode {
  type?: string;
  enum?: readonly string[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  required?: readonly string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

const NOT_SETTINGS = new Set(['$schema', 'version']);
const SECTION_NAMES: Record<string, string> = { identityProvider: 'Idp' };

const pascal = (segment: string): string => SECTION_NAMES[segment] ?? segment.charAt(0).toUpperCase() + segment.slice(1);

function settingOf(path: string[], node: SchemaNode, required: boolean): RegistrySetting {
  const base = { path: path.join('.'), valueName: path.map(pascal).join(''), required };
  const limits = {
    ...(node.minimum !== undefined ? { minimum: node.minimum } : {}),
    ...(node.maximum !== undefined ? { maximum: node.maximum } : {}),
    ...(node.minLength !== undefined ? { minLength: node.minLength } : {}),
    ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}),
    ...(node.pattern !== undefined ? { pattern: node.pattern } : {}),
    ...(node.default !== undefined ? { default: node.default as boolean | number | string } : {}),
  };
  if (node.enum) return { ...base, ...limits, kind: 'enum', registryType: 'REG_SZ', values: node.enum };
  switch (node.type) {
    case 'boolean': return { ...base, ...limits, kind: 'boolean', registryType: 'REG_DWORD' };
    case 'integer': return { ...base, ...limits, kind: 'integer', registryType: 'REG_DWORD' };
    case 'string': return { ...base, ...limits, kind: 'string', registryType: 'REG_SZ' };
    case 'array': {
      const kind = node.items?.type === 'object' ? 'json-list'
        : node.items?.pattern?.includes('BEGIN CERTIFICATE') ? 'pem-list' : 'string-list';
      return { ...base, ...(node.default !== undefined ? { default: JSON.stringify(node.default) } : {}), kind, registryType: 'REG_MULTI_SZ' };
    }
    default: throw new Error(`policy schema: ${base.path} has a type the registry layout does not know (${String(node.type)})`);
  }
}

function walk(node: SchemaNode, path: string[], parentRequired: boolean): RegistrySetting[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
    if (path.length === 0 && NOT_SETTINGS.has(name)) return [];
    const required = parentRequired && (node.required ?? []).includes(name);
    return child.type === 'object' && child.properties ? walk(child, [...path, name], required) : [settingOf([...path, name], child, required)];
  });
}

/** Every setting of the policy schema, in schema order. */
export const REGISTRY_SETTINGS: readonly RegistrySetting[] = walk(policySchema as unknown as SchemaNode, [], true);

/** The schema's sections (top-level objects and lists), in order: the ADMX categories. */
export function sectionOf(setting: RegistrySetting): string {
  const parts = setting.path.split('.');
  return parts.length > 2 ? parts.slice(0, -1).join('.') : parts[0]!;
}
